import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { detectPresets } from '../../../shared/domain/connections/presets';
import { SYNC_CONCURRENCY, mapBounded, syncOnce } from '../../../electron/core/connections/sync';
import { insertBinding, insertConnection, canonicalJson } from '../../../electron/core/repositories/connections.repo';
import { noSecretStore } from '../../../electron/core/ports';
import { FIXTURES_DIR } from '../../../electron/core/testing/mockApiServer';
import { createTestCore } from '../../../electron/core/testing/test-core';
import { buildPollWorker } from '../../../electron/core/testing/pollWorkerBuild';
import { createWorkerConnectors } from '../../../electron/core/connections/workerConnectors';
import type { BenchRow } from '../types';

const CONNECTIONS = 50;
const MODELS = ['gpt-4o', 'claude-3-5-sonnet', 'llama-3.1-70b'];
/** Steady state: each poll covers ten minutes of a 30 s grid (the first 24 h backfill is a one-off). */
const POLL_WINDOW_SEC = 600;
const START = Date.parse('2026-11-21T12:00:00.000Z');

/**
 * The servers, in a worker thread so their work is not counted in the main loop's delay (real servers are
 * other machines). Prometheus: `query_range` answers every requested step for three model series, the size
 * a real server sends for that window; `label/__name__/values` lists LiteLLM's names. LiteLLM: the recorded
 * daily-activity page.
 */
const SERVER = `
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const models = workerData.models;
function matrix(q) {
  const start = Number(q.get('start')), end = Number(q.get('end')), step = Number(q.get('step')) || 30;
  const result = models.map((model, i) => {
    const values = [];
    for (let t = start; t <= end && values.length < 11000; t += step) values.push([t, String((i + 1) * 0.37 + (t % 97) / 1000)]);
    return { metric: { model, team: 'finance', job: 'litellm' }, values };
  });
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
}
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const path = url.pathname.replace(/^\\/c\\d+/, '');
  let body;
  if (path === '/api/v1/query_range') body = matrix(url.searchParams);
  else if (path === '/api/v1/label/__name__/values') body = JSON.stringify({ status: 'success', data: workerData.names });
  else if (path === '/user/daily/activity') body = workerData.activity;
  else { res.writeHead(404, { 'content-type': 'application/json' }); res.end('{"error":"not found"}'); return; }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', (m) => { if (m === 'close') { server.closeAllConnections(); server.close(() => process.exit(0)); } });
`;

async function startServer(names: string[]): Promise<{ url: string; close: () => Promise<void> }> {
  const activity = readFileSync(join(FIXTURES_DIR, 'litellm-user-daily-activity.json'), 'utf8');
  const worker = new Worker(SERVER, { eval: true, workerData: { models: MODELS, names, activity } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      }),
  };
}

const LITELLM_NAMES = [
  'litellm_proxy_total_requests_metric_total',
  'litellm_proxy_failed_requests_metric_total',
  'litellm_input_tokens_metric_total',
  'litellm_output_tokens_metric_total',
  'litellm_spend_metric_total',
  'litellm_request_total_latency_metric_bucket',
  'litellm_llm_api_latency_metric_bucket',
];

/** p99 of the main loop's delay while `work` runs, in ms. */
async function loopDelayP99(work: () => Promise<unknown>): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  try {
    await work();
  } finally {
    h.disable();
  }
  return h.percentile(99) / 1e6;
}

/**
 * Issue 6: "50 connections polled at once: the main process event-loop delay stays ≤ 50 ms at p99". Half
 * Prometheus connections with a LiteLLM-preset binding (one query_range per canonical metric, three model
 * series each), half LiteLLM REST with daily activity; all 50 due at once and polled as the app polls them
 * (syncOnce with the scheduler's concurrency, SYNC_CONCURRENCY) through the real connectors in the polling worker (as the
 * app runs them: HTTP and parsing off the main thread), their batches ingested on the main thread into
 * SQLite (one transaction per poll, synchronous = FULL).
 * Each sample is one round's p99 loop delay. The baseline is the same round's HTTP fetches, bodies read but
 * not parsed or stored: the floor that the network stack alone costs the loop.
 */
