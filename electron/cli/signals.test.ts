import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../core/db/sqlite';
import { fileDigest } from '../core/testing/portfolio-files';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, runCli } from './cli';
import type { ListedSignal } from './signals';

const NOW = '2026-03-01T09:00:00.000Z';

function run(argv: string[], env: Record<string, string | undefined> = { FLIGHTDECK_NOW: NOW }) {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    now: () => new Date('2030-01-01T00:00:00Z'),
  });
  return { code, stdout, stderr };
}

function expectFailure(r: ReturnType<typeof run>, code: number, pattern: RegExp) {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^flightdeck: [^\n]+\n$/);
  expect(r.stderr).toMatch(pattern);
}

let dir: string;
let demo: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fd-cli-signals-'));
  demo = join(dir, 'demo.flightdeck');
  expect(run(['demo', '--db', demo, '--size', '300']).code).toBe(EXIT_OK);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('flightdeck signals', () => {
  it('prints the open signals as JSON, worst initiative first, as of FLIGHTDECK_NOW', () => {
    const r = run(['signals', '--db', demo, '--json']);
    expect(r.code).toBe(EXIT_OK);
    expect(r.stderr).toBe('');
    const rows = JSON.parse(r.stdout) as ListedSignal[];
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0]!).sort()).toEqual(
      [
        'initiativeId',
        'initiativeName',
        'message',
        'ruleId',
        'severity',
        'threshold',
        'value',
        'state',
        'firstSeen',
        'lastSeen',
        'snoozedUntil',
        'note',
      ].sort(),
    );
    const rules = new Set(rows.map((s) => s.ruleId));
    expect(rules).toContain('TIME_IN_PHASE');
    expect(rules).toContain('MISSING_OWNER');
    // Same as an explicit --as-of of that day.
    expect(run(['signals', '--db', demo, '--json', '--as-of', '2026-03-01']).stdout).toBe(r.stdout);
  });

  it('with --as-of in the past, sees the portfolio as it was then', () => {
    const now = JSON.parse(run(['signals', '--db', demo, '--json']).stdout) as ListedSignal[];
    const past = JSON.parse(run(['signals', '--db', demo, '--json', '--as-of', '2025-06-01']).stdout) as ListedSignal[];
    expect(past).not.toEqual(now);
    // Long ago, before any demo initiative was created, nothing was open.
    expect(JSON.parse(run(['signals', '--db', demo, '--json', '--as-of', '2000-01-01']).stdout)).toEqual([]);
  });

  it('prints an aligned table with a count line, and leaves the file untouched', () => {
    const before = fileDigest(demo);
    const r = run(['signals', '--db', demo]);
    expect(r.code).toBe(EXIT_OK);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^\s*ID\s+INITIATIVE\s+RULE\s+SEVERITY\s+STATE\s+FIRST SEEN\s+VALUE\s+THRESHOLD\s+MESSAGE$/,
    );
    expect(lines[lines.length - 1]).toMatch(/^\d+ open signals? on \d+ initiatives? as of 2026-03-01$/);
    // Every row's rule column starts where the header's does.
    const ruleAt = lines[0]!.indexOf('RULE');
    for (const l of lines.slice(1, -1)) expect(l.slice(ruleAt)).toMatch(/^[A-Z_]+ /);
    expect(fileDigest(demo)).toBe(before);
  });

  it.each([
    [['signals'], /--db FILE is required/],
    [['signals', '--db', 'x', '--as-of', '2026-02-30'], /--as-of must be a real date/],
    [['signals', '--db', 'x', '--as-of', 'yesterday'], /--as-of must be a real date/],
    [['signals', '--db', 'x', '--size', '3'], /--size does not apply to signals/],
    [['list', '--db', 'x', '--as-of', '2026-01-01'], /--as-of does not apply to list/],
  ])('usage errors exit 2: %j', (argv, pattern) => {
    expectFailure(run(argv), EXIT_USAGE, pattern);
  });

  it('prints each signal’s state; snoozed and resolved ones only with --all; uses the stored thresholds', () => {
    const file = join(dir, 'states.flightdeck');
    copyFileSync(demo, file);
    const [first, second] = JSON.parse(run(['signals', '--db', file, '--json']).stdout) as ListedSignal[];
    const db = openSqlite(file);
    const put = db.prepare(
      `INSERT INTO signal_states (initiative_id, rule_id, first_seen, last_seen, state, snoozed_until, note, updated_by, updated_at)
       VALUES (?, ?, '2026-02-01', '2026-02-20', ?, ?, '', 'Ada', '2026-02-20T09:00:00Z')`,
    );
    put.run(first!.initiativeId, first!.ruleId, 'acknowledged', null);
    put.run(second!.initiativeId, second!.ruleId, 'snoozed', '2026-04-01');
    db.close();

    const rows = JSON.parse(run(['signals', '--db', file, '--json']).stdout) as ListedSignal[];
    expect(rows.find((s) => s.initiativeId === first!.initiativeId && s.ruleId === first!.ruleId)).toMatchObject({
      state: 'acknowledged',
      firstSeen: '2026-02-01',
    });
    expect(rows.some((s) => s.initiativeId === second!.initiativeId && s.ruleId === second!.ruleId)).toBe(false);
    const all = JSON.parse(run(['signals', '--db', file, '--json', '--all']).stdout) as ListedSignal[];
    expect(all).toContainEqual(
      expect.objectContaining({ ruleId: second!.ruleId, state: 'snoozed', snoozedUntil: '2026-04-01' }),
    );

    const table = run(['signals', '--db', file, '--all']).stdout.split('\n');
    expect(table.find((l) => l.includes('acknowledged'))).toMatch(/acknowledged\s+2026-02-01/);
    expect(table.find((l) => l.includes('snoozed'))).toMatch(/snoozed→2026-04-01/);
    expect(table.at(-2)).toMatch(/\(and 1 snoozed or resolved\)/);

    // Thresholds stored by the app apply here too: a 2-day critical Strategy budget.
    expect(rows.some((s) => s.ruleId === 'TIME_IN_PHASE' && s.threshold === 2)).toBe(false);
    const w = openSqlite(file);
    w.prepare(`INSERT INTO settings (key, value) VALUES ('signals.thresholds', ?)`).run(
      JSON.stringify({ timeInPhase: { STRATEGY: { warnDays: 1, critDays: 2 } } }),
    );
    w.close();
    const after = JSON.parse(run(['signals', '--db', file, '--json']).stdout) as ListedSignal[];
    expect(after.some((s) => s.ruleId === 'TIME_IN_PHASE' && s.threshold === 2)).toBe(true);
  });

  it('bad files exit 3', () => {
    expectFailure(run(['signals', '--db', join(dir, 'missing.flightdeck')]), EXIT_BAD_INPUT, /file not found/);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello');
    expectFailure(run(['signals', '--db', text, '--json']), EXIT_BAD_INPUT, /notes\.txt/);
  });
});
