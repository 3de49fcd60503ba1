import type { FieldIssue } from '../../../../../shared/errors';
import { driverRefs, parseFormula } from '../../../../../shared/domain/roi/formula';
import { INPUT_INFO, inputNames } from '../../../../../shared/domain/roi/lines';
import type { BenefitType, CostCategory, LineKind, RoiModel } from '../../../../../shared/domain/roi/schema';
import { fractionToPercentText, numberText, parseNumber, percentTextToFraction } from '../roiFormat';

/**
 * The model editor works on a draft of strings, so a half-typed "-" or "1." stays in its field instead of
 * being coerced away; `draftToModel` turns it back into the stored shape, with a field issue for every
 * text that is not a number (the engine then checks everything else, by the same paths). Percent fields
 * are text in % and fractions in the model.
 */

export type Side = 'costs' | 'benefits';
export type TimingType = 'initial' | 'recurring' | 'once';

export interface DraftDriver {
  /** Stable React key: the driver key itself is editable. */
  uid: string;
  key: string;
  label: string;
  unit: string;
  kind: 'value' | 'series';
  low: string;
  likely: string;
  high: string;
  /** Series drivers: the base per year (years 1..horizon). */
  perYear: string[];
  distribution: 'pert' | 'triangular';
}

export interface DraftLine {
  uid: string;
  id: string;
  name: string;
  kind: LineKind;
  category: CostCategory | BenefitType;
  inputs: Record<string, string>;
  timing: TimingType;
  from: string;
  /** Empty: to the end of the horizon. */
  to: string;
  year: string;
  /** In %. */
  riskPct: string;
  /** Per year in %; null when the line has no ramp. */
  ramp: string[] | null;
  notes: string;
}

export interface Draft {
  horizonYears: string;
  /** In %. */
  discountRatePct: string;
  /** '' = none. */
  discountRateDriver: string;
  periodicity: 'yearly' | 'monthly';
  /** YYYY-MM or ''. */
  startMonth: string;
  /** '' = unknown. */
  pilotActualCost: string;
  drivers: DraftDriver[];
  costs: DraftLine[];
  benefits: DraftLine[];
}

let uidSeq = 0;
export const newUid = () => `u${++uidSeq}`;

function lineToDraft(l: RoiModel['costs'][number] | RoiModel['benefits'][number]): DraftLine {
  const t = l.timing;
  return {
    uid: newUid(),
    id: l.id,
    name: l.name,
    kind: l.kind,
    category: l.category,
    inputs: Object.fromEntries(inputNames(l.kind).map((n) => [n, l.inputs[n] ?? ''])),
    timing: t.type,
    from: t.type === 'recurring' ? String(t.from) : '1',
    to: t.type === 'recurring' && t.to !== undefined ? String(t.to) : '',
    year: t.type === 'once' ? String(t.year) : '1',
    riskPct: fractionToPercentText(l.riskAdjustment),
    ramp: l.ramp ? l.ramp.map(fractionToPercentText) : null,
    notes: l.notes,
  };
}

export function modelToDraft(m: RoiModel): Draft {
  return {
    horizonYears: String(m.horizonYears),
    discountRatePct: fractionToPercentText(m.discountRate),
    discountRateDriver: m.discountRateDriver ?? '',
    periodicity: m.periodicity,
    startMonth: m.startMonth ?? '',
    pilotActualCost: m.pilotActualCost === null ? '' : numberText(m.pilotActualCost),
    drivers: m.drivers.map((d) => ({
      uid: newUid(),
      key: d.key,
      label: d.label,
      unit: d.unit,
      kind: d.kind,
      low: numberText(d.low),
      likely: numberText(d.likely),
      high: numberText(d.high),
      perYear: (d.perYear ?? []).map(numberText),
      distribution: d.distribution,
    })),
    costs: m.costs.map(lineToDraft),
    benefits: m.benefits.map(lineToDraft),
  };
}

export interface Converted {
  /** The model as the engine should see it (numbers that did not parse are NaN, and flagged in `issues`). */
  model: Record<string, unknown>;
  /** Texts that are not numbers, by model path. */
  issues: FieldIssue[];
}

