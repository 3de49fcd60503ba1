import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAULT_CASES, startLiteLlmMock, type MockApiServer } from '../testing/mockApiServer';
import { buildPollWorker } from '../testing/pollWorkerBuild';
import { TempDirs } from '../testing/temp-dir';
import { litellmConnector } from './connectors/litellm';
import { ConnectorError, type ConnectionTarget, type PollContext } from './types';
import { createWorkerConnectors, type WorkerConnectors } from './workerConnectors';

const SECRET = 'sk-worker-9d3b1f27c4e8a605';
const NOW = Date.UTC(2026, 10, 21, 10, 0, 0) / 1000;
const temp = new TempDirs();
/** The worker bundled as tools/build.mjs bundles out/main/pollWorker.cjs for the app. */
let workerPath: string;
beforeAll(async () => {
  workerPath = await buildPollWorker(temp.make('fd-poll-worker-'));
});
afterAll(() => temp.cleanup());

let api: MockApiServer;
let w: WorkerConnectors;
beforeEach(async () => {
  api = await startLiteLlmMock(SECRET);
  w = createWorkerConnectors({ path: workerPath });
});
afterEach(async () => {
  await w.close();
  await api.close();
});

function ctx(over: Partial<PollContext> = {}): PollContext {
  const target: ConnectionTarget = {
    id: 3,
    kind: 'litellm',
    name: 'LiteLLM',
    baseUrl: api.url,
    authKind: 'bearer',
    username: null,
    secret: SECRET,
    timeoutMs: 2_000,
    pollIntervalSec: 600,
  };
  const bindings = [{ bindingId: 1, initiativeId: 5, preset: null, selector: { model: 'gpt-4o' }, detected: {} }];
  return { target, bindings, since: null, now: NOW, signal: new AbortController().signal, ...over };
}

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ConnectorError) return e;
    throw e;
  }
  throw new Error('expected a ConnectorError');
}

describe('polls in a worker thread', () => {
  it('returns exactly what the in-process connector returns', async () => {
    const inWorker = await w.connectors.litellm.poll(ctx());
    const inProcess = await litellmConnector.poll(ctx());
    expect(inWorker.batches.length).toBeGreaterThan(0);
    expect(inWorker).toEqual(inProcess);
  });

  it('carries a classified failure across, with its status and Retry-After, and no secret', async () => {
    api.fault('/user/daily/activity', { kind: 'status', status: 429, retryAfter: '17' }, { times: 1 });
    const e = await failure(w.connectors.litellm.poll(ctx()));
    expect(e).toMatchObject({ stage: 'rate_limited', httpStatus: 429, retryAfterSec: 17 });
    const bad = await failure(w.connectors.litellm.poll(ctx({ target: { ...ctx().target, secret: 'wrong-key-123' } })));
    expect(bad.stage).toBe('auth');
    expect(bad.message).not.toContain('wrong-key-123');
  });

  it('cancels a poll in flight when its signal aborts', async () => {
    api.fault('*', { kind: 'hang' });
    const controller = new AbortController();
    const p = w.connectors.litellm.poll(ctx({ signal: controller.signal }));
    controller.abort();
    expect((await failure(p)).message).toMatch(/cancelled/);
  });

  it('fails the polls in flight when the worker dies, and starts a new one for the next poll', async () => {
    api.fault('*', { kind: 'hang' });
    const failed = failure(w.connectors.litellm.poll(ctx()));
    await w.close();
    expect((await failed).stage).toBe('network');
    api.clearFaults();
    expect((await w.connectors.litellm.poll(ctx())).batches.length).toBeGreaterThan(0);
  });
});

// The fault table is shared with the connector tests; one case here proves timeouts still classify in the worker.
it('keeps the timeout classification', async () => {
  const slow = FAULT_CASES.find((c) => c.stage === 'timeout');
  if (!slow) throw new Error('no timeout case in FAULT_CASES');
  api.fault('*', slow.fault);
  const e = await failure(w.connectors.litellm.poll(ctx({ target: { ...ctx().target, timeoutMs: 500 } })));
  expect(e.stage).toBe('timeout');
});
