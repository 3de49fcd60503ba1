import { z } from 'zod';
import { vocabulary } from './enums';
import { entityId, isoDate } from './initiative';

export const KPI_KINDS = vocabulary([
  { id: 'business_outcome', label: 'Business outcome' },
  { id: 'model_quality', label: 'Model quality' },
  { id: 'operational', label: 'Operational' },
  { id: 'adoption', label: 'Adoption' },
  { id: 'cost_unit_economics', label: 'Cost / unit economics' },
  { id: 'risk_safety', label: 'Risk & safety' },
] as const);
export type KpiKind = (typeof KPI_KINDS.ids)[number];

export const KPI_DIRECTIONS = vocabulary([
  { id: 'higher_is_better', label: 'Higher is better' },
  { id: 'lower_is_better', label: 'Lower is better' },
] as const);
export type KpiDirection = (typeof KPI_DIRECTIONS.ids)[number];

export const KPI_CADENCES = vocabulary([
  { id: 'daily', label: 'Daily' },
  { id: 'weekly', label: 'Weekly' },
  { id: 'monthly', label: 'Monthly' },
  { id: 'quarterly', label: 'Quarterly' },
] as const);
export type KpiCadence = (typeof KPI_CADENCES.ids)[number];

export const KPI_LIMITS = { name: 200, unit: 40, source: 200 } as const;

const text = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} must be at most ${max} characters`)
    .transform((s) => s.trim());

/** zod 4 numbers refuse NaN and Infinity, which could be neither stored as REAL nor drawn. */
const value = z.number({ error: 'Enter a number' });

const kpiShape = {
  name: text(KPI_LIMITS.name, 'Name').pipe(z.string().min(1, 'Name is required')),
  unit: text(KPI_LIMITS.unit, 'Unit'),
  kind: z.enum(KPI_KINDS.ids),
  direction: z.enum(KPI_DIRECTIONS.ids),
  baselineValue: value.nullable(),
  baselineDate: isoDate.nullable(),
  baselineSource: text(KPI_LIMITS.source, 'Source'),
  targetValue: value.nullable(),
  targetDate: isoDate.nullable(),
  cadence: z.enum(KPI_CADENCES.ids),
};

export type KpiDates = { baselineDate?: string | null; targetDate?: string | null };

/** The one cross-field rule: a target cannot be due before the baseline it improves on. */
export function kpiDateIssue(v: KpiDates): string | null {
  return v.baselineDate && v.targetDate && v.targetDate < v.baselineDate
    ? 'Target date is before the baseline date'
    : null;
}

function datesInOrder(v: KpiDates, ctx: z.RefinementCtx): void {
  const message = kpiDateIssue(v);
  if (message) ctx.addIssue({ code: 'custom', path: ['targetDate'], message });
}

export const kpiCreateInput = z
  .strictObject({
    initiativeId: entityId,
    ...kpiShape,
    unit: kpiShape.unit.default(''),
    kind: kpiShape.kind.default('business_outcome'),
    direction: kpiShape.direction.default('higher_is_better'),
    baselineValue: kpiShape.baselineValue.default(null),
    baselineDate: kpiShape.baselineDate.default(null),
    baselineSource: kpiShape.baselineSource.default(''),
    targetValue: kpiShape.targetValue.default(null),
    targetDate: kpiShape.targetDate.default(null),
    cadence: kpiShape.cadence.default('monthly'),
  })
  .superRefine(datesInOrder);
export type KpiCreateInput = z.input<typeof kpiCreateInput>;
export type KpiFields = Omit<z.output<typeof kpiCreateInput>, 'initiativeId'>;

/**
 * A partial edit. Dates in the patch are checked against each other here; a patch that moves only
 * one of them is checked against the stored other one by the core (it alone knows the row).
 */
export const kpiPatch = z.strictObject(kpiShape).partial().superRefine(datesInOrder);
export type KpiPatch = z.input<typeof kpiPatch>;
export const kpiUpdateInput = z.strictObject({ id: entityId, patch: kpiPatch });

export const measurementAddInput = z.strictObject({
  kpiId: entityId,
  periodEnd: isoDate,
  value,
  source: text(KPI_LIMITS.source, 'Source').default(''),
});
export type MeasurementAddInput = z.input<typeof measurementAddInput>;

export interface KpiMeasurement {
  id: number;
  kpiId: number;
  periodEnd: string;
  value: number;
  source: string;
  enteredBy: string;
  createdAt: string;
}

export interface Kpi {
  id: number;
  initiativeId: number;
  name: string;
  unit: string;
  kind: KpiKind;
  direction: KpiDirection;
  baselineValue: number | null;
  baselineDate: string | null;
  baselineSource: string;
  targetValue: number | null;
  targetDate: string | null;
  cadence: KpiCadence;
  createdAt: string;
  updatedAt: string;
}

/** A KPI as lists show it: with its measurements, oldest period first. */
export interface KpiWithMeasurements extends Kpi {
  measurements: KpiMeasurement[];
}
