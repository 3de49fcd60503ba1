import type { FieldIssue } from '../../errors';
import { buildModel, valueIssues, type CompiledModel, type Side } from './compile';
import { evaluateCashFlows, presentValue, type CashFlowResult } from './finance';
import {
  COST_CATEGORIES,
  PRODUCTION_COST_CATEGORIES,
  type BenefitType,
  type CostCategory,
  type LineKind,
} from './schema';

/**
 * Everything the ROI screen and the CLI show for one model at its likely values: the TEI figures
 * unadjusted and risk-adjusted (finance.ts), the per-line per-year table, cumulative net, payback in
 * months, the §1.6 pilot-to-production warnings, and the break-even multiplier on a volume driver.
 * Nothing here returns NaN or Infinity: a model whose amounts are not finite comes back as field issues.
 */

export interface LineRow {
  id: string;
  name: string;
  side: Side;
  kind: LineKind;
  category: CostCategory | BenefitType;
  /** Amount per year, years 0..horizon. */
  years: number[];
  total: number;
  /** Present value (monthly models: of the amounts spread over the months). */
  pv: number;
}

export interface ModelView {
  cashFlow: CashFlowResult;
  /** Per period (yearly: years 0..H; monthly: month 0 = year 0, then months 1..12H). */
  costs: number[];
  benefits: number[];
  net: number[];
  cumulativeNet: number[];
  paybackMonths: number | null;
  discountedPaybackMonths: number | null;
  /** The IRR as an annual rate (monthly models compound the monthly IRR). */
  annualIrr: number | null;
  lines: LineRow[];
}

export type RoiWarningCode = 'PILOT_MULTIPLIER' | 'PRODUCTION_CATEGORY_MISSING' | 'RATE_DRIVER_DIFFERS';

export interface RoiWarning {
  code: RoiWarningCode;
  message: string;
  category?: CostCategory;
}

export type ModelEvaluation =
  | { ok: false; issues: FieldIssue[] }
  | {
      ok: true;
      horizonYears: number;
      periodicity: 'yearly' | 'monthly';
      periodCount: number;
      /** The annual discount rate used (the rate driver's likely value when one is set). */
      annualRate: number;
      unadjusted: ModelView;
      riskAdjusted: ModelView;
      warnings: RoiWarning[];
    };

export interface EvaluateOptions {
  /** The initiative's current phase (1..7); the production-category check applies from gate 3 on. */
  phase?: number | null;
  /** The §1.6 threshold: production (year 0 + year-1 run) below this multiple of the pilot's cost warns. */
  pilotMultiplierMin?: number;
}

const money = (x: number) => `$${Math.round(x).toLocaleString('en-US')}`;

function spread(years: ArrayLike<number>, periodCount: number, monthly: boolean): number[] {
  if (!monthly) return Array.from(years);
  const out = new Array<number>(periodCount);
  out[0] = years[0]!;
  for (let m = 1; m < periodCount; m++) out[m] = years[Math.ceil(m / 12)]! / 12;
  return out;
}

function view(compiled: CompiledModel, riskAdjusted: boolean): ModelView | number {
  const bad = compiled.flows(compiled.likely, riskAdjusted);
  if (bad >= 0) return bad;
  const monthly = compiled.periodicity === 'monthly';
  const rate = compiled.periodRate(compiled.likely);
  const costs = Array.from(compiled.costs);
  const benefits = Array.from(compiled.benefits);
  const cashFlow = evaluateCashFlows(costs, benefits, rate);
  const net = costs.map((c, t) => benefits[t]! - c);
  let cum = 0;
  const cumulativeNet = net.map((x) => (cum += x));
  const toMonths = (p: number | null) => (p === null ? null : monthly ? p : p * 12);
  const Y = compiled.horizonYears + 1;
  const lines = compiled.lines.map((l, i): LineRow => {
    const years = Array.from(compiled.lineYears.subarray(i * Y, (i + 1) * Y));
    return {
      id: l.id,
      name: l.name,
      side: l.side,
      kind: l.kind,
      category: l.category,
      years,
      total: years.reduce((a, b) => a + b, 0),
      pv: presentValue(spread(years, compiled.periodCount, monthly), rate),
    };
  });
  const irr = cashFlow.irr;
  const annualIrr = irr === null ? null : monthly ? Math.pow(1 + irr, 12) - 1 : irr;
  return {
    cashFlow,
    costs,
    benefits,
    net,
    cumulativeNet,
    paybackMonths: toMonths(cashFlow.paybackPeriods),
    discountedPaybackMonths: toMonths(cashFlow.discountedPaybackPeriods),
    annualIrr: annualIrr !== null && Number.isFinite(annualIrr) ? annualIrr : null,
    lines,
  };
}

