import { join } from 'node:path';
import { createCore } from '../../../electron/core';
import type { SampleBatch } from '../../../electron/core/connections/types';
import type { Db } from '../../../electron/core/db/sqlite';
import { noDialogs, silentLogger } from '../../../electron/core/ports';
import { ingestBatches } from '../../../electron/core/repositories/metrics.repo';
import { createRouter } from '../../../electron/core/router';
import { openOrThrow } from '../../../electron/core/testing/portfolio-files';
import type { SeriesView } from '../../../shared/domain/connections/metrics';
import { SENDER } from '../demoCore';
import { interleaved, timeMs } from '../stats';
import type { BenchContext, BenchRow } from '../types';

const SAMPLES = 1_000_000;
const SERIES = 100;
const STEP = 15;
const START = Date.UTC(2026, 0, 1) / 1000;
const NOW = new Date((START + SAMPLES * STEP + 3600) * 1000);

/** A fresh portfolio with one initiative and one Prometheus connection. Not timed. */
function freshFile(ctx: BenchContext): { db: Db; path: string; initiativeId: number; connectionId: number } {
  const path = join(ctx.temp.make('fd-bench-metrics-'), 'metrics.flightdeck');
  const db = openOrThrow(path);
  const at = '2026-01-01T00:00:00.000Z';
  const initiativeId = Number(
    db
      .prepare(
        `INSERT INTO initiatives (name, type, phase, status, risk_tier, phase_entered_at, created_at, updated_at)
         VALUES ('Bench', 'chatbot', 'MONITOR_OBSERVE', 'active', 'limited', ?, ?, ?)`,
      )
      .run(at, at, at).lastInsertRowid,
  );
  const connectionId = Number(
    db
      .prepare(
        `INSERT INTO connections (kind, name, base_url, auth_kind, timeout_ms, poll_interval_s, created_at, updated_at)
         VALUES ('prometheus', 'bench', 'http://127.0.0.1:9', 'none', 5000, 15, ?, ?)`,
      )
      .run(at, at).lastInsertRowid,
  );
  return { db, path, initiativeId, connectionId };
}

/** `series` batches of SAMPLES / series points each, one every STEP s from START, with a daily wave. */
function batches(initiativeId: number, series: number): SampleBatch[] {
  const per = SAMPLES / series;
  return Array.from({ length: series }, (_, k) => ({
    initiativeId,
    metric: 'requests' as const,
    family: 'litellm',
    dims: { model: `model-${k}` },
    points: Array.from({ length: per }, (_, j): [number, number] => {
      const ts = START + j * STEP;
      return [ts, 50 + 40 * Math.sin((ts / 86_400) * 2 * Math.PI) + (j % 7)];
    }),
  }));
}

/** Issue 6: "Ingest ≥ 200,000 samples/s into SQLite (baseline: raw prepared inserts in one transaction)". */
const ingest: BenchRow = {
  figure: 'metrics ingest 1M samples (100 series, with roll-ups)',
  target: { ms: 5000, on: 'p95' },
  run: async (ctx) => {
    const runs = Math.min(ctx.runs, 3);
    const samples: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const f = freshFile(ctx);
      const data = batches(f.initiativeId, SERIES);
      const a = await timeMs(() => ingestBatches(f.db, f.connectionId, data, NOW));
      f.db.exec(
        'CREATE TABLE bare (series_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (series_id, ts)) STRICT, WITHOUT ROWID',
      );
      const ins = f.db.prepare('INSERT INTO bare (series_id, ts, value) VALUES (?, ?, ?)');
      const b = await timeMs(() =>
        f.db.transaction(() => {
          data.forEach((d, k) => {
            for (const [ts, v] of d.points) ins.run(k + 1, ts, v);
          });
        })(),
      );
      const n = f.db.prepare('SELECT count(*) FROM metric_samples').pluck().get() as number;
      f.db.close();
      if (n !== SAMPLES) throw new Error(`expected ${SAMPLES} samples, got ${n}`);
      if (i === 0) continue; // warm-up: JIT, statement preparation
      samples.push(a);
      baseline.push(b);
    }
    const best = Math.min(...samples);
    return {
      samples,
      baseline,
      baselineLabel: 'raw prepared INSERTs of the same rows into a bare table, one transaction',
      note: `${runs} runs on fresh files; ${Math.round(SAMPLES / (best / 1000)).toLocaleString('en')} samples/s at best, minute/hour/day roll-ups included`,
    };
  },
};

