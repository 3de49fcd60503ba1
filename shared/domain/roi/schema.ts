import { z } from 'zod';
import { vocabulary } from '../enums';

/**
 * The stored shape of an ROI model (domain.md §1): drivers with three-point estimates, cost and benefit
 * lines whose inputs are small formulas over the drivers, TEI risk adjustments per line. The engine
 * (model.ts) compiles and evaluates it; this file only says what a valid model looks like.
 *
 * Time: the model is built in years (year 0 = initial investment, not discounted; years 1..horizon).
 * A monthly model spreads each year's recurring amounts evenly over its 12 months and discounts
 * monthly at (1 + r)^(1/12) - 1, so payback reads in months.
 */

export const ROI_LIMITS = {
  maxHorizonYears: 10,
  maxDrivers: 60,
  maxLines: 60,
  name: 120,
  formula: 500,
  notes: 2000,
} as const;

export const COST_CATEGORIES = vocabulary([
  { id: 'INFERENCE', label: 'Inference' },
  { id: 'HUMAN_REVIEW', label: 'Human review' },
  { id: 'INTEGRATION', label: 'Integration' },
  { id: 'DATA_PIPELINE', label: 'Data pipelines' },
  { id: 'RETRAINING_EVAL', label: 'Evaluation & retraining' },
  { id: 'PLATFORM', label: 'Platform & licences' },
  { id: 'INFRASTRUCTURE', label: 'Hosting & infrastructure' },
  { id: 'PEOPLE_BUILD', label: 'People (build)' },
  { id: 'PEOPLE_RUN', label: 'People (run)' },
  { id: 'CHANGE_TRAINING', label: 'Change management & training' },
  { id: 'GOVERNANCE_COMPLIANCE', label: 'Security, governance & compliance' },
  { id: 'SECURITY', label: 'Security testing' },
  { id: 'LICENCE_SEAT', label: 'Seat licences' },
  { id: 'EXIT_DECOMMISSION', label: 'Exit & decommission' },
  { id: 'PILOT', label: 'Pilot' },
] as const);
export type CostCategory = (typeof COST_CATEGORIES.ids)[number];

/** Categories a production plan must carry (§1.6): a plan without them models pilot economics only. */
export const PRODUCTION_COST_CATEGORIES: readonly CostCategory[] = [
  'INTEGRATION',
  'HUMAN_REVIEW',
  'DATA_PIPELINE',
  'RETRAINING_EVAL',
  'GOVERNANCE_COMPLIANCE',
  'PEOPLE_RUN',
];

export const BENEFIT_TYPES = vocabulary([
  { id: 'TIME_SAVINGS', label: 'Time savings' },
  { id: 'COST_AVOIDANCE', label: 'Cost avoidance' },
  { id: 'REVENUE_UPLIFT', label: 'Revenue uplift' },
  { id: 'QUALITY_ERROR_REDUCTION', label: 'Fewer errors' },
  { id: 'RISK_REDUCTION', label: 'Risk reduction' },
  { id: 'CAPACITY_THROUGHPUT', label: 'Capacity & throughput' },
  { id: 'CASH_TIMING', label: 'Cash timing' },
] as const);
export type BenefitType = (typeof BENEFIT_TYPES.ids)[number];

/**
 * How a line turns its inputs into an amount per year (domain.md §1.3, §1.4). Each input is a formula
 * (formula.ts): a number, a driver key, or arithmetic over them. The kind fixes which inputs exist.
 *
 * amount          amount                                       (anything stated directly)
 * inference       requests × callsPerRequest × cost per call × (1 + overhead), cost per call from
 *                 tokensIn, tokensOut, cachedShare, priceInPerM, priceOutPerM, cacheReadFactor
 * human_review    items × reviewRate × minutesPerReview / 60 × hourlyRate + fixedPerYear
 * people          fte × annualCost
 * time_savings    tasks × adoption × minutesSavedPerTask / 60 × loadedRate × recapture
 * units_x_price   units × unitPrice                            (cost avoidance, BPO, licences)
 * revenue_uplift  customers × valuePerCustomer × upliftRate × margin
 * risk_reduction  probabilityReduction × impact
 */
export const LINE_KINDS = {
  amount: ['amount'],
  inference: [
    'requests',
    'callsPerRequest',
    'tokensIn',
    'tokensOut',
    'cachedShare',
    'priceInPerM',
    'priceOutPerM',
    'cacheReadFactor',
    'overhead',
  ],
  human_review: ['items', 'reviewRate', 'minutesPerReview', 'hourlyRate', 'fixedPerYear'],
  people: ['fte', 'annualCost'],
  time_savings: ['tasks', 'adoption', 'minutesSavedPerTask', 'loadedRate', 'recapture'],
  units_x_price: ['units', 'unitPrice'],
  revenue_uplift: ['customers', 'valuePerCustomer', 'upliftRate', 'margin'],
  risk_reduction: ['probabilityReduction', 'impact'],
} as const;
export type LineKind = keyof typeof LINE_KINDS;
export const LINE_KIND_IDS = Object.keys(LINE_KINDS) as [LineKind, ...LineKind[]];

