import type { FieldIssue } from '../../errors';
import { threePointIssue, type DistributionKind } from './distributions';
import { buildFormula, parseFormula, type Evaluator } from './formula';
import { boundIssue, INPUT_INFO, inputNames, LINE_AMOUNT } from './lines';
import {
  BENEFIT_LINE_KINDS,
  COST_LINE_KINDS,
  roiModelSchema,
  type BenefitType,
  type CostCategory,
  type Line,
  type LineKind,
  type RoiModel,
} from './schema';

/**
 * From a stored model (schema.ts) to a CompiledModel: every formula parsed and compiled once, every line's
 * years, ramp and risk factor laid out in typed arrays, so one evaluation of the whole model for a set of
 * driver values is a few hundred closure calls and no allocation. Structural checks (unknown drivers,
 * inputs that do not match the kind, periods outside the horizon, …) are found on the way and returned as
 * field issues; value checks at the likely values live in model.ts.
 */

export type Side = 'cost' | 'benefit';

export interface CompiledDriver {
  key: string;
  label: string;
  kind: 'value' | 'series';
  low: number;
  likely: number;
  high: number;
  distribution: DistributionKind;
  /** Series drivers: the base per year (index 0 = year 1); the driver's value multiplies it. */
  perYear: readonly number[] | null;
}

export interface CompiledLine {
  side: Side;
  /** Index in model.costs or model.benefits, for field paths. */
  index: number;
  id: string;
  name: string;
  kind: LineKind;
  category: CostCategory | BenefitType;
  /** Compiled inputs in LINE_KINDS order. */
  inputs: readonly Evaluator[];
  /** 1 where the line has an amount in that year (0..horizon), else 0. */
  active: Uint8Array;
  /** Ramp multiplier per year (index = year; year 0 always 1). */
  ramp: Float64Array;
  /** Factor applied when risk-adjusted: 1 − ρ for benefits, 1 + κ for costs. */
  riskFactor: number;
}

export interface CompiledModel {
  driverKeys: readonly string[];
  drivers: readonly CompiledDriver[];
  /** Most-likely value of every driver (series drivers: their multiplier, usually 1). */
  likely: Float64Array;
  horizonYears: number;
  periodicity: 'yearly' | 'monthly';
  /** Periods of the cash flows: horizon + 1 when yearly, 12 × horizon + 1 when monthly (period 0 = year 0). */
  periodCount: number;
  /** Index of the discount-rate driver, or −1 when the rate is fixed. */
  rateIndex: number;
  lines: readonly CompiledLine[];
  /** Costs and benefits per period of the last flows() call (reused; copy to keep). */
  readonly costs: Float64Array;
  readonly benefits: Float64Array;
  /** Amount of line l in year y at [l × (horizon + 1) + y] of the last flows() call. */
  readonly lineYears: Float64Array;
  /**
   * Evaluates every line for these driver values into costs, benefits and lineYears. Returns −1 when all
   * amounts are finite, else the index of the first line whose amount is not (a division by zero).
   */
  flows(values: Float64Array, riskAdjusted: boolean): number;
  /** The discount rate per period for these values (monthly models: (1 + r)^(1/12) − 1). */
  periodRate(values: Float64Array): number;
  /** The annual discount rate for these values. */
  annualRate(values: Float64Array): number;
}

export type BuildResult = { model: RoiModel; compiled: CompiledModel | null; issues: FieldIssue[] };

const lowerFirst = (s: string) => (s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s);

/** Zod issues as field issues; messages prefixed with the line or driver name when the path has one. */
function schemaIssues(input: unknown, issues: readonly { path: PropertyKey[]; message: string }[]): FieldIssue[] {
  return issues.map((i) => {
    const path = i.path.map(String).join('.');
    const [list, index] = i.path;
    let owner: unknown;
    if ((list === 'costs' || list === 'benefits' || list === 'drivers') && typeof index === 'number') {
      const arr = (input as Record<string, unknown> | null)?.[list];
      const item = Array.isArray(arr) ? (arr[index] as Record<string, unknown> | undefined) : undefined;
      owner = list === 'drivers' ? (item?.label ?? item?.key) : item?.name;
    }
    return {
      path,
      message: typeof owner === 'string' && owner.trim() ? `${owner}: ${lowerFirst(i.message)}` : i.message,
    };
  });
}

