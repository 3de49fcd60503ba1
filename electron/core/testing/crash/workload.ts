/**
 * The crash worker's writes: a seeded, random mix of real app writes through the core's IPC handlers (the
 * router included, so inputs are parsed as the renderer's are) plus the poller's metric ingest. Each write
 * prints `begin` before it starts and an ack after the handler returned; see protocol.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLIGHTDECK_COLUMNS } from '../../../../shared/domain/import/columns';
import type { Result } from '../../../../shared/errors';
import type { Channel, Input, Output } from '../../../../shared/ipc/contract';
import { seededRandom } from '../../../../shared/random';
import type { Db } from '../../db/sqlite';
import { ingestBatches } from '../../repositories/metrics.repo';
import type { FakeDialogs } from '../fakes';
import { importName, marker, type OpKind, type WorkerLine } from './protocol';

export interface WorkloadDeps {
  invoke<C extends Channel>(channel: C, input?: Input<C>): Promise<Result<Output<C>>>;
  db(): Db;
  dialogs: FakeDialogs;
  /** Folder for the generated import files. */
  dir: string;
  print(line: WorkerLine): void;
}

export interface WorkloadOptions {
  seed: number;
  /** First sequence number of this run; the harness makes it larger than any earlier run's. */
  seqBase: number;
  /** Stop after this many ops (0: run until killed). */
  maxOps: number;
}

