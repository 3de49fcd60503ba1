import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../testing/test-core';
import {
  canonicalJson,
  connectionState,
  getConnection,
  getConnectionRecord,
  insertBinding,
  insertConnection,
  listBindingTargets,
  listConnections,
  recordPollFailure,
  recordPollSuccess,
  setConnectionPaused,
  updateConnectionSettings,
  type ConnectionRecord,
} from './connections.repo';

const AT = '2026-11-21T12:00:00.000Z';
let t: TestCore;
let initiativeId: number;

beforeEach(async () => {
  t = createTestCore();
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'empty' });
  initiativeId = (await t.ok('initiative/create', { name: 'Invoice copilot' })).id;
});
afterEach(() => t.dispose());

function add(secretRef: string | null = 'store:abc'): number {
  return insertConnection(t.db(), {
    kind: 'prometheus',
    name: 'Prom',
    base_url: 'http://127.0.0.1:9090',
    auth_kind: 'none',
    username: null,
    secret_ref: secretRef,
    timeout_ms: 5000,
    poll_interval_s: 30,
    created_at: AT,
    updated_at: AT,
  });
}

describe('connections repository', () => {
  it('derives the state: paused > circuit open > failing > never > ok', () => {
    const id = add();
    const row = (): ConnectionRecord => getConnectionRecord(t.db(), id)!;
    expect(connectionState(row())).toBe('never');
    recordPollSuccess(t.db(), id, { at: AT, version: '2.55.0', cursor: 100, nextPollAt: AT });
    expect(connectionState(row())).toBe('ok');
    const fail = (failures: number, circuitOpenUntil: string | null) =>
      recordPollFailure(t.db(), id, {
        at: AT,
        stage: 'timeout',
        message: 'Timed out',
        failures,
        circuitOpenUntil,
        nextPollAt: AT,
      });
    fail(1, null);
    expect(connectionState(row())).toBe('failing');
    fail(5, AT);
    expect(connectionState(row())).toBe('circuit_open');
    setConnectionPaused(t.db(), id, true, AT);
    expect(connectionState(row())).toBe('paused');
    // Resuming closes the circuit (the user asked for it to run again); the failures stay visible.
    setConnectionPaused(t.db(), id, false, AT);
    expect(connectionState(row())).toBe('failing');
    recordPollSuccess(t.db(), id, { at: AT, version: null, cursor: 200, nextPollAt: AT });
    expect(row()).toMatchObject({ consecutive_failures: 0, circuit_open_until: null, version: '2.55.0', cursor: 200 });
  });

  it('the view says whether and where a secret is, never the reference itself', () => {
    const id = add('store:abc-123');
    const c = getConnection(t.db(), id)!;
    expect(c).toMatchObject({ hasSecret: true, secretSource: 'store', bindingCount: 0, state: 'never' });
    expect(JSON.stringify(c)).not.toContain('abc-123');
    updateConnectionSettings(
      t.db(),
      id,
      { ...getConnectionRecord(t.db(), id)!, secret_ref: 'env:PROM_TOKEN' },
      AT,
      'none',
    );
    expect(listConnections(t.db())[0]).toMatchObject({ hasSecret: true, secretSource: 'env:PROM_TOKEN' });
  });

  it('new credentials reset the status; a new address resets the cursor too', () => {
    const id = add();
    recordPollSuccess(t.db(), id, { at: AT, version: '2.55.0', cursor: 100, nextPollAt: AT });
    const r = getConnectionRecord(t.db(), id)!;
    recordPollFailure(t.db(), id, {
      at: AT,
      stage: 'auth',
      message: 'Refused (401)',
      failures: 5,
      circuitOpenUntil: AT,
      nextPollAt: AT,
    });
    // New credentials, same server: a fresh chance, but the data already read stays read.
    updateConnectionSettings(t.db(), id, { ...r, secret_ref: 'env:NEW' }, AT, 'status');
    expect(getConnectionRecord(t.db(), id)).toMatchObject({
      cursor: 100,
      version: '2.55.0',
      consecutive_failures: 0,
      circuit_open_until: null,
      next_poll_at: null,
    });
    updateConnectionSettings(t.db(), id, { ...r, base_url: 'http://127.0.0.1:9091' }, AT, 'server');
    expect(getConnectionRecord(t.db(), id)).toMatchObject({ cursor: null, version: null, next_poll_at: null });
  });

  it('selectors are stored canonically and read back as connector targets', () => {
    const id = add();
    expect(canonicalJson({ team: 'a', model: 'b' })).toBe('{"model":"b","team":"a"}');
    insertBinding(t.db(), {
      initiative_id: initiativeId,
      connection_id: id,
      preset: 'litellm',
      selector: canonicalJson({ team: 'a' }),
      detected: '{"spend_usd":"litellm_spend_metric_total"}',
      created_at: AT,
    });
    expect(listBindingTargets(t.db(), id)).toEqual([
      {
        bindingId: expect.any(Number) as unknown,
        initiativeId,
        preset: 'litellm',
        selector: { team: 'a' },
        detected: { spend_usd: 'litellm_spend_metric_total' },
      },
    ]);
    expect(getConnection(t.db(), id)!.bindingCount).toBe(1);
  });
});
