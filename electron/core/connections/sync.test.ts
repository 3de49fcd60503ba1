import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionKind } from '../../../shared/domain/connections/connection';
import { getConnectionRecord, insertConnection, listConnectionRecords } from '../repositories/connections.repo';
import { MemorySecretStore } from '../testing/fakes';
import { createTestCore, type TestCore } from '../testing/test-core';
import { diagnoseConnection, mapBounded, pollConnection, resolveSecret, syncOnce, type SyncDeps } from './sync';
import { ConnectorError, type Connector, type PollContext, type PollResult } from './types';

const NOW = new Date('2026-11-21T12:00:00.000Z');
const TOKEN = 'tok-ENV-5c9d1a7b';

let t: TestCore;
let initiativeId: number;
let seen: PollContext[];
let poll: (ctx: PollContext) => Promise<PollResult>;

function connectors(): Record<ConnectionKind, Connector> {
  const c: Connector = {
    kind: 'litellm',
    test: (target) =>
      Promise.resolve(
        target.secret === TOKEN
          ? { ok: true, stage: 'ok', message: 'ok', version: '9.9', checks: [], elapsedMs: 1 }
          : { ok: false, stage: 'auth', message: `refused key ${String(target.secret)}`, checks: [], elapsedMs: 1 },
      ),
    poll: (ctx) => {
      seen.push(ctx);
      return poll(ctx);
    },
  };
  return { prometheus: c, alertmanager: c, litellm: c, langfuse: c, openrouter: c };
}

function deps(env: Record<string, string | undefined> = { LITELLM_KEY: TOKEN }): SyncDeps {
  return { secrets: new MemorySecretStore(), env, now: () => NOW, random: () => 0.5, connectors: connectors() };
}

function addConnection(name: string, secretRef: string | null, paused = false): number {
  const at = NOW.toISOString();
  const id = insertConnection(t.db(), {
    kind: 'litellm',
    name,
    base_url: 'http://127.0.0.1:4000',
    auth_kind: 'bearer',
    username: null,
    secret_ref: secretRef,
    timeout_ms: 5000,
    poll_interval_s: 600,
    created_at: at,
    updated_at: at,
  });
  if (paused) t.db().prepare('UPDATE connections SET paused = 1 WHERE id = ?').run(id);
  t.db()
    .prepare(
      `INSERT INTO connection_bindings (initiative_id, connection_id, selector, created_at) VALUES (?, ?, '{"team_id":"t1"}', ?)`,
    )
    .run(initiativeId, id, at);
  return id;
}

const samples = () => (t.db().prepare('SELECT count(*) AS n FROM metric_samples').get() as { n: number }).n;

beforeEach(async () => {
  t = createTestCore({ env: {} });
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'empty' });
  initiativeId = (await t.ok('initiative/create', { name: 'Invoice copilot' })).id;
  seen = [];
  const ts = Math.floor(NOW.getTime() / 1000) - 86_400;
  poll = () =>
    Promise.resolve({
      batches: [
        { initiativeId, metric: 'spend_usd', family: 'litellm', dims: { model: 'gpt-4o' }, points: [[ts, 12.5]] },
      ],
      version: '1.80.0',
      cursor: ts + 86_400,
    });
});
afterEach(() => t.dispose());

describe('pollConnection', () => {
  it('passes bindings, cursor and the env secret to the connector and stores what it returns', async () => {
    const id = addConnection('Gateway', 'env:LITELLM_KEY');
    const out = await pollConnection(t.db(), getConnectionRecord(t.db(), id)!, deps());
    expect(out).toMatchObject({ ok: true, series: 1, samples: 1, error: null });
    expect(out.tables).toContain('metric_samples');
    expect(seen[0]).toMatchObject({ since: null, bindings: [{ initiativeId, selector: { team_id: 't1' } }] });
    expect(seen[0]!.target.secret).toBe(TOKEN);
    expect(getConnectionRecord(t.db(), id)).toMatchObject({
      version: '1.80.0',
      cursor: Math.floor(NOW.getTime() / 1000),
    });
    expect(samples()).toBe(1);
  });

  it('an unset env variable fails at no_secret, naming the variable, without a request', async () => {
    const id = addConnection('Gateway', 'env:LITELLM_KEY');
    const out = await pollConnection(t.db(), getConnectionRecord(t.db(), id)!, deps({}));
    expect(out).toMatchObject({ ok: false, error: { stage: 'no_secret' } });
    expect(out.error!.message).toMatch(/LITELLM_KEY is not set/);
    expect(seen).toHaveLength(0);
  });

  it('scrubs the secret out of a failure message before storing it', async () => {
    const id = addConnection('Gateway', 'env:LITELLM_KEY');
    poll = (ctx) => Promise.reject(new ConnectorError('auth', `bad key ${String(ctx.target.secret)}`, 401));
    const out = await pollConnection(t.db(), getConnectionRecord(t.db(), id)!, deps());
    expect(out.error).toMatchObject({ stage: 'auth', httpStatus: 401 });
    expect(out.error!.message).not.toContain(TOKEN);
    expect(getConnectionRecord(t.db(), id)!.last_error_message).not.toContain(TOKEN);
  });

  it('invents nothing on failure: no samples, cursor unchanged, no zeros', async () => {
    const id = addConnection('Gateway', 'env:LITELLM_KEY');
    await pollConnection(t.db(), getConnectionRecord(t.db(), id)!, deps());
    const cursor = getConnectionRecord(t.db(), id)!.cursor;
    poll = () => Promise.reject(new Error('JSON at position 12'));
    const out = await pollConnection(t.db(), getConnectionRecord(t.db(), id)!, deps());
    expect(out.error).toMatchObject({ stage: 'shape' });
    expect(samples()).toBe(1);
    expect(getConnectionRecord(t.db(), id)).toMatchObject({ cursor, consecutive_failures: 1 });
    expect(t.db().prepare('SELECT count(*) AS n FROM metric_samples WHERE value = 0').get()).toEqual({ n: 0 });
  });

  it('discards the result of a connection deleted while its poll ran', async () => {
    const id = addConnection('Gateway', 'env:LITELLM_KEY');
    const r = getConnectionRecord(t.db(), id)!;
    poll = (ctx) => {
      t.db().prepare('DELETE FROM connections WHERE id = ?').run(id);
      return Promise.resolve({ batches: [], cursor: ctx.now });
    };
    expect(await pollConnection(t.db(), r, deps())).toMatchObject({ discarded: true, ok: false });
  });
});

