/**
 * The crash harness's independent reader: after a SIGKILL it opens the file as the app's next start would
 * (read-write, so SQLite recovers the WAL) and checks the "nothing lost" invariants of
 * docs/reference/perf-reliability.md:
 * - I1 every acknowledged write is there with its value (or a later one of the same field);
 * - I2 no partial transaction: an import batch or an ingest batch is all there or absent, and every stored
 *   change has the audit entry written in its transaction;
 * - I3 integrity_check is ok and foreign_key_check finds nothing;
 * - I4 the audit chain verifies;
 * - I5 the app's own openPortfolio opens the file afterwards.
 */
import { verifyAuditChain } from '../../audit/verify';
import { openPortfolio } from '../../db/open';
import { openSqlite, type Db } from '../../db/sqlite';
import { IMPORT_NAME, markerSeq, type Ack, type OpKind } from './protocol';

/** Ids that existed before the first kill: rows above them were written by the worker, through the core. */
export interface Baseline {
  initiatives: number;
  risks: number;
  reviews: number;
}

export function readBaseline(path: string): Baseline {
  const db = openSqlite(path, { fileMustExist: true });
  try {
    const max = (table: string) => db.prepare(`SELECT coalesce(max(id), 0) FROM ${table}`).pluck().get() as number;
    return { initiatives: max('initiatives'), risks: max('risks'), reviews: max('gate_reviews') };
  } finally {
    db.close();
  }
}

/** Every write acknowledged so far, across all iterations (the file is kept, so the demands accumulate). */
export class AckModel {
  readonly updates = new Map<number, number>();
  readonly creates = new Map<number, string>();
  readonly phases: { id: number; seq: number; toPhase: string }[] = [];
  readonly reviews = new Set<number>();
  readonly decisions = new Map<number, string>();
  readonly riskCreates = new Map<number, string>();
  readonly riskUpdates = new Map<number, number>();
  readonly measures: { kpiId: number; seq: number }[] = [];
  readonly imports: { seq: number; rows: number }[] = [];
  readonly ingests: { seq: number; points: number }[] = [];
  count = 0;

  add(a: Ack): void {
    this.count++;
    switch (a.op) {
      case 'create':
        this.creates.set(a.id, a.name);
        break;
      case 'update':
        this.updates.set(a.id, Math.max(a.seq, this.updates.get(a.id) ?? 0));
        break;
      case 'phase':
        this.phases.push({ id: a.id, seq: a.seq, toPhase: a.toPhase });
        break;
      case 'gateRequest':
        this.reviews.add(a.reviewId);
        break;
      case 'gateDecide':
        this.decisions.set(a.reviewId, a.decision);
        break;
      case 'riskCreate':
        this.riskCreates.set(a.id, `crash-r${a.seq}`);
        break;
      case 'riskUpdate':
        this.riskUpdates.set(a.id, Math.max(a.seq, this.riskUpdates.get(a.id) ?? 0));
        break;
      case 'measure':
        this.measures.push({ kpiId: a.kpiId, seq: a.seq });
        break;
      case 'import':
        this.imports.push({ seq: a.seq, rows: a.rows });
        break;
      case 'ingest':
        this.ingests.push({ seq: a.seq, points: a.points });
        break;
    }
  }
}

export interface VerifyOutcome {
  problems: string[];
  /**
   * Whether the write in flight at the kill (begun, not acknowledged) is in the file: true means the kill
   * landed between its COMMIT and its ack line. Null when nothing was in flight or the op leaves no mark
   * (a gate request).
   */
  inFlightCommitted: boolean | null;
}

/** Whether the op `seq` left its mark in the file (every op but a gate request stores `crash:<seq>` or its seq). */
function committedMark(db: Db, seq: number, kind: OpKind): boolean | null {
  const m = `crash:${seq}`;
  const has = (sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) !== undefined;
  switch (kind) {
    case 'create':
    case 'update':
      return has('SELECT 1 FROM initiatives WHERE description = ?', m);
    case 'phase':
      return has('SELECT 1 FROM phase_transitions WHERE reason = ?', m);
    case 'gate':
      // A decision carries the mark in its notes; a request carries none.
      return has('SELECT 1 FROM gate_reviews WHERE notes = ?', m) ? true : null;
    case 'riskCreate':
    case 'riskUpdate':
      return has('SELECT 1 FROM risks WHERE description = ?', m);
    case 'measure':
      return has('SELECT 1 FROM kpi_measurements WHERE source = ?', m);
    case 'import':
      return has(`SELECT 1 FROM initiatives WHERE name LIKE ?`, `crash-i${seq}n%`);
    case 'ingest':
      return has(`SELECT 1 FROM metric_series WHERE json_extract(dims, '$.crash') = ?`, String(seq));
  }
}