/** Which line kinds make sense on each side; the schema refuses the others. */
export const COST_LINE_KINDS: readonly LineKind[] = ['amount', 'inference', 'human_review', 'people', 'units_x_price'];
export const BENEFIT_LINE_KINDS: readonly LineKind[] = [
  'amount',
  'time_savings',
  'units_x_price',
  'revenue_uplift',
  'risk_reduction',
];

const finite = z.number({ error: 'Enter a number' });
const key = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Use lower-case letters, digits and _, starting with a letter');
const formula = z.string().trim().min(1, 'Enter a number or a formula').max(ROI_LIMITS.formula);
const name = z.string().trim().min(1, 'Name is required').max(ROI_LIMITS.name);

/**
 * A model input with a three-point estimate. A `value` driver is the number itself in every year; a
 * `series` driver has one base value per year (index 0 = year 1) and its estimate is a multiplier on
 * that series (likely usually 1): "adoption 50 / 75 / 85 %, anywhere from 0.7× to 1.1× of that".
 */
export const driverSchema = z.strictObject({
  key,
  label: name,
  unit: z.string().max(40).default(''),
  kind: z.enum(['value', 'series']).default('value'),
  low: finite,
  likely: finite,
  high: finite,
  /** Series drivers only: base per year, years 1..horizon. */
  perYear: z.array(finite).max(ROI_LIMITS.maxHorizonYears).optional(),
  distribution: z.enum(['pert', 'triangular']).default('pert'),
});
export type Driver = z.output<typeof driverSchema>;

/** When a line's amount falls (years are 0..horizon). */
export const timingSchema = z.discriminatedUnion('type', [
  /** Year 0, not discounted: the initial investment. */
  z.strictObject({ type: z.literal('initial') }),
  /** Every year from `from` to `to` (1-based, inclusive; default the whole horizon). */
  z.strictObject({
    type: z.literal('recurring'),
    from: z.number().int().min(1).default(1),
    to: z.number().int().min(1).optional(),
  }),
  /** One given year (0..horizon). */
  z.strictObject({ type: z.literal('once'), year: z.number().int().min(0) }),
]);
export type Timing = z.output<typeof timingSchema>;

const lineBase = {
  id: z.string().min(1).max(40),
  name,
  kind: z.enum(LINE_KIND_IDS),
  /** Input name → formula; exactly the inputs of the kind (LINE_KINDS). */
  inputs: z.record(z.string(), formula),
  timing: timingSchema,
  /** Benefits: the share to take off (0..1). Costs: the share to add (≥ 0). TEI §1.1. */
  riskAdjustment: z.number().min(0, 'At least 0').default(0),
  /** Optional multiplier per year (index 0 = year 1), e.g. an adoption ramp 0.3, 0.8, 1. */
  ramp: z.array(z.number().min(0)).max(ROI_LIMITS.maxHorizonYears).optional(),
  notes: z.string().max(ROI_LIMITS.notes).default(''),
};

export const costLineSchema = z.strictObject({ ...lineBase, category: z.enum(COST_CATEGORIES.ids) });
export const benefitLineSchema = z.strictObject({
  ...lineBase,
  category: z.enum(BENEFIT_TYPES.ids),
  riskAdjustment: z.number().min(0, 'At least 0').max(1, 'At most 1 (100 %)').default(0),
});
export type CostLine = z.output<typeof costLineSchema>;
export type BenefitLine = z.output<typeof benefitLineSchema>;
export type Line = CostLine | BenefitLine;

export const roiModelSchema = z.strictObject({
  horizonYears: z.number().int().min(1, 'At least 1 year').max(ROI_LIMITS.maxHorizonYears).default(3),
  /** Annual rate; above -100 %. */
  discountRate: z.number().gt(-1, 'The rate must be above -100 %').max(10).default(0.1),
  /** A driver whose sample replaces the discount rate in a simulation (e.g. triangular 8 / 10 / 16 %). */
  discountRateDriver: key.nullable().default(null),
  periodicity: z.enum(['yearly', 'monthly']).default('yearly'),
  /** What the pilot actually cost, for the pilot-to-production check (§1.6); null when unknown. */
  pilotActualCost: z.number().min(0).nullable().default(null),
  /**
   * The first month of year 1 (YYYY-MM), so plan and actual costs can meet on a calendar; year 0 is
   * everything before it. Null until someone sets it: plan vs actual then asks for it.
   */
  startMonth: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use a month like 2026-01')
    .nullable()
    .default(null),
  drivers: z.array(driverSchema).max(ROI_LIMITS.maxDrivers).default([]),
  costs: z.array(costLineSchema).max(ROI_LIMITS.maxLines).default([]),
  benefits: z.array(benefitLineSchema).max(ROI_LIMITS.maxLines).default([]),
});
export type RoiModel = z.output<typeof roiModelSchema>;
export type RoiModelInput = z.input<typeof roiModelSchema>;