describe('syncOnce', () => {
  it('polls every connection that is not paused and reports each', async () => {
    addConnection('A', 'env:LITELLM_KEY');
    addConnection('B', 'env:MISSING');
    addConnection('C', null, true);
    const out = await syncOnce(t.db(), deps());
    expect(out.map((o) => [o.name, o.ok, o.error?.stage ?? null])).toEqual([
      ['A', true, null],
      ['B', false, 'no_secret'],
    ]);
    expect(listConnectionRecords(t.db()).find((c) => c.name === 'C')!.last_ok_at).toBeNull();
  });

  it('mapBounded keeps order and never exceeds its limit', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((res) => setImmediate(res));
      active--;
      return n * 2;
    });
    expect(out).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(peak).toBe(3);
  });
});

describe('secrets and diagnosis', () => {
  it('resolves env and store references; an empty variable counts as unset', async () => {
    const store = new MemorySecretStore();
    const ref = await store.put('s3cret');
    expect(await resolveSecret(ref, { secrets: store, env: {} })).toBe('s3cret');
    expect(await resolveSecret('env:X', { secrets: store, env: { X: 'v' } })).toBe('v');
    expect(await resolveSecret('env:X', { secrets: store, env: { X: '' } })).toBeNull();
    expect(await resolveSecret(null, { secrets: store, env: {} })).toBeNull();
  });

  it('diagnoseConnection records the version, and a failure scrubbed of the secret', async () => {
    const id = addConnection('Gateway', 'env:LITELLM_KEY');
    expect(await diagnoseConnection(t.db(), getConnectionRecord(t.db(), id)!, deps())).toMatchObject({ ok: true });
    expect(getConnectionRecord(t.db(), id)!.version).toBe('9.9');
    const wrong = await diagnoseConnection(
      t.db(),
      getConnectionRecord(t.db(), id)!,
      deps({ LITELLM_KEY: 'wrong-key-123' }),
    );
    expect(wrong).toMatchObject({ ok: false, stage: 'auth' });
    expect(wrong.message).not.toContain('wrong-key-123');
    expect(getConnectionRecord(t.db(), id)).toMatchObject({ last_error_stage: 'auth', consecutive_failures: 0 });
  });
});

describe('a connection nothing is bound to', () => {
  it('is checked like the Test button: its status tells whether the server answers, and its cursor stays', async () => {
    const good = addConnection('Good', 'env:LITELLM_KEY');
    const bad = addConnection('Bad', 'env:WRONG_KEY');
    t.db().prepare('DELETE FROM connection_bindings').run();
    const d = deps({ LITELLM_KEY: TOKEN, WRONG_KEY: 'nope-123456' });
    const ok = await pollConnection(t.db(), getConnectionRecord(t.db(), good)!, d);
    expect(ok).toMatchObject({ ok: true, samples: 0 });
    expect(getConnectionRecord(t.db(), good)).toMatchObject({ version: '9.9', cursor: null, consecutive_failures: 0 });
    const failed = await pollConnection(t.db(), getConnectionRecord(t.db(), bad)!, d);
    expect(failed).toMatchObject({ ok: false, error: { stage: 'auth' } });
    expect(getConnectionRecord(t.db(), bad)).toMatchObject({ last_error_stage: 'auth', consecutive_failures: 1 });
    expect(seen).toHaveLength(0);
  });
});
