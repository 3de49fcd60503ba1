// Property-based hostile-input tests of every IPC channel (perf-reliability.md X1, X2): the real core on a real
// demo portfolio behind the real router and the app's real sender check. For each channel of the contract
// (iterated, so a new channel is covered without touching this file): schema-blind hostile payloads, then
// near-valid payloads derived from the channel's zod schema. Seeded: FD_FUZZ_SEED and FD_FUZZ_RUNS override.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError, ERROR_CODES, type Result } from '../../shared/errors';
import { inputSchemas, type Channel, type Handlers } from '../../shared/ipc/contract';
import { z } from 'zod';
import { BENEFIT_TYPES, COST_CATEGORIES, roiModelSchema } from '../../shared/domain/roi/schema';
import { ROI_TEMPLATES } from '../../shared/domain/roi/templates';
import { APP_ENTRY_URL, isTrustedSender } from '../main/app-url';
import { CHANNEL_PAYLOAD_LIMITS, createRouter, MAX_PAYLOAD_BYTES, type Dispatch, type Sender } from './router';
import { MemorySecretStore } from './testing/fakes';
import { createTestCore, type TestCore } from './testing/test-core';
import { deepNest, hostilePayload, nearValid } from './testing/fuzz/arbitraries';
import { dbFingerprint, writeCounter, type WriteCounter } from './testing/fuzz/fingerprint';

const SEED = Number(process.env['FD_FUZZ_SEED'] ?? 20_260_108);
const RUNS = Number(process.env['FD_FUZZ_RUNS'] ?? 40);
/** Schema-blind payloads are nearly all refused at the schema, so fewer of them say as much. */
const HOSTILE_RUNS = Math.max(5, Math.round(RUNS / 3));
/** A call that takes longer than this is a hang: nothing the fuzz sends needs a server or a dialog. */
const CALL_DEADLINE_MS = 10_000;

/** FD_FUZZ_ONLY (a regular expression) narrows the run while investigating one channel. */
const ONLY = process.env['FD_FUZZ_ONLY'] ? new RegExp(process.env['FD_FUZZ_ONLY']) : null;
const CHANNELS = (Object.keys(inputSchemas) as Channel[]).filter((c) => !ONLY || ONLY.test(c));
const APP: Sender = { url: APP_ENTRY_URL, isMainFrame: true };

/** A 1×1 PNG. */
const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** Fields the contract types as unknown and a handler validates itself; the fuzz aims at that schema too. */
const HINTS: Partial<Record<Channel, Record<string, Parameters<typeof nearValid>[0]>>> = {
  'roi/save': { model: roiModelSchema },
  // Fields a refine guards (a word list, a PNG signature): without the words the fuzz would stop at the schema.
  'roi/actuals/save': { category: z.enum([...COST_CATEGORIES.ids, ...BENEFIT_TYPES.ids]) },
  'roi/fromTemplate': { templateId: z.enum(ROI_TEMPLATES.map((x) => x.id) as [string, ...string[]]) },
  'export/png': {
    dataUrl: z.enum([
      `data:image/png;base64,${TINY_PNG}`,
      `data:image/png;base64,${TINY_PNG.slice(0, 20)}`,
      'data:image/png;base64,',
      'data:image/png;base64,!!!!',
      'data:image/jpeg;base64,/9j/4AAQSkZJRg==',
      `data:text/html;base64,${Buffer.from('<script>alert(1)</script>').toString('base64')}`,
    ]),
  },
};

/** Frames that are not the app's own top-level page (X2): each must get FORBIDDEN and change nothing. */
const UNTRUSTED: Sender[] = [
  { url: APP_ENTRY_URL, isMainFrame: false },
  { url: 'https://evil.example/index.html', isMainFrame: true },
  { url: 'app://flightdeck.evil.example/index.html', isMainFrame: true },
  { url: 'app://flightdeck:8080/index.html', isMainFrame: true },
  { url: 'app://user:pw@flightdeck/index.html', isMainFrame: true },
  { url: 'file:///tmp/index.html', isMainFrame: true },
  { url: 'about:blank', isMainFrame: true },
  { url: 'data:text/html,<script>x</script>', isMainFrame: true },
  { url: '', isMainFrame: true },
];

