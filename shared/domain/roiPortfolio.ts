import type { InitiativeType, RiskTier } from './enums';
import type { PhaseId } from './phases';

/** One initiative in the executive ROI view: the figures of the scenario that counts for it. */
export interface RoiPoint {
  initiativeId: number;
  name: string;
  phase: PhaseId;
  businessUnit: string;
  type: InitiativeType;
  riskTier: RiskTier;
  scenarioId: number;
  scenarioName: string;
  npv: number;
  npvRiskAdjusted: number;
  pvCosts: number;
  pvBenefits: number;
  roi: number | null;
  paybackMonths: number | null;
  initialCost: number;
  /** Actual costs and realised value entered so far (plan vs actual), in the model's currency. */
  actualCost: number;
  realisedValue: number;
}

export interface RoiGroupTotals {
  /** Phase id, business unit, type, or 'portfolio'. */
  key: string;
  count: number;
  npv: number;
  npvRiskAdjusted: number;
  /** Investment: the present value of the costs. */
  pvCosts: number;
  pvBenefits: number;
  actualCost: number;
  realisedValue: number;
}

export interface RoiPortfolio {
  liveInitiatives: number;
  /** Live initiatives with at least one ROI scenario. */
  withModel: number;
  totals: RoiGroupTotals;
  byPhase: RoiGroupTotals[];
  byBusinessUnit: RoiGroupTotals[];
  byType: RoiGroupTotals[];
  /** Biggest NPV first: the top of the list is the top initiatives, its end the bottom ones. */
  points: RoiPoint[];
}