/** Checks the file after a kill. Empty `problems`: every invariant holds. */
export function verifyAfterKill(
  path: string,
  model: AckModel,
  base: Baseline,
  inFlight: { seq: number; kind: OpKind } | null = null,
): VerifyOutcome {
  const problems: string[] = [];
  let inFlightCommitted: boolean | null = null;
  let db: Db;
  try {
    db = openSqlite(path, { fileMustExist: true });
  } catch (e) {
    return { problems: [`I5: the file does not open: ${(e as Error).message}`], inFlightCommitted };
  }
  try {
    // I3
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`I3: integrity_check: ${String(integrity)}`);
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length > 0) problems.push(`I3: foreign_key_check: ${JSON.stringify(fk.slice(0, 5))}`);
    if (problems.length > 0) return { problems, inFlightCommitted };

    if (inFlight) inFlightCommitted = committedMark(db, inFlight.seq, inFlight.kind);

    // I4
    const chain = verifyAuditChain(db);
    if (!chain.ok) problems.push(`I4: audit chain broken at ${chain.firstBrokenSeq}: ${chain.reason}: ${chain.detail}`);

    const auditAfter = db.prepare(
      `SELECT 1 FROM audit_log WHERE entity_kind = ? AND entity_id = ? AND json_extract(after_json, ?) = ? LIMIT 1`,
    );
    const hasAudit = (kind: string, id: number, jsonPath: string, value: string | number) =>
      auditAfter.get(kind, id, jsonPath, value) !== undefined;
    const created = db.prepare(
      `SELECT 1 FROM audit_log WHERE entity_kind = ? AND entity_id = ? AND action = ? LIMIT 1`,
    );

    // Initiatives: I1 for creates and updates; I2 for the audit entry of whatever is stored.
    const initiatives = new Map(
      (
        db.prepare('SELECT id, name, description, phase FROM initiatives').all() as {
          id: number;
          name: string;
          description: string;
          phase: string;
        }[]
      ).map((r) => [r.id, r]),
    );
    for (const [id, name] of model.creates) {
      if (initiatives.get(id)?.name !== name) problems.push(`I1: created initiative ${id} (${name}) is missing`);
    }
    for (const [id, seq] of model.updates) {
      const stored = markerSeq(initiatives.get(id)?.description);
      if (stored === null || stored < seq) {
        problems.push(
          `I1: initiative ${id} description is ${initiatives.get(id)?.description}, acknowledged crash:${seq}`,
        );
      }
    }
    const batches = new Map<number, { rows: number; found: number }>();
    for (const r of initiatives.values()) {
      if (r.id > base.initiatives && created.get('initiative', r.id, 'initiative.create') === undefined) {
        problems.push(`I2: initiative ${r.id} (${r.name}) has no initiative.create audit entry`);
      }
      if (markerSeq(r.description) !== null && !hasAudit('initiative', r.id, '$.description', r.description)) {
        problems.push(`I2: initiative ${r.id} holds ${r.description} but no audit entry records it`);
      }
      const m = IMPORT_NAME.exec(r.name);
      if (m) {
        const b = batches.get(Number(m[1])) ?? { rows: Number(m[2]), found: 0 };
        b.found++;
        batches.set(Number(m[1]), b);
      }
    }
    for (const [seq, b] of batches) {
      if (b.found !== b.rows) problems.push(`I2: import batch ${seq} has ${b.found} of its ${b.rows} rows`);
    }
    for (const { seq, rows } of model.imports) {
      if (batches.get(seq)?.found !== rows) problems.push(`I1: acknowledged import ${seq} (${rows} rows) is missing`);
    }

    // Phase moves: the acknowledged transition is there, its audit entry too, and the stored phase is the
    // last transition's (a move is one transaction: row update and history row together).
    const transitionFor = db.prepare(
      'SELECT to_phase FROM phase_transitions WHERE initiative_id = ? AND reason = ? ORDER BY id DESC LIMIT 1',
    );
    for (const p of model.phases) {
      const t = transitionFor.get(p.id, `crash:${p.seq}`) as { to_phase: string } | undefined;
      if (t?.to_phase !== p.toPhase) problems.push(`I1: phase move crash:${p.seq} of initiative ${p.id} is missing`);
    }
    const lastMoves = db
      .prepare(
        `SELECT t.initiative_id AS id, t.to_phase AS toPhase, t.reason AS reason FROM phase_transitions t
         WHERE t.id = (SELECT max(id) FROM phase_transitions WHERE initiative_id = t.initiative_id)
           AND t.reason LIKE 'crash:%'`,
      )
      .all() as { id: number; toPhase: string; reason: string }[];
    for (const m of lastMoves) {
      const now = initiatives.get(m.id)?.phase;
      if (now !== m.toPhase)
        problems.push(`I2: initiative ${m.id} is in ${now} but its last move (${m.reason}) went to ${m.toPhase}`);
      if (!hasAudit('initiative', m.id, '$.phase', m.toPhase)) {
        problems.push(`I2: move ${m.reason} of initiative ${m.id} has no audit entry`);
      }
    }

    // Gate reviews.
    const reviews = db.prepare('SELECT id, status, decision, notes FROM gate_reviews').all() as {
      id: number;
      status: string;
      decision: string | null;
      notes: string;
    }[];
    const reviewById = new Map(reviews.map((r) => [r.id, r]));
    for (const id of model.reviews)
      if (!reviewById.has(id)) problems.push(`I1: requested gate review ${id} is missing`);
    for (const [id, decision] of model.decisions) {
      const r = reviewById.get(id);
      if (r?.status !== 'decided' || r.decision !== decision) {
        problems.push(`I1: decision ${decision} on review ${id} is missing (stored: ${r?.status} ${r?.decision})`);
      }
    }
    for (const r of reviews) {
      if (r.id > base.reviews && created.get('gateReview', r.id, 'gateReview.create') === undefined) {
        problems.push(`I2: gate review ${r.id} has no gateReview.create audit entry`);
      }
      // Decisions the worker took carry its mark in the notes (the demo's own decisions have no audit entries).
      const byWorker = r.id > base.reviews || markerSeq(r.notes) !== null;
      if (byWorker && r.status === 'decided' && !hasAudit('gateReview', r.id, '$.decision', r.decision ?? '')) {
        problems.push(`I2: decision ${r.decision} on review ${r.id} has no audit entry`);
      }
    }

    // Risks.
    const risks = new Map(
      (
        db.prepare('SELECT id, title, description FROM risks').all() as {
          id: number;
          title: string;
          description: string;
        }[]
      ).map((r) => [r.id, r]),
    );
    for (const [id, title] of model.riskCreates) {
      if (risks.get(id)?.title !== title) problems.push(`I1: created risk ${id} (${title}) is missing`);
    }
    for (const [id, seq] of model.riskUpdates) {
      const stored = markerSeq(risks.get(id)?.description);
      if (stored === null || stored < seq) {
        problems.push(`I1: risk ${id} description is ${risks.get(id)?.description}, acknowledged crash:${seq}`);
      }
    }
    for (const r of risks.values()) {
      if (r.id > base.risks && created.get('risk', r.id, 'risk.create') === undefined) {
        problems.push(`I2: risk ${r.id} has no risk.create audit entry`);
      }
      if (markerSeq(r.description) !== null && !hasAudit('risk', r.id, '$.description', r.description)) {
        problems.push(`I2: risk ${r.id} holds ${r.description} but no audit entry records it`);
      }
    }

    // KPI measurements: stored ones have their audit entry; acknowledged ones are stored.
    const measured = db
      .prepare(`SELECT kpi_id AS kpiId, value, source FROM kpi_measurements WHERE source LIKE 'crash:%'`)
      .all() as { kpiId: number; value: number; source: string }[];
    const measuredKeys = new Set(measured.map((m) => `${m.kpiId}:${m.source}:${m.value}`));
    for (const m of model.measures) {
      if (!measuredKeys.has(`${m.kpiId}:crash:${m.seq}:${m.seq}`))
        problems.push(`I1: measurement crash:${m.seq} of KPI ${m.kpiId} is missing`);
    }
    const measureAudit = db.prepare(
      `SELECT 1 FROM audit_log a, json_each(a.after_json, '$.measurements') m
       WHERE a.entity_kind = 'kpi' AND a.entity_id = ? AND json_extract(m.value, '$.value') = ? LIMIT 1`,
    );
    for (const m of measured) {
      if (measureAudit.get(m.kpiId, m.value) === undefined)
        problems.push(`I2: measurement ${m.source} has no audit entry`);
    }

    // Metric ingest: each batch is one new series; all of its samples and roll-ups or nothing.
    const series = db
      .prepare(
        `SELECT s.id, json_extract(s.dims, '$.crash') AS seq, json_extract(s.dims, '$.n') AS n,
                (SELECT count(*) FROM metric_samples WHERE series_id = s.id) AS samples,
                (SELECT coalesce(sum(n), 0) FROM metric_rollups WHERE series_id = s.id AND level = 86400) AS rolled
         FROM metric_series s WHERE json_extract(s.dims, '$.crash') IS NOT NULL`,
      )
      .all() as { id: number; seq: string; n: string; samples: number; rolled: number }[];
    const seriesBySeq = new Map(series.map((s) => [Number(s.seq), s]));
    for (const s of series) {
      if (s.samples !== Number(s.n) || s.rolled !== Number(s.n)) {
        problems.push(`I2: ingest batch ${s.seq} has ${s.samples} samples and ${s.rolled} rolled up of ${s.n}`);
      }
    }
    for (const i of model.ingests) {
      if (seriesBySeq.get(i.seq)?.samples !== i.points) problems.push(`I1: acknowledged ingest ${i.seq} is missing`);
    }
  } finally {
    db.close();
  }

  // I5: the app's own open (header, lock, quick_check, migrations) accepts the file.
  const opened = openPortfolio(path, { create: false });
  if (!opened.ok) problems.push(`I5: openPortfolio refused the file: ${opened.reason}: ${opened.message}`);
  else opened.db.close();
  return { problems, inFlightCommitted };
}