const pollFifty: BenchRow = {
  figure: '50 connections polled at once: event-loop delay p99',
  target: { ms: 50, on: 'p95' },
  run: async (ctx) => {
    const server = await startServer(LITELLM_NAMES);
    const closers: Array<() => Promise<void>> = [];
    const t = createTestCore({ dir: ctx.temp.make('fd-bench-conn-'), env: {} });
    try {
      await t.ok('workspace/openDefault');
      await t.ok('workspace/setup', { mode: 'empty' });
      const db = t.db();
      const detected = detectPresets(LITELLM_NAMES).find((d) => d.preset === 'litellm')?.names ?? {};
      const at = new Date(START).toISOString();
      const urls: Array<{ kind: 'prometheus' | 'litellm'; base: string }> = [];
      for (let i = 0; i < CONNECTIONS; i++) {
        const initiativeId = (await t.ok('initiative/create', { name: `Initiative ${i}` })).id;
        const kind = i % 2 === 0 ? 'prometheus' : 'litellm';
        const base = `${server.url}/c${i}`;
        urls.push({ kind, base });
        const id = insertConnection(db, {
          kind,
          name: `Connection ${i}`,
          base_url: base,
          auth_kind: kind === 'litellm' ? 'bearer' : 'none',
          username: null,
          secret_ref: kind === 'litellm' ? 'env:BENCH_KEY' : null,
          timeout_ms: 30_000,
          poll_interval_s: 30,
          created_at: at,
          updated_at: at,
        });
        // Steady state: as if the last poll was one window ago.
        db.prepare('UPDATE connections SET cursor = ? WHERE id = ?').run(
          Math.floor(START / 1000) - POLL_WINDOW_SEC,
          id,
        );
        insertBinding(db, {
          initiative_id: initiativeId,
          connection_id: id,
          preset: kind === 'prometheus' ? 'litellm' : null,
          selector: canonicalJson(kind === 'prometheus' ? { team: 'finance' } : { model: 'gpt-4o' }),
          detected: kind === 'prometheus' ? canonicalJson(detected as Record<string, string>) : '{}',
          created_at: at,
        });
      }
      let nowMs = START;
      // As the app polls: requests and parsing in the polling worker, the SQLite writes on this thread.
      const worker = createWorkerConnectors({ path: await buildPollWorker(ctx.temp.make('fd-bench-worker-')) });
      closers.push(() => worker.close());
      const deps = {
        secrets: noSecretStore,
        env: { BENCH_KEY: 'sk-bench' },
        now: () => new Date(nowMs),
        connectors: worker.connectors,
      };
      const queries = Object.keys(detected).length;
      let stored = 0;
      let failed = 0;
      const round = () =>
        loopDelayP99(async () => {
          const out = await syncOnce(db, deps, SYNC_CONCURRENCY);
          stored = out.reduce((s, o) => s + o.samples, 0);
          failed = out.filter((o) => !o.ok).length;
        });
      const end = () => Math.floor(nowMs / 1000);
      const baseline = () =>
        loopDelayP99(() =>
          Promise.all(
            urls.map(({ kind, base }) =>
              kind === 'litellm'
                ? fetch(`${base}/user/daily/activity?page=1`).then((r) => r.text())
                : mapBounded(
                    Array.from({ length: queries }, (_, q) => q),
                    4,
                    (q) =>
                      fetch(
                        `${base}/api/v1/query_range?query=q${q}&start=${end() - POLL_WINDOW_SEC}&end=${end()}&step=30`,
                      ).then((r) => r.text()),
                  ),
            ),
          ),
        );
      const runs = Math.min(ctx.runs, 15);
      const samples: number[] = [];
      const base: number[] = [];
      for (let i = 0; i < runs + 2; i++) {
        nowMs += POLL_WINDOW_SEC * 1000;
        const a = await round();
        const b = await baseline();
        if (i >= 2) {
          samples.push(a);
          base.push(b);
        }
      }
      if (failed > 0) throw new Error(`${failed} of ${CONNECTIONS} polls failed`);
      return {
        samples,
        baseline: base,
        baselineLabel: 'the same HTTP fetches, bodies read, not parsed or stored',
        note: `${CONNECTIONS} connections (${CONNECTIONS / 2} Prometheus × ${queries} query_range, ${CONNECTIONS / 2} LiteLLM), ${stored.toLocaleString('en')} samples stored per round`,
      };
    } finally {
      for (const close of closers) await close();
      t.dispose();
      await server.close();
    }
  },
};

export const connectionRows: readonly BenchRow[] = [pollFifty];
