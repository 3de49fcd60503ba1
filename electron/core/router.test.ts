import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../shared/ipc/contract';
import { CHANNEL_PAYLOAD_LIMITS, createRouter, MAX_PAYLOAD_BYTES, type Dispatch } from './router';
import { MemoryLogger } from './testing/fakes';
import { dumpTables } from './testing/portfolio-files';
import { APP_SENDER, createTestCore, trustAppFrame, type TestCore } from './testing/test-core';

let t: TestCore;
let calls: string[];
let dispatch: Dispatch;
let logger: MemoryLogger;

/** The real handlers, wrapped only to record which ones ran: a refused call must never reach one. */
function spied(
  handlers: Handlers,
  overrides: Partial<Record<keyof Handlers, (input: unknown) => unknown>> = {},
): Handlers {
  const out: Record<string, (input: unknown) => unknown> = {};
  for (const [name, h] of Object.entries(handlers) as [keyof Handlers, (input: unknown) => unknown][]) {
    const impl = overrides[name] ?? h;
    out[name] = (input) => {
      calls.push(name);
      return impl(input);
    };
  }
  return out as unknown as Handlers;
}

beforeEach(async () => {
  t = createTestCore();
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'demo' });
  calls = [];
  logger = new MemoryLogger();
  dispatch = createRouter(spied(t.core.handlers), trustAppFrame, logger);
});
afterEach(() => t.dispose());

/** Runs a call that must be refused, and proves nothing ran and nothing was written. */
async function refused(sender: typeof APP_SENDER, channel: unknown, input: unknown) {
  const before = dumpTables(t.db());
  const r = await dispatch(sender, channel, input);
  expect(calls).toEqual([]);
  expect(dumpTables(t.db())).toEqual(before);
  if (r.ok) throw new Error(`expected ${String(channel)} to be refused`);
  return r.error;
}