/** Parses with the schema, then compiles; `compiled` is null when any issue was found. */
export function buildModel(input: unknown): BuildResult | { model: null; compiled: null; issues: FieldIssue[] } {
  const parsed = roiModelSchema.safeParse(input);
  if (!parsed.success) return { model: null, compiled: null, issues: schemaIssues(input, parsed.error.issues) };
  const model = parsed.data;
  const issues: FieldIssue[] = [];
  const H = model.horizonYears;

  // Drivers: unique keys, sane three-point estimates, one base per year for series.
  const index = new Map<string, number>();
  const readers: Evaluator[] = [];
  model.drivers.forEach((d, i) => {
    const at = `drivers.${i}`;
    if (index.has(d.key)) issues.push({ path: `${at}.key`, message: `${d.label}: duplicate driver key ‘${d.key}’` });
    else index.set(d.key, i);
    const tp = threePointIssue(d);
    if (tp)
      issues.push({ path: d.low > d.high ? `${at}.low` : `${at}.likely`, message: `${d.label}: ${lowerFirst(tp)}` });
    if (d.kind === 'series') {
      const per = d.perYear ?? [];
      if (per.length !== H) {
        issues.push({
          path: `${at}.perYear`,
          message: `${d.label}: enter one value per year (${H}), not ${per.length}`,
        });
      }
      // base[y] for y = 1..H is perYear[y − 1]; year 0 (initial amounts) reads the year-1 base.
      const base = new Float64Array(H + 1);
      for (let y = 0; y <= H; y++) base[y] = per[Math.max(0, y - 1)] ?? 0;
      readers.push((v, y) => base[y]! * v[i]!);
    } else {
      if (d.perYear !== undefined) {
        issues.push({ path: `${at}.perYear`, message: `${d.label}: only series drivers take values per year` });
      }
      readers.push((v) => v[i]!);
    }
  });
  const resolve = (key: string): Evaluator | null => {
    const i = index.get(key);
    return i === undefined ? null : readers[i]!;
  };

  let rateIndex = -1;
  if (model.discountRateDriver !== null) {
    const i = index.get(model.discountRateDriver);
    const d = i === undefined ? undefined : model.drivers[i];
    if (i === undefined || !d) {
      issues.push({ path: 'discountRateDriver', message: `Unknown driver ‘${model.discountRateDriver}’` });
    } else if (d.kind !== 'value') {
      issues.push({
        path: 'discountRateDriver',
        message: `${d.label}: a discount rate must be a single value, not a series`,
      });
    } else {
      rateIndex = i;
      if (!(d.low > -1))
        issues.push({ path: `drivers.${i}.low`, message: `${d.label}: the rate must be above -100 %` });
    }
  }

  const ids = new Set<string>();
  const lines: CompiledLine[] = [];
  const sides: [Side, readonly Line[], readonly LineKind[]][] = [
    ['cost', model.costs, COST_LINE_KINDS],
    ['benefit', model.benefits, BENEFIT_LINE_KINDS],
  ];
  for (const [side, list, allowed] of sides) {
    list.forEach((line, li) => {
      const at = `${side === 'cost' ? 'costs' : 'benefits'}.${li}`;
      const before = issues.length;
      if (ids.has(line.id)) issues.push({ path: `${at}.id`, message: `${line.name}: duplicate line id ‘${line.id}’` });
      ids.add(line.id);
      if (!allowed.includes(line.kind)) {
        issues.push({
          path: `${at}.kind`,
          message: `${line.name}: the ${line.kind} kind is not allowed on the ${side} side (use ${allowed.join(', ')})`,
        });
        return;
      }
      const names = inputNames(line.kind);
      for (const extra of Object.keys(line.inputs).filter((k) => !names.includes(k))) {
        issues.push({
          path: `${at}.inputs.${extra}`,
          message: `${line.name}: ‘${extra}’ is not an input of the ${line.kind} kind`,
        });
      }
      const inputs: Evaluator[] = [];
      for (const name of names) {
        const text = line.inputs[name];
        const label = INPUT_INFO[name]?.label ?? name;
        if (text === undefined || text.trim() === '') {
          issues.push({ path: `${at}.inputs.${name}`, message: `${line.name}: enter the ${label}` });
          continue;
        }
        const c = buildFormula(text, resolve);
        if (!c.ok)
          issues.push({
            path: `${at}.inputs.${name}`,
            message: `${line.name}: ${lowerFirst(c.error.message)} in ${label}`,
          });
        else inputs.push(c.fn);
      }

      const active = new Uint8Array(H + 1);
      const t = line.timing;
      if (t.type === 'initial') active[0] = 1;
      else if (t.type === 'once') {
        if (t.year > H)
          issues.push({
            path: `${at}.timing.year`,
            message: `${line.name}: year ${t.year} is outside the ${H}-year horizon`,
          });
        else active[t.year] = 1;
      } else {
        const to = t.to ?? H;
        if (t.from > H)
          issues.push({
            path: `${at}.timing.from`,
            message: `${line.name}: starts in year ${t.from}, outside the ${H}-year horizon`,
          });
        if (to > H)
          issues.push({
            path: `${at}.timing.to`,
            message: `${line.name}: ends in year ${to}, outside the ${H}-year horizon`,
          });
        if (to < t.from)
          issues.push({
            path: `${at}.timing.to`,
            message: `${line.name}: ends (year ${to}) before it starts (year ${t.from})`,
          });
        for (let y = t.from; y <= Math.min(to, H); y++) active[y] = 1;
      }
      const ramp = new Float64Array(H + 1).fill(1);
      if (line.ramp) {
        if (line.ramp.length !== H) {
          issues.push({
            path: `${at}.ramp`,
            message: `${line.name}: the ramp needs one value per year (${H}), not ${line.ramp.length}`,
          });
        }
        for (let y = 1; y <= H; y++) ramp[y] = line.ramp[y - 1] ?? 1;
      }
      if (issues.length > before) return;
      lines.push({
        side,
        index: li,
        id: line.id,
        name: line.name,
        kind: line.kind,
        category: line.category,
        inputs,
        active,
        ramp,
        riskFactor: side === 'cost' ? 1 + line.riskAdjustment : 1 - line.riskAdjustment,
      });
    });
  }

  if (issues.length > 0) return { model, compiled: null, issues };
  return { model, compiled: assemble(model, lines, rateIndex), issues };
}

