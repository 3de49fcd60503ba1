import { readFileSync, existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../testing/fakes';
import { MockApiServer, fixture } from '../testing/mockApiServer';
import { createTestCore, type TestCore } from '../testing/test-core';

const SECRET = 'sk-live-SECRET-7f3a9c1e';
const OTHER = 'sk-live-OTHER-0b2d4e6f';

let t: TestCore;
let store: MemorySecretStore;
let api: MockApiServer;
let initiativeId: number;

beforeEach(async () => {
  store = new MemorySecretStore();
  t = createTestCore({ secrets: store, env: {} });
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'empty' });
  initiativeId = (await t.ok('initiative/create', { name: 'Invoice copilot' })).id;
  api = await MockApiServer.start({ auth: { kind: 'bearer', secret: SECRET } });
  api.json('GET', '/health/readiness', fixture('litellm-health-readiness.json'), { public: true });
  api.json('GET', '/user/daily/activity', fixture('litellm-user-daily-activity.json'));
  t.events.clear();
});
afterEach(async () => {
  t.dispose();
  await api.close();
});

/** The portfolio file and its WAL, as bytes on disk. */
function fileBytes(): string {
  const parts = [t.defaultDbPath, `${t.defaultDbPath}-wal`].filter(existsSync).map((p) => readFileSync(p));
  return Buffer.concat(parts).toString('latin1');
}

const count = (sql: string) => (t.db().prepare(sql).get() as { n: number }).n;

async function litellm(name = 'Gateway', secret: string | undefined = SECRET) {
  return t.ok('connection/create', {
    kind: 'litellm',
    name,
    baseUrl: `${api.url}/`,
    ...(secret !== undefined ? { secret } : {}),
  });
}