/** What a JS stack trace or a raw engine error looks like inside a message meant for the user. */
const STACK_TRACE =
  /\n\s*at |\bat [\w$.<>]+ \(.*:\d+:\d+\)|node:internal|\b(TypeError|RangeError|ReferenceError|SyntaxError):/;
const REFUSALS = new Set(['VALIDATION', 'UNKNOWN_CHANNEL', 'FORBIDDEN']);

let t: TestCore;
let dispatch: Dispatch;
const requested: string[] = [];
const opened: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

interface Stats {
  calls: number;
  refused: number;
  reached: number;
  codes: Record<string, number>;
  slowestMs: number;
  fullChecks: number;
  /** Where validation failed first, most frequent first in the summary: shows what the generators miss. */
  issues: Record<string, number>;
}
const stats = new Map<Channel, Stats>();
let recordStats = true;

function describeValue(v: unknown): string {
  try {
    const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
    return s === undefined ? String(v) : s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s;
  } catch {
    return Object.prototype.toString.call(v);
  }
}

/** The router's own size rule, so the test can predict its verdict. */
function payloadSize(input: unknown): number {
  if (input === undefined) return 0;
  try {
    return JSON.stringify(input)?.length ?? 0;
  } catch {
    return Infinity;
  }
}

function counter(): WriteCounter | null {
  try {
    return writeCounter(t.db());
  } catch {
    return null; // no portfolio open: nothing can be written either
  }
}

function fingerprint(): string {
  try {
    return dbFingerprint(t.db());
  } catch {
    return 'no database';
  }
}