function assemble(model: RoiModel, lines: CompiledLine[], rateIndex: number): CompiledModel {
  const H = model.horizonYears;
  const Y = H + 1;
  const monthly = model.periodicity === 'monthly';
  const periodCount = monthly ? 12 * H + 1 : Y;
  const costs = new Float64Array(periodCount);
  const benefits = new Float64Array(periodCount);
  const lineYears = new Float64Array(lines.length * Y);
  const yearCosts = new Float64Array(Y);
  const yearBenefits = new Float64Array(Y);
  const fixedRate = model.discountRate;
  const L = lines.length;

  const annualRate = (values: Float64Array) => (rateIndex >= 0 ? values[rateIndex]! : fixedRate);
  return {
    driverKeys: model.drivers.map((d) => d.key),
    drivers: model.drivers.map((d) => ({
      key: d.key,
      label: d.label,
      kind: d.kind,
      low: d.low,
      likely: d.likely,
      high: d.high,
      distribution: d.distribution,
      perYear: d.kind === 'series' ? (d.perYear ?? []) : null,
    })),
    likely: Float64Array.from(model.drivers, (d) => d.likely),
    horizonYears: H,
    periodicity: model.periodicity,
    periodCount,
    rateIndex,
    lines,
    costs,
    benefits,
    lineYears,
    annualRate,
    periodRate: (values) => {
      const r = annualRate(values);
      return monthly ? Math.pow(1 + r, 1 / 12) - 1 : r;
    },
    flows(values, riskAdjusted) {
      yearCosts.fill(0);
      yearBenefits.fill(0);
      let bad = -1;
      for (let l = 0; l < L; l++) {
        const line = lines[l]!;
        const amountOf = LINE_AMOUNT[line.kind];
        const factor = riskAdjusted ? line.riskFactor : 1;
        const into = line.side === 'cost' ? yearCosts : yearBenefits;
        const off = l * Y;
        for (let y = 0; y < Y; y++) {
          if (line.active[y] === 0) {
            lineYears[off + y] = 0;
            continue;
          }
          const a = amountOf(line.inputs, values, y) * line.ramp[y]! * factor;
          if (!Number.isFinite(a) && bad < 0) bad = l;
          lineYears[off + y] = a;
          into[y]! += a;
        }
      }
      if (!monthly) {
        costs.set(yearCosts);
        benefits.set(yearBenefits);
      } else {
        // Year 0 stays at time 0; each later year's amount is spread evenly over its 12 months.
        costs[0] = yearCosts[0]!;
        benefits[0] = yearBenefits[0]!;
        for (let m = 1; m < periodCount; m++) {
          const y = Math.ceil(m / 12);
          costs[m] = yearCosts[y]! / 12;
          benefits[m] = yearBenefits[y]! / 12;
        }
      }
      return bad;
    },
  };
}