/** A core on a file holding one 1,000,000-point series (ingest not timed). */
async function withSeries<T>(
  ctx: BenchContext,
  use: (call: (input: unknown) => Promise<SeriesView>, db: Db, initiativeId: number) => Promise<T>,
): Promise<T> {
  const f = freshFile(ctx);
  const single = batches(f.initiativeId, 1);
  ingestBatches(f.db, f.connectionId, single, NOW);
  f.db.close();
  const core = createCore({ defaultDbPath: f.path, dialogs: noDialogs, clock: { now: () => NOW } });
  try {
    await core.handlers['workspace/openDefault'](undefined);
    const dispatch = createRouter(core.handlers, () => true, silentLogger);
    const call = async (input: unknown) => {
      const r = await dispatch(SENDER, 'metrics/series', input);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as SeriesView;
    };
    return await use(call, core.workspace.db(), f.initiativeId);
  } finally {
    core.dispose();
  }
}

/** Issue 6: "A 1,000,000-point series: first chart render ≤ 800 ms" — the core's share: the whole-range query. */
const wholeRange: BenchRow = {
  figure: 'metrics series 1M points whole-range query (metrics/series, core side)',
  target: { ms: 200, on: 'p95' },
  run: (ctx) =>
    withSeries(ctx, async (call, db, initiativeId) => {
      const raw = db
        .prepare(
          'SELECT bucket, sum, n FROM metric_rollups WHERE series_id = ? AND level = 3600 AND bucket >= 0 ORDER BY bucket',
        )
        .raw();
      const seriesId = db.prepare('SELECT id FROM metric_series').pluck().get() as number;
      let view: SeriesView | null = null;
      const r = await interleaved(
        ctx.runs,
        3,
        async () => {
          view = await call({ initiativeId, metric: 'requests', maxPoints: 1500 });
        },
        () => raw.all(seriesId),
      );
      const v = view as SeriesView | null;
      return {
        ...r,
        baselineLabel: 'raw SELECT of the series hour roll-ups',
        note: `${v?.t.length ?? 0} points from resolution ${v?.resolution ?? '?'} s over ${v?.rawCount.toLocaleString('en') ?? 0} samples`,
      };
    }),
};

/** Issue 6: "zoom ≤ 100 ms" — the core's share: a one-day window somewhere in the series. */
const zoom: BenchRow = {
  figure: 'metrics series 1M points zoom query (metrics/series, one day, core side)',
  target: { ms: 50, on: 'p95' },
  run: (ctx) =>
    withSeries(ctx, async (call, db, initiativeId) => {
      const raw = db
        .prepare('SELECT ts, value FROM metric_samples WHERE series_id = ? AND ts BETWEEN ? AND ? ORDER BY ts')
        .raw();
      const seriesId = db.prepare('SELECT id FROM metric_series').pluck().get() as number;
      const span = SAMPLES * STEP;
      let k = 0;
      let j = 0;
      const windowAt = (i: number) => START + ((i * 7919 * 86_400) % (span - 86_400));
      let view: SeriesView | null = null;
      const r = await interleaved(
        ctx.runs,
        3,
        async () => {
          const from = windowAt(k++);
          view = await call({ initiativeId, metric: 'requests', from, to: from + 86_400, maxPoints: 1500 });
        },
        () => {
          const from = windowAt(j++);
          raw.all(seriesId, from, from + 86_400);
        },
      );
      const v = view as SeriesView | null;
      return {
        ...r,
        baselineLabel: 'raw SELECT of the same window of samples',
        note: `${v?.t.length ?? 0} points from resolution ${v?.resolution ?? '?'} s`,
      };
    }),
};

export const metricsRows: BenchRow[] = [ingest, wholeRange, zoom];
