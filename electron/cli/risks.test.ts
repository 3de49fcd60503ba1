import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, runCli } from './cli';
import type { ListedRisk } from './risks';

const NOW = '2026-03-01T09:00:00.000Z';

function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { FLIGHTDECK_NOW: NOW },
  });
  return { code, stdout, stderr };
}

let dir: string;
let demo: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fd-cli-risks-'));
  demo = join(dir, 'demo.flightdeck');
  expect(run(['demo', '--db', demo, '--size', '40']).code).toBe(EXIT_OK);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('flightdeck risks', () => {
  it('prints the open risks as JSON with scores and bands, worst residual first', () => {
    const r = run(['risks', '--db', demo, '--json']);
    expect(r.code).toBe(EXIT_OK);
    expect(r.stderr).toBe('');
    const rows = JSON.parse(r.stdout) as ListedRisk[];
    expect(rows.length).toBeGreaterThan(40);
    for (const x of rows) {
      expect(x.residual.score).toBe(x.residual.likelihood * x.residual.impact);
      expect(x.inherent.score).toBeGreaterThanOrEqual(x.residual.score);
      expect(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).toContain(x.residual.band);
      expect(x.status).not.toBe('CLOSED');
    }
    const scores = rows.map((x) => x.residual.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(rows.some((x) => x.initiativeId === null)).toBe(true);
    const all = JSON.parse(run(['risks', '--db', demo, '--json', '--all']).stdout) as ListedRisk[];
    expect(all.length).toBeGreaterThanOrEqual(rows.length);
  });

  it('narrows to one initiative, and prints an aligned table without --json', () => {
    const one = JSON.parse(run(['risks', '--db', demo, '--json', '--initiative', '3']).stdout) as ListedRisk[];
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((x) => x.initiativeId === 3)).toBe(true);
    const table = run(['risks', '--db', demo, '--initiative', '3']);
    expect(table.code).toBe(EXIT_OK);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^REF\s+INITIATIVE\s+TITLE\s+CATEGORY\s+INH\s+RES\s+BAND\s+STATUS\s+NEXT REVIEW\s+FLAGS$/);
    expect(lines.at(-1)).toBe(`${one.length} risk${one.length === 1 ? '' : 's'} as of 2026-03-01`);
  });

  it('refuses bad usage (2) and bad files or ids (3) with one line on stderr', () => {
    for (const [argv, code] of [
      [['risks', '--json'], EXIT_USAGE],
      [['risks', '--db', demo, '--initiative', 'x'], EXIT_USAGE],
      [['risks', '--db', demo, '--initiative', '0'], EXIT_USAGE],
      [['risks', '--db', demo, '--as-of', '2026-01-01'], EXIT_USAGE],
      [['risks', '--db', join(dir, 'missing.flightdeck')], EXIT_BAD_INPUT],
      [['risks', '--db', demo, '--initiative', '9999'], EXIT_BAD_INPUT],
    ] as const) {
      const r = run([...argv]);
      expect(r.code, argv.join(' ')).toBe(code);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^flightdeck: [^\n]+\n$/);
    }
  });
});