const PHASES = [
  'STRATEGY',
  'DATA_FOUNDATION',
  'ARCHITECTURE',
  'DEVELOP_VALIDATE',
  'PRODUCTION_DEPLOY',
  'MONITOR_OBSERVE',
  'SCALE_OPTIMIZE',
] as const;
const NON_ADVANCING = ['HOLD', 'RECYCLE', 'DEFER'] as const;
/** Relative weights of the op kinds. */
const MIX: readonly [OpKind, number][] = [
  ['update', 22],
  ['create', 8],
  ['phase', 10],
  ['gate', 14],
  ['riskCreate', 5],
  ['riskUpdate', 10],
  ['measure', 10],
  ['import', 9],
  ['ingest', 12],
];
/** Samples start here (unix seconds); each ingest batch is a new series, so any timestamps will do. */
const TS0 = 1_772_000_000;

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export async function runWorkload(deps: WorkloadDeps, options: WorkloadOptions): Promise<number> {
  const rnd = seededRandom(options.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T | undefined => (xs.length === 0 ? undefined : xs[int(0, xs.length - 1)]);
  const total = MIX.reduce((s, [, w]) => s + w, 0);
  const chooseKind = (): OpKind => {
    let r = rnd() * total;
    for (const [kind, w] of MIX) if ((r -= w) < 0) return kind;
    return 'update';
  };
  const ids = (sql: string) => deps.db().prepare(sql).pluck().all() as number[];

  let seq = options.seqBase;
  let ops = 0;
  while (options.maxOps === 0 || ops < options.maxOps) {
    seq++;
    ops++;
    const kind = chooseKind();
    deps.print({ op: 'begin', seq, kind });
    const refused = <T>(r: Result<T>): r is Extract<Result<T>, { ok: false }> => {
      if (r.ok) return false;
      deps.print({ op: 'refused', seq, kind, code: r.error.code, message: r.error.message });
      return true;
    };
    const initiative = pick(ids('SELECT id FROM initiatives WHERE archived_at IS NULL ORDER BY id'));
    if (initiative === undefined) throw new Error('the crash portfolio has no initiatives');

    switch (kind) {
      case 'create': {
        const name = `crash-c${seq}`;
        const r = await deps.invoke('initiative/create', { name, businessUnit: 'Crash', description: marker(seq) });
        if (!refused(r)) deps.print({ op: 'create', seq, id: r.value.id, name });
        break;
      }
      case 'update': {
        const r = await deps.invoke('initiative/update', { id: initiative, patch: { description: marker(seq) } });
        if (!refused(r)) deps.print({ op: 'update', seq, id: initiative });
        break;
      }
      case 'phase': {
        const current = deps.db().prepare('SELECT phase FROM initiatives WHERE id = ?').pluck().get(initiative);
        const toPhase = pick(PHASES.filter((p) => p !== current))!;
        const r = await deps.invoke('initiative/changePhase', { id: initiative, toPhase, reason: marker(seq) });
        if (!refused(r)) deps.print({ op: 'phase', seq, id: initiative, toPhase });
        break;
      }
      case 'gate': {
        // Decide an open review when there is one (a kill may have left one open), else request a new one.
        const open = pick(ids(`SELECT id FROM gate_reviews WHERE status = 'open' ORDER BY id`));
        if (open !== undefined) {
          const decision = pick(NON_ADVANCING)!;
          const r = await deps.invoke('gate/decide', { reviewId: open, decision, notes: marker(seq) });
          if (!refused(r)) deps.print({ op: 'gateDecide', seq, reviewId: open, decision });
        } else {
          const r = await deps.invoke('gate/request', { initiativeId: initiative });
          if (!refused(r))
            deps.print({ op: 'gateRequest', seq, reviewId: r.value.review.id, initiativeId: initiative });
        }
        break;
      }
      case 'riskCreate': {
        const r = await deps.invoke('risk/create', {
          initiativeId: initiative,
          title: `crash-r${seq}`,
          description: marker(seq),
          category: 'DATA',
          inherent: { likelihood: int(1, 5), impact: int(1, 5) },
        });
        if (!refused(r)) deps.print({ op: 'riskCreate', seq, id: r.value.id });
        break;
      }
      case 'riskUpdate': {
        const risk = pick(ids('SELECT id FROM risks ORDER BY id'));
        if (risk === undefined) break;
        const r = await deps.invoke('risk/update', { id: risk, patch: { description: marker(seq) } });
        if (!refused(r)) deps.print({ op: 'riskUpdate', seq, id: risk });
        break;
      }
      case 'measure': {
        const kpi = pick(ids('SELECT id FROM kpis ORDER BY id'));
        if (kpi === undefined) break;
        const r = await deps.invoke('kpi/addMeasurement', {
          kpiId: kpi,
          periodEnd: '2026-02-28',
          value: seq,
          source: marker(seq),
        });
        if (!refused(r)) deps.print({ op: 'measure', seq, kpiId: kpi });
        break;
      }
      case 'import': {
        const rows = int(2, 12);
        const header = FLIGHTDECK_COLUMNS.map((c) => csvField(c.header)).join(',');
        const lines = Array.from({ length: rows }, (_, k) =>
          FLIGHTDECK_COLUMNS.map((c) =>
            csvField(c.field === 'name' ? importName(seq, rows, k) : c.field === 'businessUnit' ? 'Crash import' : ''),
          ).join(','),
        );
        const path = join(deps.dir, `crash-import-${seq}.csv`);
        writeFileSync(path, [header, ...lines].join('\r\n') + '\r\n', 'utf8');
        deps.dialogs.queueImport(path);
        const opened = await deps.invoke('import/open');
        if (refused(opened)) break;
        const r = await deps.invoke('import/run', { token: opened.value.token, profileId: 'builtin:flightdeck' });
        if (refused(r)) break;
        if (r.value.imported !== rows || !r.value.committed) {
          deps.print({ op: 'refused', seq, kind, code: 'PARTIAL_IMPORT', message: JSON.stringify(r.value) });
          break;
        }
        deps.print({ op: 'import', seq, rows });
        break;
      }
      case 'ingest': {
        const n = int(5, 240);
        const points = Array.from({ length: n }, (_, k) => [TS0 + k * 60, seq + k] as [number, number]);
        ingestBatches(deps.db(), null, [
          {
            initiativeId: initiative,
            metric: 'requests',
            family: 'crash',
            dims: { crash: String(seq), n: String(n) },
            points,
          },
        ]);
        deps.print({ op: 'ingest', seq, initiativeId: initiative, points: n });
        break;
      }
    }
  }
  return ops;
}