function warningsOf(
  model: { pilotActualCost: number | null; discountRate: number },
  compiled: CompiledModel,
  unadjusted: ModelView,
  options: EvaluateOptions,
): RoiWarning[] {
  const warnings: RoiWarning[] = [];
  const min = options.pilotMultiplierMin ?? 3;
  const pilot = model.pilotActualCost;
  if (pilot !== null && pilot > 0) {
    // Production = the initial investment plus the first year's run cost, pilot lines excluded (§1.6).
    let production = 0;
    for (const row of unadjusted.lines) {
      if (row.side === 'cost' && row.category !== 'PILOT') production += row.years[0]! + (row.years[1] ?? 0);
    }
    const multiple = production / pilot;
    if (multiple < min) {
      warnings.push({
        code: 'PILOT_MULTIPLIER',
        message:
          `Production cost (year 0 + year-1 run, ${money(production)}) is ${multiple.toFixed(1)}× the pilot's ` +
          `${money(pilot)}; production usually costs ${min}–5× the pilot, so this plan may model pilot economics only`,
      });
    }
  }
  if ((options.phase ?? 0) >= 3) {
    for (const category of PRODUCTION_COST_CATEGORIES) {
      const rows = unadjusted.lines.filter((r) => r.side === 'cost' && r.category === category);
      const total = rows.reduce((a, r) => a + Math.abs(r.total), 0);
      if (total === 0) {
        const label = COST_CATEGORIES.label(category);
        warnings.push({
          code: 'PRODUCTION_CATEGORY_MISSING',
          category,
          message: rows.length === 0 ? `No ${label} cost: a production plan needs one` : `${label} cost is zero`,
        });
      }
    }
  }
  if (compiled.rateIndex >= 0) {
    const r = compiled.likely[compiled.rateIndex]!;
    if (Math.abs(r - model.discountRate) > 1e-12) {
      warnings.push({
        code: 'RATE_DRIVER_DIFFERS',
        message: `The discount-rate driver's likely value (${(r * 100).toFixed(1)} %) is used, not the model's ${(model.discountRate * 100).toFixed(1)} %`,
      });
    }
  }
  return warnings;
}

/** Everything the UI and CLI show, or the field issues that prevent it. */
export function evaluateModel(input: unknown, options: EvaluateOptions = {}): ModelEvaluation {
  const built = buildModel(input);
  if (!built.compiled || !built.model) return { ok: false, issues: built.issues };
  const issues = valueIssues(built.model, built.compiled);
  if (issues.length > 0) return { ok: false, issues };
  const compiled = built.compiled;
  const unadjusted = view(compiled, false);
  const riskAdjusted = view(compiled, true);
  if (typeof unadjusted === 'number' || typeof riskAdjusted === 'number') {
    const l = compiled.lines[typeof unadjusted === 'number' ? unadjusted : (riskAdjusted as number)]!;
    const at = `${l.side === 'cost' ? 'costs' : 'benefits'}.${l.index}`;
    return {
      ok: false,
      issues: [{ path: at, message: `${l.name}: the amount is not a finite number (a division by zero?)` }],
    };
  }
  return {
    ok: true,
    horizonYears: compiled.horizonYears,
    periodicity: compiled.periodicity,
    periodCount: compiled.periodCount,
    annualRate: compiled.annualRate(compiled.likely),
    unadjusted,
    riskAdjusted,
    warnings: warningsOf(built.model, compiled, unadjusted, options),
  };
}

/** NPV for these driver values (reuses the compiled buffers); NaN when an amount is not finite. */
export function npvFor(compiled: CompiledModel, values: Float64Array, riskAdjusted: boolean): number {
  if (compiled.flows(values, riskAdjusted) >= 0) return Number.NaN;
  const rate = compiled.periodRate(values);
  return presentValue(compiled.benefits, rate) - presentValue(compiled.costs, rate);
}

export interface BreakEven {
  /** The multiplier on the chosen drivers at which NPV = 0. */
  multiplier: number;
  /** Each scaled driver at break-even: its value (series: the year-1 value) before and after. */
  drivers: { key: string; likely: number; atBreakEven: number }[];
}

/**
 * The multiplier on one or more volume drivers (scaled together, e.g. tickets and customers: §1.7 lesson 3)
 * at which NPV = 0, by bisection, the other drivers at likely. Null when NPV does not change sign between
 * 0× and 1000× (it never breaks even, or it is positive even at zero volume).
 */
export function breakEven(
  compiled: CompiledModel,
  keys: string | readonly string[],
  options: { riskAdjusted?: boolean } = {},
): BreakEven | null {
  const riskAdjusted = options.riskAdjusted ?? false;
  const idx = (typeof keys === 'string' ? [keys] : keys).map((k) => {
    const i = compiled.driverKeys.indexOf(k);
    if (i < 0) throw new RangeError(`Unknown driver ‘${k}’`);
    return i;
  });
  const values = Float64Array.from(compiled.likely);
  const at = (m: number) => {
    for (const i of idx) values[i] = compiled.likely[i]! * m;
    return npvFor(compiled, values, riskAdjusted);
  };
  let lo = 0;
  let hi = 1;
  let fLo = at(lo);
  let fHi = at(hi);
  if (!Number.isFinite(fLo) || !Number.isFinite(fHi)) return null;
  while (fLo < 0 === fHi < 0) {
    if (fHi >= 0 || hi >= 1000) return null;
    lo = hi;
    fLo = fHi;
    hi *= 2;
    fHi = at(hi);
    if (!Number.isFinite(fHi)) return null;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    const f = at(mid);
    if (!Number.isFinite(f)) return null;
    if (f < 0 === fLo < 0) {
      lo = mid;
      fLo = f;
    } else hi = mid;
  }
  const multiplier = (lo + hi) / 2;
  return {
    multiplier,
    drivers: idx.map((i) => {
      const d = compiled.drivers[i]!;
      const base = d.perYear ? (d.perYear[0] ?? 0) : 1;
      return { key: d.key, likely: base * d.likely, atBreakEven: base * d.likely * multiplier };
    }),
  };
}
