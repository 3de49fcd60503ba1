import type { ModelEvaluation } from '../../../shared/domain/roi/evaluate';
import { PRODUCTION_COST_CATEGORIES } from '../../../shared/domain/roi/schema';
import type { RoiScenarioRecord } from '../repositories/roi.repo';

export type Figures = Omit<
  RoiScenarioRecord,
  'id' | 'initiative_id' | 'name' | 'kind' | 'model_json' | 'created_at' | 'updated_at' | 'pilot_actual_cost'
>;

/** The figures stored beside a scenario's model (migration 0070); every value finite by construction. */
export function figuresOf(e: Extract<ModelEvaluation, { ok: true }>): Figures {
  const u = e.unadjusted;
  const costLines = u.lines.filter((l) => l.side === 'cost');
  const yearTotal = (y: number) => costLines.reduce((s, l) => s + (l.years[y] ?? 0), 0);
  // "Not pilot cost only" (G1, §1.6): some production run cost is modelled, i.e. an amount after year 0
  // in a production category. Which of those categories are still missing is the engine's warning (G3 on).
  const production = new Set<string>(PRODUCTION_COST_CATEGORIES);
  return {
    horizon_years: e.horizonYears,
    npv: u.cashFlow.npv,
    roi: u.cashFlow.roi,
    irr: u.annualIrr,
    pv_costs: u.cashFlow.pvCosts,
    pv_benefits: u.cashFlow.pvBenefits,
    payback_months: u.paybackMonths,
    npv_risk_adjusted: e.riskAdjusted.cashFlow.npv,
    roi_risk_adjusted: e.riskAdjusted.cashFlow.roi,
    payback_months_risk_adjusted: e.riskAdjusted.paybackMonths,
    initial_cost: yearTotal(0),
    production_c0_plus_y1: yearTotal(0) + yearTotal(1),
    has_production_categories: costLines.some((l) => production.has(l.category) && l.years.slice(1).some((v) => v > 0))
      ? 1
      : 0,
    warnings: e.warnings.length,
  };
}
