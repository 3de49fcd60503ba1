import type { InitiativeType, RiskTier } from '../../../shared/domain/enums';
import type { PhaseId } from '../../../shared/domain/phases';
import type { RoiGroupTotals, RoiPoint, RoiPortfolio } from '../../../shared/domain/roiPortfolio';
import type { Db } from '../db/sqlite';
import { PREFERRED_SCENARIO_SQL } from '../repositories/roi.repo';
import { ACTUAL_SUMS_SQL } from '../repositories/roiActuals.repo';

/** Cells of POINTS_SQL, by position (arrays: 10,000 of them are cheaper than row objects). */
type PointCells = [
  initiativeId: number,
  name: string,
  phase: string,
  businessUnit: string,
  type: string,
  riskTier: string,
  scenarioId: number,
  scenarioName: string,
  npv: number,
  npvRiskAdjusted: number,
  pvCosts: number,
  pvBenefits: number,
  roi: number | null,
  paybackMonths: number | null,
  initialCost: number,
  actualCost: number,
  realisedValue: number,
];

/**
 * Live initiatives with the scenario that counts for each (see PREFERRED_SCENARIO_SQL) and their actual
 * cost and realised value to date (all plan-vs-actual entries: they cannot be dated after the month they
 * were entered in), biggest NPV first.
 */
const POINTS_SQL = `
  SELECT i.id, i.name, i.phase, i.business_unit, i.type, i.risk_tier, s.id, s.name, s.npv, s.npv_risk_adjusted,
         s.pv_costs, s.pv_benefits, s.roi, s.payback_months, s.initial_cost,
         coalesce(a.actual_cost, 0), coalesce(a.realised_value, 0)
  FROM (${PREFERRED_SCENARIO_SQL}) s
  JOIN initiatives i ON i.id = s.initiative_id
  LEFT JOIN (${ACTUAL_SUMS_SQL}) a ON a.initiative_id = i.id
  WHERE i.archived_at IS NULL AND i.status NOT IN ('killed', 'retired')
  ORDER BY s.npv DESC, i.id`;

const EMPTY_TOTALS: RoiGroupTotals = {
  key: 'portfolio',
  count: 0,
  npv: 0,
  npvRiskAdjusted: 0,
  pvCosts: 0,
  pvBenefits: 0,
  actualCost: 0,
  realisedValue: 0,
};

function group(points: readonly RoiPoint[], keyOf: (p: RoiPoint) => string): RoiGroupTotals[] {
  const byKey = new Map<string, RoiGroupTotals>();
  for (const p of points) {
    const key = keyOf(p);
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { ...EMPTY_TOTALS, key }));
    g.count++;
    g.npv += p.npv;
    g.npvRiskAdjusted += p.npvRiskAdjusted;
    g.pvCosts += p.pvCosts;
    g.pvBenefits += p.pvBenefits;
    g.actualCost += p.actualCost;
    g.realisedValue += p.realisedValue;
  }
  return [...byKey.values()].sort((a, b) => b.npv - a.npv || a.key.localeCompare(b.key));
}

/**
 * The executive roll-up: portfolio totals and totals by phase, business unit and type over the live
 * initiatives that have an ROI model, plus one point per initiative for the value-vs-risk chart and the
 * top / bottom lists. Reads the figures stored with each scenario, so it is one query, not N evaluations.
 */
export function roiPortfolio(db: Db): RoiPortfolio {
  const cells = db.prepare<unknown[]>(POINTS_SQL).raw(true).all() as PointCells[];
  const points: RoiPoint[] = cells.map((c) => ({
    initiativeId: c[0],
    name: c[1],
    phase: c[2] as PhaseId,
    businessUnit: c[3],
    type: c[4] as InitiativeType,
    riskTier: c[5] as RiskTier,
    scenarioId: c[6],
    scenarioName: c[7],
    npv: c[8],
    npvRiskAdjusted: c[9],
    pvCosts: c[10],
    pvBenefits: c[11],
    roi: c[12],
    paybackMonths: c[13],
    initialCost: c[14],
    actualCost: c[15],
    realisedValue: c[16],
  }));
  const live = db
    .prepare(`SELECT count(*) FROM initiatives WHERE archived_at IS NULL AND status NOT IN ('killed', 'retired')`)
    .pluck()
    .get() as number;
  const [totals] = group(points, () => 'portfolio');
  return {
    liveInitiatives: live,
    withModel: points.length,
    totals: totals ?? EMPTY_TOTALS,
    byPhase: group(points, (p) => p.phase),
    byBusinessUnit: group(points, (p) => p.businessUnit || '(none)'),
    byType: group(points, (p) => p.type),
    points,
  };
}
