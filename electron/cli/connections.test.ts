import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/domain/connections/connection';
import { openPortfolio } from '../core/db/open';
import { MockApiServer, fixture } from '../core/testing/mockApiServer';
import { TempDirs } from '../core/testing/temp-dir';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, HELP, runCli } from './cli';
import type { SyncSummary } from './connections';

const KEY = 'sk-cli-KEY-3e8f0a12';

async function run(argv: string[], env: Record<string, string | undefined> = { LITELLM_KEY: KEY }) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    now: () => new Date('2026-11-21T12:00:00.000Z'),
  });
  return { code, stdout, stderr };
}

const temp = new TempDirs();
let api: MockApiServer;
let db: string;

beforeAll(async () => {
  api = await MockApiServer.start({ auth: { kind: 'bearer', secret: KEY } });
  api.json('GET', '/health/readiness', fixture('litellm-health-readiness.json'), { public: true });
  api.json('GET', '/user/daily/activity', fixture('litellm-user-daily-activity.json'));
  db = join(temp.make(), 'p.flightdeck');
  expect((await run(['demo', '--db', db, '--size', '3'])).code).toBe(EXIT_OK);
});
afterAll(async () => {
  await api.close();
  temp.cleanup();
});

function addArgs(name: string, extra: string[] = []) {
  return ['connections', 'add', '--db', db, '--kind', 'litellm', '--name', name, '--url', api.url, ...extra];
}

describe('flightdeck connections', () => {
  it('refuses a secret on the command line without echoing it', async () => {
    for (const flag of [['--secret', KEY], [`--secret=${KEY}`], ['--api-key', KEY]]) {
      const r = await run([...addArgs('X'), ...flag]);
      expect(r.code).toBe(EXIT_USAGE);
      expect(r.stderr).toMatch(/never go on the command line/);
      expect(r.stderr + r.stdout).not.toContain(KEY);
    }
  });

  it('refuses --secret-env naming an unset variable', async () => {
    const r = await run(addArgs('Gateway', ['--secret-env', 'NOPE_KEY']), {});
    expect(r).toMatchObject({ code: EXIT_BAD_INPUT, stdout: '' });
    expect(r.stderr).toMatch(/NOPE_KEY is not set/);
  });

  it('rejects a bad kind or address as usage errors', async () => {
    expect(
      (await run(['connections', 'add', '--db', db, '--kind', 'splunk', '--name', 'S', '--url', api.url])).code,
    ).toBe(EXIT_USAGE);
    const r = await run(['connections', 'add', '--db', db, '--kind', 'prometheus', '--name', 'P', '--url', 'ftp://x']);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr).toMatch(/--url/);
    expect((await run(['connections', 'frobnicate', '--db', db])).code).toBe(EXIT_USAGE);
    expect((await run(['sync', '--db', db])).code).toBe(EXIT_USAGE);
  });

  it('adds with --json, stores only the variable name, and lists it', async () => {
    const r = await run(addArgs('Gateway', ['--secret-env', 'LITELLM_KEY', '--interval', '300', '--json']));
    expect(r.code).toBe(EXIT_OK);
    const added = JSON.parse(r.stdout) as Connection;
    expect(added).toMatchObject({
      id: 1,
      name: 'Gateway',
      kind: 'litellm',
      authKind: 'bearer',
      hasSecret: true,
      secretSource: 'env:LITELLM_KEY',
      pollIntervalSec: 300,
      state: 'never',
    });
    const list = await run(['connections', 'list', '--db', db, '--json']);
    expect(list.code).toBe(EXIT_OK);
    expect((JSON.parse(list.stdout) as Connection[]).map((c) => c.name)).toEqual(['Gateway']);
    const text = await run(['connections', 'list', '--db', db]);
    expect(text.stdout).toMatch(/Gateway\s+litellm\s+never/);
    const bytes = [db, `${db}-wal`]
      .filter(existsSync)
      .map((p) => readFileSync(p).toString('latin1'))
      .join('');
    expect(bytes).toContain('env:LITELLM_KEY');
    expect(bytes).not.toContain(KEY);

    const dup = await run(addArgs('gateway', ['--secret-env', 'LITELLM_KEY']));
    expect(dup.code).toBe(EXIT_BAD_INPUT);
    expect(dup.stderr).toMatch(/already exists/);
  });

  it('test exits 0 with the version when reachable, 1 with the reason otherwise', async () => {
    const ok = await run(['connections', 'test', '--db', db, '--id', '1']);
    expect(ok.code).toBe(EXIT_OK);
    expect(ok.stdout).toMatch(/reachable.*1\.80\.0/);

    const bad = await run(['connections', 'test', '--db', db, '--id', '1'], { LITELLM_KEY: 'sk-wrong-0000' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^flightdeck: Gateway: Not authorised/);
    expect(bad.stderr).not.toContain('sk-wrong-0000');

    const json = await run(['connections', 'test', '--db', db, '--id', '1', '--json'], {});
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 1, ok: false, stage: 'no_secret' });

    expect((await run(['connections', 'test', '--db', db, '--id', '42'])).code).toBe(EXIT_BAD_INPUT);
    expect((await run(['connections', 'test', '--db', db])).code).toBe(EXIT_USAGE);
  });

  it('sync --once polls every connection, prints a summary, and exits 1 when one failed', async () => {
    const p = openPortfolio(db, { create: false });
    if (!p.ok) throw new Error(p.message);
    p.db
      .prepare(
        `INSERT INTO connection_bindings (initiative_id, connection_id, selector, created_at)
         VALUES ((SELECT min(id) FROM initiatives), 1, '{"model":"gpt-4o"}', '2026-11-21T00:00:00Z')`,
      )
      .run();
    p.db.close();

    const ok = await run(['sync', '--db', db, '--once', '--json']);
    expect(ok.code).toBe(EXIT_OK);
    const summary = JSON.parse(ok.stdout) as { ok: boolean; connections: SyncSummary[] };
    expect(summary.ok).toBe(true);
    expect(summary.connections[0]).toMatchObject({ name: 'Gateway', ok: true, error: null });
    expect(summary.connections[0]!.samples).toBeGreaterThan(0);

    api.fault('/user/daily/activity', { kind: 'status', status: 503 }, { times: 1 });
    const failed = await run(['sync', '--db', db, '--once']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/FAILED\s+Gateway: Server error/);
    expect(failed.stderr).toMatch(/^flightdeck: Gateway: /);
    const list = JSON.parse((await run(['connections', 'list', '--db', db, '--json'])).stdout) as Connection[];
    expect(list[0]).toMatchObject({ state: 'failing', lastError: { stage: 'server_error' } });
  });

  it("says so when a connection's secret is in the app's store, which the CLI cannot read", async () => {
    const p = openPortfolio(db, { create: false });
    if (!p.ok) throw new Error(p.message);
    const { lastInsertRowid } = p.db
      .prepare(
        `INSERT INTO connections (kind, name, base_url, auth_kind, secret_ref, timeout_ms, poll_interval_s, created_at,
           updated_at) VALUES ('litellm', 'App only', ?, 'bearer', 'store:abc', 5000, 600, 'x', 'x')`,
      )
      .run(api.url);
    p.db.close();
    const r = await run(['connections', 'test', '--db', db, '--id', String(lastInsertRowid)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^flightdeck: App only: Secret missing: .*command line cannot read/);
  });

  it('is in the help', () => {
    expect(HELP).toMatch(/connections add --db FILE --kind prometheus\|alertmanager\|litellm\|langfuse\|openrouter/);
    expect(HELP).toMatch(/sync --db FILE --once/);
  });
});