async function withDeadline<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer within ${CALL_DEADLINE_MS} ms (hang)`)),
      CALL_DEADLINE_MS,
    );
  });
  try {
    return await Promise.race([p, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One call through the router with properties (a), (b), (c) and (d) of the brief checked; returns the
 * result for the caller's own checks. Throws (failing the property, with fast-check's counterexample and
 * seed) on any violation.
 */
async function call(channel: unknown, input: unknown, sender: Sender = APP): Promise<Result<unknown>> {
  const name = String(channel);
  const before = counter();
  const logged = t.logger.lines.length;
  const started = performance.now();
  let r: Result<unknown>;
  try {
    // (a) resolves, never rejects, never throws synchronously, within the deadline
    r = await withDeadline(
      Promise.resolve().then(() => dispatch(sender, channel, input)),
      name,
    );
  } catch (e) {
    throw new Error(`${name} rejected instead of answering with a Result: ${(e as Error).stack ?? String(e)}`, {
      cause: e,
    });
  }
  const elapsed = performance.now() - started;
  if (typeof r !== 'object' || r === null || typeof r.ok !== 'boolean') {
    throw new Error(`${name} answered something that is not a Result: ${describeValue(r)}`);
  }
  // The answer crosses the IPC boundary by structured clone; a function or symbol in it would throw there.
  try {
    structuredClone(r);
  } catch (e) {
    throw new Error(`${name}: the answer cannot cross IPC: ${(e as Error).message}`, { cause: e });
  }
  const s = recordStats ? stats.get(channel as Channel) : undefined;
  if (s) {
    s.calls++;
    s.slowestMs = Math.max(s.slowestMs, elapsed);
  }
  if (r.ok) {
    if (s) s.reached++;
    return r;
  }
  const { code, message } = r.error;
  if (s) {
    s.codes[code] = (s.codes[code] ?? 0) + 1;
    if (REFUSALS.has(code)) s.refused++;
    if (code === 'VALIDATION') {
      const at = r.error.issues?.[0]?.path ?? '';
      s.issues[at] = (s.issues[at] ?? 0) + 1;
    } else s.reached++;
  }
  // (b) a known code and a human message without a stack trace
  if (!(ERROR_CODES as readonly string[]).includes(code)) throw new Error(`${name}: unknown error code ${code}`);
  if (typeof message !== 'string' || message.trim() === '') throw new Error(`${name}: ${code} with an empty message`);
  if (STACK_TRACE.test(message)) throw new Error(`${name}: ${code} message carries a stack trace: ${message}`);
  if (message.length > 2_000) throw new Error(`${name}: ${code} message of ${message.length} chars echoes the input`);
  // (d) a handler crashed on input its schema let through
  if (code === 'INTERNAL') {
    const crash = t.logger.lines.slice(logged).find((l) => l.level === 'error');
    throw new Error(
      `${name}: INTERNAL for ${describeValue(input)}\n  handler error: ${String(crash?.fields?.['message'] ?? '?')}`,
    );
  }
  // (c) a refused call wrote nothing
  if (REFUSALS.has(code)) {
    const after = counter();
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      throw new Error(
        `${name}: refused with ${code} but wrote (${JSON.stringify(before)} -> ${JSON.stringify(after)})`,
      );
    }
  }
  return r;
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  // No request leaves the process: connection tests and polls see a refused connection, whatever the URL.
  vi.stubGlobal('fetch', (url: unknown) => {
    requested.push(String(url instanceof URL ? url.href : url));
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    return Promise.reject(Object.assign(new TypeError('fetch failed'), { cause }));
  });
  t = createTestCore({
    // Ten initiatives keep the whole-database fingerprint near 60 ms; ids 1..60 still hit both real and missing rows.
    demoSize: 10,
    secrets: new MemorySecretStore(),
    env: {},
    openExternal: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
    pdfEngine: { htmlToPdf: () => Promise.resolve(Buffer.from('%PDF-1.4\n%%EOF\n')) },
  });
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'demo' });
  dispatch = createRouter(t.core.handlers, isTrustedSender, t.logger);
});

afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  vi.unstubAllGlobals();
  t.dispose();
  const rows = [...stats].map(
    ([c, s]) =>
      `${c.padEnd(26)} ${String(s.calls).padStart(4)} calls  ${String(s.reached).padStart(3)} reached  ` +
      `slowest ${s.slowestMs.toFixed(0).padStart(5)} ms  full checks ${s.fullChecks}  ${JSON.stringify(s.codes)}` +
      (process.env['FD_FUZZ_VERBOSE'] ? `  first issue at ${JSON.stringify(s.issues)}` : ''),
  );
  const total = [...stats.values()].reduce((a, s) => ({ calls: a.calls + s.calls, reached: a.reached + s.reached }), {
    calls: 0,
    reached: 0,
  });
  console.log(
    [
      `IPC fuzz: ${stats.size} channels, seed ${SEED}, ${RUNS} near-valid + ${HOSTILE_RUNS} hostile runs per channel`,
      `${total.calls} calls, ${total.reached} reached a handler; fetch attempts stubbed: ${requested.length}`,
      ...rows,
    ].join('\n'),
  );
});

describe('IPC fuzz: every channel of the contract', () => {
  it('covers the whole contract', () => {
    if (!ONLY) expect(CHANNELS.length).toBeGreaterThan(100);
  });

  it.each(CHANNELS)(
    '%s: never throws, never INTERNAL, refused input writes nothing',
    async (channel) => {
      const s: Stats = { calls: 0, refused: 0, reached: 0, codes: {}, slowestMs: 0, fullChecks: 0, issues: {} };
      stats.set(channel, s);
      const limit = CHANNEL_PAYLOAD_LIMITS[channel] ?? MAX_PAYLOAD_BYTES;
      const schema = inputSchemas[channel];

      // Schema-blind payloads. The router must refuse exactly what the schema (and the size limit) refuses, and
      // the whole database must be byte-for-byte the same across every run of refused calls.
      let baseline = fingerprint();
      const checkSegment = (when: string) => {
        s.fullChecks++;
        const now = fingerprint();
        if (now !== baseline) throw new Error(`${channel}: the database changed across refused calls (${when})`);
      };
      await fc.assert(
        fc.asyncProperty(hostilePayload(limit), async (payload) => {
          let passes: boolean;
          try {
            passes = payloadSize(payload) <= limit && schema.safeParse(payload).success;
          } catch {
            passes = false; // the router must then still answer with a Result: call() checks that
          }
          if (passes) checkSegment('before a valid call');
          const r = await call(channel, payload);
          // (A handler may refuse valid-shaped input itself; the router must never let invalid input through.)
          const refused = !r.ok && r.error.code === 'VALIDATION';
          if (!passes && !refused) {
            throw new Error(`${channel}: the router let through what its schema refuses: ${describeValue(payload)}`);
          }
          if (passes) baseline = fingerprint();
        }),
        { seed: SEED, numRuns: HOSTILE_RUNS },
      );
      checkSegment('after the hostile run');

      // Near-valid payloads: right keys, edge values; many pass the schema and exercise the handler.
      await fc.assert(
        fc.asyncProperty(nearValid(schema, { hints: HINTS[channel] ?? {} }), async (payload) => {
          await call(channel, payload);
        }),
        { seed: SEED, numRuns: RUNS },
      );

      expect(unhandled.map((u) => (u instanceof Error ? u.stack : String(u)))).toEqual([]);
    },
    120_000,
  );
});

describe('IPC fuzz: senders and channel names', () => {
  it('refuses every channel to every untrusted frame, with no write', async () => {
    const before = fingerprint();
    for (const channel of CHANNELS) {
      const [payload] = fc.sample(nearValid(inputSchemas[channel], { hints: HINTS[channel] ?? {} }), {
        seed: SEED,
        numRuns: 1,
      });
      for (const sender of UNTRUSTED) {
        const r = await call(channel, payload, sender);
        expect(r.ok ? 'ok' : r.error.code, `${channel} from ${JSON.stringify(sender)}`).toBe('FORBIDDEN');
      }
    }
    expect(fingerprint()).toBe(before);
  });

  it('answers UNKNOWN_CHANNEL (or the channel itself) for any channel name, with no write on refusal', async () => {
    const before = fingerprint();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.string(),
          fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'initiative/list ', 'INITIATIVE/LIST'),
          fc.constantFrom(...CHANNELS).map((c) => c + '\u0000'),
        ),
        async (channel) => {
          const r = await call(channel, undefined);
          expect(r.ok ? 'ok' : r.error.code).toBe('UNKNOWN_CHANNEL');
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
    expect(fingerprint()).toBe(before);
  });

  it('with no portfolio open, no channel crashes (NO_DATABASE, not INTERNAL)', async () => {
    const main = t;
    const mainDispatch = dispatch;
    const closed = createTestCore({ secrets: new MemorySecretStore(), env: {} });
    t = closed;
    dispatch = createRouter(closed.core.handlers, isTrustedSender, closed.logger);
    recordStats = false;
    let noDatabase = 0;
    try {
      // Opening the default file would end the "nothing open" state this test is about.
      for (const channel of CHANNELS.filter((c) => c !== 'workspace/openDefault')) {
        const schema = inputSchemas[channel];
        const payloads = fc.sample(nearValid(schema, { hints: HINTS[channel] ?? {} }), { seed: SEED, numRuns: 8 });
        for (const payload of payloads) {
          const r = await call(channel, payload);
          if (!r.ok && r.error.code === 'NO_DATABASE') noDatabase++;
        }
      }
      expect(closed.core.workspace.status().state).not.toBe('open');
      // Most data channels got past validation at least once and met the missing database.
      expect(noDatabase).toBeGreaterThan(CHANNELS.length);
    } finally {
      t = main;
      dispatch = mainDispatch;
      recordStats = true;
      closed.dispose();
    }
  }, 60_000);

  it('survives 10k-level nesting inside the one field the contract leaves unknown (the ROI model)', async () => {
    const before = fingerprint();
    for (const kind of ['object', 'array', 'mixed'] as const) {
      const model = deepNest(10_000, kind);
      const r = await call('roi/save', { initiativeId: 1, name: 'Deep', kind: 'what_if', model });
      expect(r.ok ? 'ok' : r.error.code).toBe('VALIDATION');
    }
    expect(fingerprint()).toBe(before);
  });

  it('fails on a crashing handler and on a refusal that wrote (the checks are not vacuous)', async () => {
    const mainDispatch = dispatch;
    const handlers = { ...t.core.handlers } as Record<string, (input: unknown) => unknown>;
    handlers['app/info'] = () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    };
    const create = handlers['initiative/create']!;
    handlers['initiative/create'] = async (input) => {
      await create(input);
      throw new AppError('VALIDATION', 'name: refused after writing');
    };
    dispatch = createRouter(handlers as unknown as Handlers, isTrustedSender, t.logger);
    recordStats = false;
    try {
      await expect(call('app/info', undefined)).rejects.toThrow(/INTERNAL/);
      await expect(call('initiative/create', { name: 'Written, then refused' })).rejects.toThrow(/but wrote/);
    } finally {
      dispatch = mainDispatch;
      recordStats = true;
    }
  });

  it('survives every dialog answer: the open portfolio itself, a folder, a missing folder', async () => {
    const main = t;
    const mainDispatch = dispatch;
    const fresh = async () => {
      const core = createTestCore({
        demoSize: 3,
        secrets: new MemorySecretStore(),
        env: {},
        pdfEngine: { htmlToPdf: () => Promise.resolve(Buffer.from('%PDF-1.4\n%%EOF\n')) },
      });
      await core.ok('workspace/openDefault');
      await core.ok('workspace/setup', { mode: 'demo' });
      t = core;
      dispatch = createRouter(core.core.handlers, isTrustedSender, core.logger);
      return core;
    };
    recordStats = false;
    const problems: string[] = [];
    let own = await fresh();
    try {
      for (const channel of CHANNELS.filter((c) => !c.startsWith('workspace/open') && c !== 'backup/restore')) {
        const payloads = fc.sample(nearValid(inputSchemas[channel], { hints: HINTS[channel] ?? {} }), {
          seed: SEED,
          numRuns: 30,
        });
        for (const [i, payload] of payloads.entries()) {
          // Every dialog answers with the open portfolio itself (the user picked the wrong file), a folder, or a
          // path in a folder that is gone: each must end in a clear error, never INTERNAL, never a lost portfolio.
          const answer = [own.defaultDbPath, own.dir, join(own.dir, 'gone', 'x.csv')][i % 3]!;
          own.dialogs.queueSave(answer).queueImport(answer).queueEvidence(answer);
          let r: Result<unknown> | null = null;
          try {
            r = await call(channel, payload);
          } catch (e) {
            problems.push(`${channel} (dialog: ${answer}): ${(e as Error).message.split('\n')[0]!.slice(0, 160)}`);
          }
          while ((await own.dialogs.chooseSavePath({ title: '', defaultName: '' })) !== null);
          while ((await own.dialogs.chooseImportFile()) !== null);
          while ((await own.dialogs.chooseEvidenceFile()) !== null);
          const head = readFileSync(own.defaultDbPath).subarray(0, 16).toString('latin1');
          if (head !== 'SQLite format 3\0') {
            problems.push(
              `${channel} replaced the open portfolio: ${describeValue(payload).slice(0, 80)} -> ${JSON.stringify(r).slice(0, 80)}`,
            );
            own.dispose();
            own = await fresh(); // the portfolio is gone: go on with a new one
            break;
          }
        }
      }
    } finally {
      t = main;
      dispatch = mainDispatch;
      recordStats = true;
      own.dispose();
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it('sees a real write (so a refused call that wrote could not pass unnoticed)', async () => {
    const fp = fingerprint();
    const before = counter();
    const r = await call('initiative/create', { name: 'Detector check' });
    expect(r.ok).toBe(true);
    expect(counter()).not.toEqual(before);
    expect(fingerprint()).not.toBe(fp);
  });

  it('left no trace on the shared prototypes after every payload above', () => {
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(Array.prototype)).toEqual([]);
  });

  it('made no request except to loopback addresses, and opened only web and mail links', () => {
    // fetch is stubbed, so nothing left the process either way; this says the generators stayed on loopback.
    const outside = requested.filter((u) => !/^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(u));
    expect(outside).toEqual([]);
    expect(opened.filter((u) => !/^(https?:|mailto:)/i.test(u))).toEqual([]);
  });
});
