import { phaseNumber, type PhaseId } from '../../../shared/domain/phases';
import { monthIndex, monthOf, monthOfDate, preferredPlan } from '../../../shared/domain/roiActuals';
import type { Db } from '../db/sqlite';
import type { InitiativeRecord } from '../repositories/initiatives.repo';
import type { RoiActualRecord } from '../repositories/roiActuals.repo';
import { hasTable } from '../repositories/signals.repo';
import { insertAll } from './bulkInsert';
import { rng, type Rng } from './random';
import type { DemoScenario } from './roi';

/**
 * Plan vs actual on the demo portfolio (issue 4). Initiatives from build & validate on (phases 4–7) get a
 * start month on their ROI models, and up to MAX_WITH_ACTUALS of them get quarterly actuals: the build
 * before the start, then the run costs per category near plan, with some pilots 30–60 % over on a run
 * category or two (human review and inference are the usual suspects), and realised benefits once they
 * are monitored in production (phases 6–7), ramping up towards plan.
 *
 * Cheap on purpose (the 10k demo has a time budget): no model is evaluated; the archetype lines are
 * products of numbers and driver keys (roi.ts), read straight from the stored JSON, and amounts are drawn
 * from a stream per initiative seeded by its id and creation stamp, which the demo seed fixed.
 */

export const MAX_WITH_ACTUALS = 120;
const FIRST_PHASE = 4;
const START_MONTH_NULL = '"startMonth":null';