describe('connection settings and secrets', () => {
  it('keeps the secret in the store only: not in the file, the view, or events', async () => {
    const c = await litellm();
    expect(c).toMatchObject({
      kind: 'litellm',
      name: 'Gateway',
      baseUrl: api.url,
      authKind: 'bearer',
      hasSecret: true,
      secretSource: 'store',
      state: 'never',
      pollIntervalSec: 600,
      timeoutMs: 10_000,
      bindingCount: 0,
    });
    expect([...store.secrets.values()]).toEqual([SECRET]);
    const ref = (t.db().prepare('SELECT secret_ref FROM connections').get() as { secret_ref: string }).secret_ref;
    expect(store.secrets.get(ref)).toBe(SECRET);
    t.db().pragma('wal_checkpoint(TRUNCATE)');
    expect(fileBytes()).not.toContain(SECRET);
    expect(JSON.stringify(await t.ok('connection/list'))).not.toContain(SECRET);
    expect(JSON.stringify(t.events.events)).not.toContain(SECRET);
    expect(t.events.of('db/changed')).toContainEqual({ tables: ['connections'] });
  });

  it('writes nothing when the secret cannot be stored, and says why on the secret field', async () => {
    const bare = createTestCore({ env: {} });
    try {
      await bare.ok('workspace/openDefault');
      const r = await bare.invoke('connection/create', {
        kind: 'litellm',
        name: 'Gateway',
        baseUrl: api.url,
        secret: SECRET,
      });
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'secret' }] } });
      if (!r.ok) expect(r.error.message).not.toContain(SECRET);
      expect((bare.db().prepare('SELECT count(*) AS n FROM connections').get() as { n: number }).n).toBe(0);
    } finally {
      bare.dispose();
    }
  });

  it('refuses a duplicate name (any case) with CONFLICT and stores no orphan secret', async () => {
    await litellm('Gateway');
    const r = await t.invoke('connection/create', {
      kind: 'prometheus',
      name: 'gateway',
      baseUrl: api.url,
      secret: OTHER,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    if (!r.ok) expect(r.error.message).toMatch(/already exists/);
    expect([...store.secrets.values()]).toEqual([SECRET]);
  });

  it('refuses credentials in the address (they would land in the file and in messages)', async () => {
    const r = await t.invoke('connection/create', {
      kind: 'prometheus',
      name: 'P',
      baseUrl: 'http://admin:hunter2@127.0.0.1:9090',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(count('SELECT count(*) AS n FROM connections')).toBe(0);
  });

  it('update replaces the secret (old one deleted), null removes it, delete removes it', async () => {
    const c = await litellm();
    const [oldRef] = [...store.secrets.keys()];
    const u = await t.ok('connection/update', { id: c.id, patch: { secret: OTHER, name: 'Gateway 2' } });
    expect(u).toMatchObject({ name: 'Gateway 2', hasSecret: true });
    expect([...store.secrets.values()]).toEqual([OTHER]);
    expect(store.secrets.has(oldRef!)).toBe(false);

    const cleared = await t.ok('connection/update', { id: c.id, patch: { secret: null } });
    expect(cleared).toMatchObject({ hasSecret: false, secretSource: null });
    expect(store.secrets.size).toBe(0);

    await t.ok('connection/update', { id: c.id, patch: { secret: SECRET } });
    expect(store.secrets.size).toBe(1);
    expect(await t.ok('connection/delete', { id: c.id })).toEqual({ id: c.id });
    expect(store.secrets.size).toBe(0);
    expect(await t.ok('connection/list')).toEqual([]);
  });

  it('unknown ids are NOT_FOUND', async () => {
    for (const [channel, input] of [
      ['connection/update', { id: 99, patch: { name: 'x' } }],
      ['connection/delete', { id: 99 }],
      ['connection/test', { id: 99 }],
      ['connection/pause', { id: 99, paused: true }],
      ['connection/pollNow', { id: 99 }],
      ['binding/delete', { id: 99 }],
    ] as const) {
      const r = await t.invoke(channel, input as never);
      expect(r, channel).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
  });

  it('pause and resume show in the state', async () => {
    const c = await litellm();
    expect(await t.ok('connection/pause', { id: c.id, paused: true })).toMatchObject({ paused: true, state: 'paused' });
    expect(await t.ok('connection/pause', { id: c.id, paused: false })).toMatchObject({
      paused: false,
      state: 'never',
    });
  });
});

describe('Test connection', () => {
  it('a draft uses its secret in memory only and reports the version', async () => {
    const d = await t.ok('connection/test', {
      draft: { kind: 'litellm', name: 'Draft', baseUrl: api.url, secret: SECRET },
    });
    expect(d).toMatchObject({ ok: true, stage: 'ok', version: '1.80.0' });
    expect(store.secrets.size).toBe(0);
    expect(count('SELECT count(*) AS n FROM connections')).toBe(0);
  });

  it('a wrong key is an auth failure whose message never quotes the key', async () => {
    const d = await t.ok('connection/test', {
      draft: { kind: 'litellm', name: 'Draft', baseUrl: api.url, secret: OTHER },
    });
    expect(d).toMatchObject({ ok: false, stage: 'auth' });
    expect(JSON.stringify(d)).not.toContain(OTHER);
  });

  it('a saved connection records the version, or the failure without counting it', async () => {
    const c = await litellm();
    expect(await t.ok('connection/test', { id: c.id })).toMatchObject({ ok: true, version: '1.80.0' });
    expect((await t.ok('connection/list'))[0]).toMatchObject({ version: '1.80.0', state: 'never' });

    await t.ok('connection/update', { id: c.id, patch: { secret: OTHER } });
    const d = await t.ok('connection/test', { id: c.id });
    expect(d).toMatchObject({ ok: false, stage: 'auth' });
    const after = (await t.ok('connection/list'))[0]!;
    expect(after.lastError).toMatchObject({ stage: 'auth' });
    expect(after.consecutiveFailures).toBe(0);
    expect(JSON.stringify(after)).not.toContain(OTHER);
  });

  it('a secret gone from the store is diagnosed as such, without a request', async () => {
    const c = await litellm();
    store.secrets.clear();
    const before = api.requests.length;
    expect(await t.ok('connection/test', { id: c.id })).toMatchObject({ ok: false, stage: 'no_secret' });
    expect(api.requests.length).toBe(before);
  });
});

describe('bindings and polling', () => {
  it('validates initiative, connection and preset; refuses duplicates', async () => {
    const c = await litellm();
    expect(await t.invoke('binding/save', { initiativeId: 999, connectionId: c.id, selector: {} })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await t.invoke('binding/save', { initiativeId, connectionId: 999, selector: {} })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      await t.invoke('binding/save', { initiativeId, connectionId: c.id, preset: 'litellm', selector: {} }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'preset' }] } });

    const b = await t.ok('binding/save', {
      initiativeId,
      connectionId: c.id,
      selector: { model: 'gpt-4o', api_key: 'k1' },
    });
    expect(b).toMatchObject({
      initiativeId,
      connectionId: c.id,
      connectionName: 'Gateway',
      preset: null,
      detected: {},
    });
    const dup = await t.invoke('binding/save', {
      initiativeId,
      connectionId: c.id,
      selector: { api_key: 'k1', model: 'gpt-4o' },
    });
    expect(dup).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await t.ok('binding/list', { initiativeId })).toEqual([b]);
    expect((await t.ok('connection/list'))[0]!.bindingCount).toBe(1);
    await t.ok('binding/delete', { id: b.id });
    expect(await t.ok('binding/list', { initiativeId })).toEqual([]);
  });

  it('refuses selector keys the connector cannot filter on, and an empty selector on a gateway', async () => {
    const c = await litellm();
    const unknown = await t.invoke('binding/save', { initiativeId, connectionId: c.id, selector: { team_alias: 'x' } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'selector' }] } });
    expect(JSON.stringify(unknown)).toContain('team_id');
    const empty = await t.invoke('binding/save', { initiativeId, connectionId: c.id, selector: {} });
    expect(empty).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'selector' }] } });
    expect(await t.ok('binding/list', { initiativeId })).toEqual([]);
  });

  it('a preset binding is saved even when detection cannot reach the server', async () => {
    const p = await t.ok('connection/create', { kind: 'prometheus', name: 'Prom', baseUrl: 'http://127.0.0.1:1' });
    const b = await t.ok('binding/save', {
      initiativeId,
      connectionId: p.id,
      preset: 'litellm',
      selector: { team: 'finance' },
    });
    expect(b).toMatchObject({ preset: 'litellm', detected: {} });
    const detect = await t.invoke('binding/detect', { connectionId: p.id });
    expect(detect).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('a preset binding stores the names the server actually exposes', async () => {
    const names = [
      'litellm_proxy_total_requests_metric_total',
      'litellm_spend_metric_total',
      'litellm_input_tokens_metric_total',
      'up',
    ];
    api.json('GET', '/api/v1/label/__name__/values', { status: 'success', data: names }, { public: true });
    api.json('GET', '/api/v1/labels', { status: 'success', data: ['__name__', 'team', 'model'] }, { public: true });
    const p = await t.ok('connection/create', { kind: 'prometheus', name: 'Prom', baseUrl: api.url });
    const detected = await t.ok('binding/detect', { connectionId: p.id });
    expect(detected.map((d) => d.preset)).toContain('litellm');
    const b = await t.ok('binding/save', {
      initiativeId,
      connectionId: p.id,
      preset: 'litellm',
      selector: { team: 'a' },
    });
    expect(b.detected).toMatchObject({
      requests: 'litellm_proxy_total_requests_metric_total',
      spend_usd: 'litellm_spend_metric_total',
    });
  });

  it('pollNow stores samples and marks the connection ok; a second poll adds no duplicates', async () => {
    const c = await litellm();
    await t.ok('binding/save', { initiativeId, connectionId: c.id, selector: { model: 'gpt-4o' } });
    t.clock.set('2026-11-21T12:00:00.000Z');
    const after = await t.ok('connection/pollNow', { id: c.id });
    expect(after).toMatchObject({ state: 'ok', consecutiveFailures: 0, lastOkAt: '2026-11-21T12:00:00.000Z' });
    const samples = count('SELECT count(*) AS n FROM metric_samples');
    expect(samples).toBeGreaterThan(0);
    expect(t.events.of('db/changed').some((e) => e.tables.includes('metric_samples'))).toBe(true);

    await t.ok('connection/pollNow', { id: c.id });
    expect(count('SELECT count(*) AS n FROM metric_samples')).toBe(samples);
  });

  it('with polling on, the core polls a new connection in the background', async () => {
    const live = createTestCore({ secrets: store, env: {}, polling: true });
    try {
      await live.ok('workspace/openDefault');
      await live.ok('workspace/setup', { mode: 'empty' });
      const init = await live.ok('initiative/create', { name: 'Live' });
      live.clock.set('2026-11-21T12:00:00.000Z');
      const c = await live.ok('connection/create', {
        kind: 'litellm',
        name: 'Gateway',
        baseUrl: api.url,
        secret: SECRET,
      });
      await live.ok('binding/save', { initiativeId: init.id, connectionId: c.id, selector: { model: 'gpt-4o' } });
      const deadline = Date.now() + 10_000;
      let state = (await live.ok('connection/list'))[0]!.state;
      while (state !== 'ok' && Date.now() < deadline) {
        await new Promise((res) => setTimeout(res, 10));
        state = (await live.ok('connection/list'))[0]!.state;
      }
      expect(state).toBe('ok');
      expect(live.events.of('db/changed').some((e) => e.tables.includes('connections'))).toBe(true);
    } finally {
      live.dispose();
    }
  });

  it('a failed poll records the stage and keeps earlier samples', async () => {
    const c = await litellm();
    await t.ok('binding/save', { initiativeId, connectionId: c.id, selector: { model: 'gpt-4o' } });
    t.clock.set('2026-11-21T12:00:00.000Z');
    await t.ok('connection/pollNow', { id: c.id });
    const samples = count('SELECT count(*) AS n FROM metric_samples');
    api.fault('/user/daily/activity', { kind: 'status', status: 503 });
    const failed = await t.ok('connection/pollNow', { id: c.id });
    expect(failed).toMatchObject({ state: 'failing', consecutiveFailures: 1, lastError: { stage: 'server_error' } });
    expect(count('SELECT count(*) AS n FROM metric_samples')).toBe(samples);
  });
});