export function draftToModel(d: Draft): Converted {
  const issues: FieldIssue[] = [];
  const num = (text: string, path: string, message = 'Enter a number'): number => {
    const n = parseNumber(text);
    if (n === null) issues.push({ path, message });
    return n ?? Number.NaN;
  };
  const pct = (text: string, path: string): number => {
    const n = percentTextToFraction(text);
    if (n === null) issues.push({ path, message: 'Enter a percentage' });
    return n ?? Number.NaN;
  };
  const owner = (name: string) => (name.trim() ? `${name.trim()}: ` : '');
  const horizon = num(d.horizonYears, 'horizonYears', 'Enter a whole number of years');

  const line = (side: Side) => (l: DraftLine, i: number) => {
    const at = `${side}.${i}`;
    const who = owner(l.name);
    const timing =
      l.timing === 'initial'
        ? { type: 'initial' }
        : l.timing === 'once'
          ? { type: 'once', year: num(l.year, `${at}.timing.year`, `${who}enter the year`) }
          : {
              type: 'recurring',
              from: num(l.from, `${at}.timing.from`, `${who}enter the first year`),
              ...(l.to.trim() === '' ? {} : { to: num(l.to, `${at}.timing.to`, `${who}enter the last year`) }),
            };
    return {
      id: l.id,
      name: l.name,
      kind: l.kind,
      category: l.category,
      inputs: Object.fromEntries(
        inputNames(l.kind).map((n) => {
          const text = l.inputs[n] ?? '';
          // The schema's own message for an empty formula does not say which input; this one does.
          if (text.trim() === '')
            issues.push({ path: `${at}.inputs.${n}`, message: `${who}enter the ${INPUT_INFO[n]?.label ?? n}` });
          return [n, text];
        }),
      ),
      timing,
      riskAdjustment: pct(l.riskPct, `${at}.riskAdjustment`),
      ...(l.ramp ? { ramp: l.ramp.map((r, y) => pct(r, `${at}.ramp.${y}`)) } : {}),
      notes: l.notes,
    };
  };

  const model: Record<string, unknown> = {
    horizonYears: horizon,
    discountRate: pct(d.discountRatePct, 'discountRate'),
    discountRateDriver: d.discountRateDriver === '' ? null : d.discountRateDriver,
    periodicity: d.periodicity,
    pilotActualCost: d.pilotActualCost.trim() === '' ? null : num(d.pilotActualCost, 'pilotActualCost'),
    startMonth: d.startMonth.trim() === '' ? null : d.startMonth.trim(),
    drivers: d.drivers.map((dr, i) => {
      const at = `drivers.${i}`;
      const who = owner(dr.label);
      return {
        key: dr.key,
        label: dr.label,
        unit: dr.unit,
        kind: dr.kind,
        low: num(dr.low, `${at}.low`, `${who}enter the low value`),
        likely: num(dr.likely, `${at}.likely`, `${who}enter the likely value`),
        high: num(dr.high, `${at}.high`, `${who}enter the high value`),
        ...(dr.kind === 'series'
          ? { perYear: dr.perYear.map((v, y) => num(v, `${at}.perYear.${y}`, `${who}enter year ${y + 1}`)) }
          : {}),
        distribution: dr.distribution,
      };
    }),
    costs: d.costs.map(line('costs')),
    benefits: d.benefits.map(line('benefits')),
  };
  return { model, issues };
}

/** Resizes every per-year list (series bases, ramps) to the horizon, keeping what is there. */
export function fitToHorizon(d: Draft): Draft {
  const h = parseNumber(d.horizonYears);
  if (h === null || !Number.isInteger(h) || h < 1 || h > 10) return d;
  const fit = (xs: string[], fill: string) =>
    xs.length === h ? xs : [...xs.slice(0, h), ...Array.from({ length: Math.max(0, h - xs.length) }, () => fill)];
  const fitLine = (l: DraftLine): DraftLine => (l.ramp ? { ...l, ramp: fit(l.ramp, l.ramp.at(-1) ?? '100') } : l);
  return {
    ...d,
    drivers: d.drivers.map((dr) =>
      dr.kind === 'series' ? { ...dr, perYear: fit(dr.perYear, dr.perYear.at(-1) ?? '0') } : dr,
    ),
    costs: d.costs.map(fitLine),
    benefits: d.benefits.map(fitLine),
  };
}

export interface DriverUse {
  side: Side;
  line: string;
  input: string;
}

/** Where a driver key is used: line inputs (and the discount rate). */
export function driverUses(d: Draft, key: string): DriverUse[] {
  const uses: DriverUse[] = [];
  for (const side of ['costs', 'benefits'] as const) {
    for (const l of d[side]) {
      for (const [input, text] of Object.entries(l.inputs)) {
        const parsed = parseFormula(text);
        if (parsed.ok && driverRefs(parsed.ast).some((r) => r.key === key)) uses.push({ side, line: l.name, input });
      }
    }
  }
  return uses;
}

/** How many line inputs (and the discount rate) use each driver key; every formula parsed once. */
export function usageCounts(d: Draft): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const l of [...d.costs, ...d.benefits]) {
    for (const text of Object.values(l.inputs)) {
      const parsed = parseFormula(text);
      if (parsed.ok) new Set(driverRefs(parsed.ast).map((r) => r.key)).forEach(add);
    }
  }
  if (d.discountRateDriver) add(d.discountRateDriver);
  return counts;
}