describe('router', () => {
  it('passes a valid call through to the handler', async () => {
    const r = await dispatch(APP_SENDER, 'initiative/create', { name: 'Through the router' });
    expect(r).toMatchObject({ ok: true, value: { name: 'Through the router' } });
    expect(calls).toEqual(['initiative/create']);
  });

  it('UNKNOWN_CHANNEL for a name outside the contract, including inherited property names', async () => {
    for (const channel of ['initiative/drop', 'constructor', '__proto__', 'toString', 42, null]) {
      const e = await refused(APP_SENDER, channel, {});
      expect(e.code).toBe('UNKNOWN_CHANNEL');
    }
  });

  it('FORBIDDEN for a sender that is not the app’s main frame, before anything else is looked at', async () => {
    const evil = { url: 'https://evil.example/', isMainFrame: true };
    const frame = { url: 'app://flightdeck/index.html', isMainFrame: false };
    for (const sender of [evil, frame]) {
      expect((await refused(sender, 'initiative/create', { name: 'x' })).code).toBe('FORBIDDEN');
      expect((await refused(sender, 'no/such', {})).code).toBe('FORBIDDEN');
    }
    expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(4);
  });

  it('VALIDATION with issue paths for wrong types', async () => {
    const e = await refused(APP_SENDER, 'initiative/create', { name: 42, tags: 'genai', sponsorId: 'ada' });
    expect(e.code).toBe('VALIDATION');
    expect(e.issues?.map((i) => i.path).sort()).toEqual(['name', 'sponsorId', 'tags']);
    const nested = await refused(APP_SENDER, 'initiative/update', { id: 1, patch: { riskTier: 'extreme' } });
    expect(nested.issues?.map((i) => i.path)).toEqual(['patch.riskTier']);
    expect(nested.message).toMatch(/^patch\.riskTier: /);
  });

  it.each([
    ['a string', 'initiative/create', 'name'],
    ['null', 'initiative/create', null],
    ['an array', 'initiative/get', [1]],
    ['NaN id', 'initiative/get', { id: Number.NaN }],
    ['Infinity id', 'initiative/delete', { id: Number.POSITIVE_INFINITY }],
    ['an unsafe integer id', 'initiative/delete', { id: 2 ** 60 }],
    ['a missing input where one is required', 'initiative/archive', undefined],
  ])('VALIDATION for %s', async (_what, channel, input) => {
    expect((await refused(APP_SENDER, channel, input)).code).toBe('VALIDATION');
  });

  it('VALIDATION for unknown fields, including __proto__ from parsed JSON', async () => {
    const extra = await refused(APP_SENDER, 'initiative/create', { name: 'A', budget: 10 });
    expect(extra.code).toBe('VALIDATION');
    const proto = await refused(APP_SENDER, 'initiative/create', JSON.parse('{"name":"A","__proto__":{"admin":true}}'));
    expect(proto.code).toBe('VALIDATION');
    const onEmpty = await refused(APP_SENDER, 'history/undo', { force: true });
    expect(onEmpty.code).toBe('VALIDATION');
  });

  it('VALIDATION for a 10,000-character name, on the name field', async () => {
    const e = await refused(APP_SENDER, 'initiative/create', { name: 'n'.repeat(10_000) });
    expect(e.code).toBe('VALIDATION');
    expect(e.issues?.map((i) => i.path)).toEqual(['name']);
  });

  it('VALIDATION for a payload over 1 MB, before schema parsing', async () => {
    const e = await refused(APP_SENDER, 'initiative/create', {
      name: 'A',
      description: 'd'.repeat(MAX_PAYLOAD_BYTES + 1),
    });
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toMatch(/larger than/);
  });

  it('a file-carrying channel has its own, larger limit, and a limit still', async () => {
    // Over the general limit, under export/png's: the call reaches its handler (which refuses the text as
    // not a PNG, before any dialog), not the size check.
    const big = await dispatch(APP_SENDER, 'export/png', {
      title: 't',
      defaultName: 'chart.png',
      dataUrl: 'x'.repeat(MAX_PAYLOAD_BYTES + 1),
    });
    expect(calls).toEqual(['export/png']);
    expect(big.ok ? '' : big.error.message).not.toMatch(/larger than/);
    calls = [];
    const huge = await refused(APP_SENDER, 'export/png', {
      title: 't',
      defaultName: 'chart.png',
      dataUrl: 'x'.repeat(CHANNEL_PAYLOAD_LIMITS['export/png']! + 1),
    });
    expect(huge.message).toMatch(/larger than/);
  });

  it('VALIDATION for a deeply nested payload', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    expect((await refused(APP_SENDER, 'initiative/create', { name: 'A', description: deep })).code).toBe('VALIDATION');
  });

  it('INTERNAL for a handler throwing a plain Error, with no stack or detail in the message', async () => {
    const secret = 'token=hunter2 at /home/ada/.config/flightdeck';
    const broken = createRouter(
      spied(t.core.handlers, {
        'initiative/list': () => {
          throw new Error(secret);
        },
      }),
      trustAppFrame,
      logger,
    );
    const r = await broken(APP_SENDER, 'initiative/list', undefined);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INTERNAL');
    expect(Object.keys(r.error).sort()).toEqual(['code', 'message']);
    expect(r.error.message).not.toContain('hunter2');
    expect(r.error.message).not.toMatch(/\bat \S+:\d+/);
    expect(r.error.message).not.toContain('router.test');
    // The detail goes to the log, for support, not to the renderer.
    expect(logger.lines.some((l) => l.level === 'error' && JSON.stringify(l.fields).includes('hunter2'))).toBe(true);
  });

  it('maps SQLite errors: constraint → CONFLICT, others → DB_ERROR', async () => {
    const sqliteError = (code: string) => Object.assign(new Error(`${code} happened`), { code });
    const r = createRouter(
      spied(t.core.handlers, {
        'initiative/list': () => {
          throw sqliteError('SQLITE_CONSTRAINT_FOREIGNKEY');
        },
        'person/list': () => {
          throw sqliteError('SQLITE_IOERR_WRITE');
        },
      }),
      trustAppFrame,
      logger,
    );
    expect(await r(APP_SENDER, 'initiative/list', undefined)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await r(APP_SENDER, 'person/list', undefined)).toMatchObject({ ok: false, error: { code: 'DB_ERROR' } });
  });

  it('returns AppErrors from handlers as values with their code', async () => {
    expect(await dispatch(APP_SENDER, 'initiative/get', { id: 99_999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
