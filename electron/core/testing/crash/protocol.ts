/**
 * What the crash worker tells the harness, one JSON object per stdout line. A `begin` line is written before a
 * write starts and an ack line only after the core's handler has returned (the transaction committed), so the
 * harness knows which writes it may demand after a SIGKILL and whether the kill landed while one was in flight.
 *
 * Every value a write stores carries the op's sequence number `seq`, which only grows across all iterations
 * (the harness hands each run a fresh `seqBase`). That makes "the acknowledged write survived" checkable even
 * when a later, unacknowledged write also committed: the stored number must be at least the acknowledged one.
 */

export type OpKind =
  'create' | 'update' | 'phase' | 'gate' | 'riskCreate' | 'riskUpdate' | 'measure' | 'import' | 'ingest';

export type Ack =
  /** initiative/create: the initiative `id` is stored with name `crash-c<seq>`. */
  | { op: 'create'; seq: number; id: number; name: string }
  /** initiative/update: description `crash:<seq>`. */
  | { op: 'update'; seq: number; id: number }
  /** initiative/changePhase: a transition to `toPhase` with reason `crash:<seq>`. */
  | { op: 'phase'; seq: number; id: number; toPhase: string }
  /** gate/request: review `reviewId` is stored (open, or decided by a later op). */
  | { op: 'gateRequest'; seq: number; reviewId: number; initiativeId: number }
  /** gate/decide: review `reviewId` is decided with `decision`. */
  | { op: 'gateDecide'; seq: number; reviewId: number; decision: string }
  /** risk/create: risk `id` with title `crash-r<seq>`. */
  | { op: 'riskCreate'; seq: number; id: number }
  /** risk/update: description `crash:<seq>`. */
  | { op: 'riskUpdate'; seq: number; id: number }
  /** kpi/addMeasurement: a measurement with source `crash:<seq>` and value seq. */
  | { op: 'measure'; seq: number; kpiId: number }
  /** import/run: `rows` initiatives named `crash-i<seq>n<rows>-r<k>`. */
  | { op: 'import'; seq: number; rows: number }
  /** ingestBatches: one series with dims {crash: seq, n} holding `points` samples. */
  | { op: 'ingest'; seq: number; initiativeId: number; points: number };

export type WorkerLine =
  | { op: 'opened' }
  | { op: 'begin'; seq: number; kind: OpKind }
  | { op: 'refused'; seq: number; kind: OpKind; code: string; message: string }
  | { op: 'openFailed'; reason: string; message: string }
  | { op: 'done'; ops: number }
  | Ack;

/** The value a write stores for `seq`, and back. */
export const marker = (seq: number): string => `crash:${seq}`;
export function markerSeq(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = /^crash:(\d+)$/.exec(value);
  return m ? Number(m[1]) : null;
}

export const importName = (seq: number, rows: number, k: number): string => `crash-i${seq}n${rows}-r${k}`;
/** Matches importName: the batch's seq and its row count. */
export const IMPORT_NAME = /^crash-i(\d+)n(\d+)-r\d+$/;

/** Errors a handler may legitimately answer in this workload (a refused op writes nothing). */
export const EXPECTED_REFUSALS: readonly string[] = ['CONFLICT', 'VALIDATION', 'NOT_FOUND'];

/** Parses the complete lines of a worker's stdout; a last line cut off by the kill is ignored. */
export function parseLines(stdout: string): WorkerLine[] {
  const parts = stdout.split('\n');
  parts.pop(); // after the last '\n': empty, or a line the kill interrupted
  const out: WorkerLine[] = [];
  for (const p of parts) {
    if (p.trim() === '') continue;
    out.push(JSON.parse(p) as WorkerLine);
  }
  return out;
}