/**
 * A driver's key changed from `from` to `to`: every formula and the discount rate follow, so a rename
 * does not break the lines that use it. Nothing happens when `to` is not a valid key or another driver
 * already has it (the key field then shows its error, and the references stay as they were).
 */
export function renameDriverRefs(d: Draft, from: string, to: string): Draft {
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(to) || from === to) return d;
  if (d.drivers.filter((x) => x.key === to).length > 1) return d;
  const word = new RegExp(`(?<![A-Za-z0-9_])${from}(?![A-Za-z0-9_])`, 'g');
  const line = (l: DraftLine): DraftLine => ({
    ...l,
    inputs: Object.fromEntries(Object.entries(l.inputs).map(([k, v]) => [k, v.replace(word, to)])),
  });
  return {
    ...d,
    discountRateDriver: d.discountRateDriver === from ? to : d.discountRateDriver,
    costs: d.costs.map(line),
    benefits: d.benefits.map(line),
  };
}

/** A key not yet used by any driver, from a label: "Tickets per year" → "tickets_per_year". */
export function freshKey(d: Draft, base = 'driver'): string {
  const stem =
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^[^a-z]+/, '')
      .replace(/_+$/, '')
      .slice(0, 30) || 'driver';
  const taken = new Set(d.drivers.map((x) => x.key));
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}_${i}`)) return `${stem}_${i}`;
}

/** A line id not yet used on either side. */
export function freshLineId(d: Draft, base: string): string {
  const taken = new Set([...d.costs, ...d.benefits].map((l) => l.id));
  const stem = base.replace(/[^a-zA-Z0-9_-]+/g, '-').slice(0, 30) || 'line';
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}-${i}`)) return `${stem}-${i}`;
}

export function blankLine(d: Draft, side: Side): DraftLine {
  const kind: LineKind = 'amount';
  return {
    uid: newUid(),
    id: freshLineId(d, side === 'costs' ? 'cost' : 'benefit'),
    name: side === 'costs' ? 'New cost' : 'New benefit',
    kind,
    category: side === 'costs' ? 'PLATFORM' : 'TIME_SAVINGS',
    inputs: { amount: '0' },
    timing: 'recurring',
    from: '1',
    to: '',
    year: '1',
    riskPct: '0',
    ramp: null,
    notes: '',
  };
}

export function blankDriver(d: Draft): DraftDriver {
  return {
    uid: newUid(),
    key: freshKey(d, 'driver'),
    label: 'New driver',
    unit: '',
    kind: 'value',
    low: '1',
    likely: '1',
    high: '1',
    perYear: [],
    distribution: 'pert',
  };
}

/** Changes a line's kind, keeping the inputs both kinds share. */
export function withKind(l: DraftLine, kind: LineKind): DraftLine {
  return { ...l, kind, inputs: Object.fromEntries(inputNames(kind).map((n) => [n, l.inputs[n] ?? ''])) };
}

/** Every path the editor shows a field for; issues elsewhere are listed above the form. */
export function fieldPaths(d: Draft): Set<string> {
  const paths = new Set([
    'horizonYears',
    'discountRate',
    'discountRateDriver',
    'periodicity',
    'startMonth',
    'pilotActualCost',
  ]);
  d.drivers.forEach((dr, i) => {
    for (const f of ['key', 'label', 'unit', 'kind', 'low', 'likely', 'high', 'distribution', 'perYear'])
      paths.add(`drivers.${i}.${f}`);
    dr.perYear.forEach((_, y) => paths.add(`drivers.${i}.perYear.${y}`));
  });
  for (const side of ['costs', 'benefits'] as const) {
    d[side].forEach((l, i) => {
      const at = `${side}.${i}`;
      for (const f of ['name', 'category', 'kind', 'riskAdjustment', 'notes', 'ramp', 'timing.type'])
        paths.add(`${at}.${f}`);
      for (const n of Object.keys(l.inputs)) paths.add(`${at}.inputs.${n}`);
      if (l.timing === 'once') paths.add(`${at}.timing.year`);
      if (l.timing === 'recurring') {
        paths.add(`${at}.timing.from`);
        paths.add(`${at}.timing.to`);
      }
      l.ramp?.forEach((_, y) => paths.add(`${at}.ramp.${y}`));
    });
  }
  return paths;
}

/** The first message per path. */
export function issueMap(issues: readonly FieldIssue[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of issues) if (!out.has(i.path)) out.set(i.path, i.message);
  return out;
}