/** The inputs of a line by name as text, for value checks and messages. */
export function lineInputs(line: Line): [string, string][] {
  return inputNames(line.kind).map((n) => [n, line.inputs[n] ?? '']);
}

/** Checks the inputs of every line at the likely values: bounds per input, division by zero. */
export function valueIssues(model: RoiModel, compiled: CompiledModel): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const v = compiled.likely;
  const driverIndex = new Map(model.drivers.map((d, i) => [d.key, i]));
  for (const line of compiled.lines) {
    const src = (line.side === 'cost' ? model.costs : model.benefits)[line.index]!;
    const at = `${line.side === 'cost' ? 'costs' : 'benefits'}.${line.index}`;
    const names = inputNames(line.kind);
    names.forEach((name, k) => {
      const label = INPUT_INFO[name]?.label ?? name;
      for (let y = 0; y <= compiled.horizonYears; y++) {
        if (line.active[y] === 0) continue;
        const value = line.inputs[k]!(v, y);
        if (!Number.isFinite(value)) {
          issues.push({ path: `${at}.inputs.${name}`, message: `${line.name}: ${label} divides by zero in year ${y}` });
          return;
        }
        const b = boundIssue(name, value);
        if (b) {
          issues.push({ path: `${at}.inputs.${name}`, message: `${line.name}: ${b} in year ${y}` });
          return;
        }
      }
      // An input that is one driver must stay in bounds over the driver's whole range, not only at likely.
      const parsed = parseFormula(src.inputs[name] ?? '');
      if (parsed.ok && parsed.ast.type === 'driver') {
        const di = driverIndex.get(parsed.ast.key);
        const d = di === undefined ? undefined : model.drivers[di];
        if (d && d.kind === 'value' && INPUT_INFO[name]?.bound !== 'any' && d.low < 0) {
          issues.push({
            path: `drivers.${di}.low`,
            message: `${d.label}: low is negative, but it is the ${label} of ${line.name}`,
          });
        }
      }
    });
  }
  return issues;
}
