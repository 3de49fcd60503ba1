import { z } from 'zod';
import { vocabulary } from './enums';
import { entityId } from './initiative';
import type { ModelEvaluation } from './roi/evaluate';
import type { RoiModel } from './roi/schema';

/** Named versions of an initiative's ROI model (issue 4): one baseline, approved and current plan, and what-ifs. */
export const SCENARIO_KINDS = vocabulary([
  { id: 'baseline', label: 'Baseline' },
  { id: 'approved', label: 'Approved' },
  { id: 'current', label: 'Current' },
  { id: 'what_if', label: 'What-if' },
] as const);
export type ScenarioKind = (typeof SCENARIO_KINDS.ids)[number];

const scenarioName = z.string().trim().min(1, 'Name the scenario').max(120, 'At most 120 characters');

export const roiSaveInput = z.strictObject({
  initiativeId: entityId,
  /** Absent: a new scenario. */
  id: entityId.optional(),
  name: scenarioName,
  kind: z.enum(SCENARIO_KINDS.ids),
  /** Validated by the ROI engine (schema + formulas + values); its issues come back under `model.`. */
  model: z.unknown(),
});
export type RoiSaveInput = z.input<typeof roiSaveInput>;

export const roiFromTemplateInput = z.strictObject({
  initiativeId: entityId,
  templateId: z.string().min(1).max(60),
  name: scenarioName.optional(),
  kind: z.enum(SCENARIO_KINDS.ids).default('current'),
});

/** A scenario's stored figures at the likely values (the model itself comes with `roi/get`). */
export interface RoiScenarioSummary {
  id: number;
  initiativeId: number;
  name: string;
  kind: ScenarioKind;
  horizonYears: number;
  npv: number;
  roi: number | null;
  irr: number | null;
  pvCosts: number;
  pvBenefits: number;
  paybackMonths: number | null;
  npvRiskAdjusted: number;
  roiRiskAdjusted: number | null;
  paybackMonthsRiskAdjusted: number | null;
  initialCost: number;
  warnings: number;
  createdAt: string;
  updatedAt: string;
}

export interface RoiScenarioDetail {
  scenario: RoiScenarioSummary;
  model: RoiModel;
  evaluation: ModelEvaluation;
}