function hash(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const streamOf = (i: InitiativeRecord, salt: number): Rng => rng(hash(i.created_at, (i.id * 2654435761) ^ salt));

/**
 * Where year 1 of the plan starts, relative to when the initiative entered its phase: still ahead while it
 * is being built, around the move to production, well behind for those monitored or scaling.
 */
function startMonthOf(i: InitiativeRecord): string | null {
  const phase = phaseNumber(i.phase as PhaseId);
  if (phase < FIRST_PHASE) return null;
  const r = streamOf(i, 0x51a7);
  const entered = monthIndex(i.phase_entered_at.slice(0, 7));
  const offset = phase === 4 ? r.int(2, 6) : phase === 5 ? r.int(-1, 1) : phase === 6 ? -r.int(2, 6) : -r.int(6, 14);
  const created = monthIndex(i.created_at.slice(0, 7));
  return monthOf(Math.max(created + 2, entered + offset));
}

/** The demo scenarios with a start month on the models of initiatives in phases 4–7 (the rest stay without). */
export function withDemoStartMonths(
  scenarios: DemoScenario[],
  initiatives: readonly InitiativeRecord[],
): DemoScenario[] {
  const byId = new Map<number, InitiativeRecord>();
  for (const i of initiatives) byId.set(i.id, i);
  const starts = new Map<number, string | null>();
  for (const s of scenarios) {
    let start = starts.get(s.initiative_id);
    if (start === undefined) {
      const i = byId.get(s.initiative_id);
      starts.set(s.initiative_id, (start = i ? startMonthOf(i) : null));
    }
    if (start === null) continue;
    // The field sits near the front of the stored JSON; slicing around it lets V8 join the pieces lazily
    // instead of copying thousands of kilobyte-long documents here.
    const at = s.model_json.indexOf(START_MONTH_NULL);
    if (at >= 0) {
      s.model_json =
        s.model_json.slice(0, at) + `"startMonth":"${start}"` + s.model_json.slice(at + START_MONTH_NULL.length);
    }
  }
  return scenarios;
}

type Years = number[];
interface PlanShape {
  startMonth: string;
  horizonYears: number;
  costs: Map<string, Years>;
  benefits: Map<string, Years>;
}

interface StoredLine {
  category: string;
  inputs: Record<string, string>;
  timing: { type: string; from?: number; to?: number; year?: number };
  kind: string;
}

/** A formula that is a product of numbers and driver keys, at the drivers' likely values; null otherwise. */
function product(formula: string, likely: Map<string, number>): number | null {
  let v = 1;
  for (const raw of formula.split('*')) {
    const f = raw.trim();
    const n = /^\d+(\.\d+)?$/.test(f) ? Number(f) : likely.get(f);
    if (n === undefined || !Number.isFinite(n)) return null;
    v *= n;
  }
  return v;
}

/** The plan per category and model year, from a stored demo model; null when it is not of the demo's simple form. */
function shapeOf(json: string): PlanShape | null {
  let model: {
    startMonth?: string | null;
    horizonYears?: number;
    drivers?: { key: string; likely: number }[];
    costs?: StoredLine[];
    benefits?: StoredLine[];
  };
  try {
    model = JSON.parse(json) as typeof model;
  } catch {
    return null;
  }
  if (!model.startMonth) return null;
  const H = model.horizonYears ?? 3;
  const likely = new Map((model.drivers ?? []).map((d) => [d.key, d.likely]));
  const sideOf = (lines: StoredLine[] = []): Map<string, Years> | null => {
    const out = new Map<string, Years>();
    for (const l of lines) {
      const amount = l.kind === 'amount' && l.inputs.amount ? product(l.inputs.amount, likely) : null;
      if (amount === null) return null;
      let years = out.get(l.category);
      if (!years) out.set(l.category, (years = new Array<number>(H + 1).fill(0)));
      const t = l.timing;
      if (t.type === 'initial') years[0]! += amount;
      else if (t.type === 'once' && t.year !== undefined && t.year <= H) years[t.year]! += amount;
      else if (t.type === 'recurring') for (let y = t.from ?? 1; y <= Math.min(H, t.to ?? H); y++) years[y]! += amount;
    }
    return out;
  };
  const costs = sideOf(model.costs);
  const benefits = sideOf(model.benefits);
  if (!costs || !benefits) return null;
  return { startMonth: model.startMonth, horizonYears: H, costs, benefits };
}

/** Categories a pilot typically overruns once real traffic arrives. */
const OVERRUN_PRONE = ['HUMAN_REVIEW', 'INFERENCE', 'INTEGRATION', 'DATA_PIPELINE'];
const NOTES: Record<string, string> = {
  HUMAN_REVIEW: 'More cases routed to reviewers than planned',
  INFERENCE: 'Longer prompts and retries in production traffic',
  INTEGRATION: 'Extra connector work for the legacy system',
  DATA_PIPELINE: 'Backfill of historical records',
};

/**
 * Quarterly actuals for the first MAX_WITH_ACTUALS live initiatives in phases 4–7 with a dated plan, up to
 * the month of `asOfIso`. Rows are ready for insertAll (ids assigned by the database).
 */
export function generateDemoActuals(
  initiatives: readonly InitiativeRecord[],
  scenarios: readonly DemoScenario[],
  asOfIso: string,
): Omit<RoiActualRecord, 'id'>[] {
  const asOf = monthOfDate(new Date(asOfIso));
  const asOfIdx = monthIndex(asOf);
  const byInitiative = new Map<number, DemoScenario[]>();
  for (const s of scenarios) {
    let list = byInitiative.get(s.initiative_id);
    if (!list) byInitiative.set(s.initiative_id, (list = []));
    list.push(s);
  }
  const rows: Omit<RoiActualRecord, 'id'>[] = [];
  let count = 0;
  for (const i of initiatives) {
    if (count >= MAX_WITH_ACTUALS) break;
    const phase = phaseNumber(i.phase as PhaseId);
    if (phase < FIRST_PHASE || i.archived_at !== null || i.status === 'killed') continue;
    const own = byInitiative.get(i.id);
    if (!own) continue;
    const plan = preferredPlan(
      own.map((s, k) => ({ id: k, name: s.name, kind: s.kind, updatedAt: s.updated_at, scenario: s })),
    );
    const shape = plan ? shapeOf(plan.scenario.model_json) : null;
    if (!shape) continue;
    count++;
    const r = streamOf(i, 0xac7a);
    const start = monthIndex(shape.startMonth);
    const end = Math.min(asOfIdx, start + 12 * shape.horizonYears - 1);
    // Some pilots overrun a category or two by 30–60 %; the rest land near plan.
    const overrun = new Map<string, number>();
    if (r.chance(0.35)) {
      for (const c of OVERRUN_PRONE) if (shape.costs.has(c) && r.chance(0.45)) overrun.set(c, 1.3 + r.next() * 0.3);
    }
    const stamp = (month: number) => {
      const iso = `${monthOf(month)}-28T16:00:00.000Z`;
      return iso < asOfIso ? iso : asOfIso;
    };
    const push = (month: number, side: 'cost' | 'benefit', category: string, amount: number, note = '') => {
      const rounded = Math.round(amount);
      if (rounded <= 0) return;
      const at = stamp(month);
      rows.push({
        initiative_id: i.id,
        month: monthOf(month),
        side,
        category,
        amount: rounded,
        note,
        source: 'manual',
        created_at: at,
        updated_at: at,
      });
    };

    // Year 0, the build, in two instalments before the start (those already invoiced).
    for (const [category, years] of shape.costs) {
      const build = years[0]!;
      if (build <= 0) continue;
      const factor = 0.9 + r.next() * 0.25;
      for (const m of [start - 4, start - 1]) if (m <= asOfIdx) push(m, 'cost', category, (build / 2) * factor);
    }
    // The run, quarter by quarter; the quarter in progress is booked up to this month.
    const realisation = phase >= 6 ? 0.55 + r.next() * 0.35 : 0;
    for (let q = start, n = 0; q <= end; q += 3, n++) {
      const last = Math.min(q + 2, end);
      const yearOf = (m: number) => Math.floor((m - start) / 12) + 1;
      const planned = (years: Years) => {
        let sum = 0;
        for (let m = q; m <= last; m++) sum += (years[yearOf(m)] ?? 0) / 12;
        return sum;
      };
      for (const [category, years] of shape.costs) {
        const p = planned(years);
        if (p <= 0) continue;
        const over = overrun.get(category);
        const factor = (over ?? 0.92 + r.next() * 0.2) * (0.95 + r.next() * 0.1);
        push(last, 'cost', category, p * factor, over && n === 0 ? (NOTES[category] ?? '') : '');
      }
      if (realisation > 0) {
        // Adoption takes a few quarters to reach what the plan assumed.
        const ramp = Math.min(1, 0.45 + n * 0.15) * realisation;
        for (const [category, years] of shape.benefits) push(last, 'benefit', category, planned(years) * ramp);
      }
    }
  }
  return rows;
}

/** Writes the demo's actuals (inside the caller's transaction); files without the table are left alone. */
export function insertDemoRoiActuals(
  db: Db,
  data: { initiatives: readonly InitiativeRecord[]; governance: { roiScenarios: readonly DemoScenario[] } },
  asOfIso: string,
): void {
  if (!hasTable(db, 'roi_actuals')) return;
  insertAll(db, 'roi_actuals', generateDemoActuals(data.initiatives, data.governance.roiScenarios, asOfIso));
}
