import type { InitiativeType } from '../../../shared/domain/enums';
import { phaseNumber, type PhaseId } from '../../../shared/domain/phases';
import { evaluateModel } from '../../../shared/domain/roi/evaluate';
import { roiModelSchema, type RoiModel } from '../../../shared/domain/roi/schema';
import type { InitiativeRecord } from '../repositories/initiatives.repo';
import type { RoiScenarioRecord } from '../repositories/roi.repo';
import { figuresOf, type Figures } from '../services/roiFigures';
import { rng } from './random';
import { withDemoStartMonths } from './roiActuals';
import { isoStamp as iso } from './stamps';

/**
 * ROI models for the demo portfolio (issue 4): most initiatives past strategy have a current plan, some a
 * baseline too. Each is one of a few archetypes — a healthy case, one that never pays back, one that
 * models pilot economics only (no production run costs, and a production cost under 3× the pilot's) —
 * sized to the initiative by a `scale` driver that multiplies every amount.
 *
 * Every amount is linear in `scale`, so each archetype is evaluated once and its stored figures scaled:
 * 10,000 models then cost no more than four evaluations. roi.test.ts checks that evaluating a stored
 * model gives the figures stored beside it.
 */

type Archetype = 'healthy' | 'never_pays_back' | 'pilot_only' | 'marginal';

const DAY = 86_400_000;

function line(id: string, name: string, category: string, amount: string, timing: object, riskAdjustment = 0) {
  return { id, name, kind: 'amount', category, inputs: { amount }, timing, riskAdjustment };
}

const initial = { type: 'initial' };
const recurring = { type: 'recurring', from: 1 };

/** A small production plan: build, the production run categories of §1.3, and time-saving benefits. */
function archetypeModel(kind: Archetype, scale: number, pilotCost: number, runFactor = 1): RoiModel {
  const drivers = [
    { key: 'scale', label: 'Size of this initiative', unit: '×', low: scale, likely: scale, high: scale },
    { key: 'adoption', label: 'Adoption', unit: 'share', low: 0.5, likely: 0.8, high: 0.95 },
    {
      key: 'run_mult',
      label: 'Run-cost multiplier',
      unit: '×',
      low: 0.9 * runFactor,
      likely: runFactor,
      high: 1.4 * runFactor,
    },
  ];
  const benefitPerYear = { healthy: 900_000, never_pays_back: 180_000, pilot_only: 520_000, marginal: 420_000 }[kind];
  const build = { healthy: 600_000, never_pays_back: 700_000, pilot_only: 120_000, marginal: 500_000 }[kind];
  const costs =
    kind === 'pilot_only'
      ? [
          line('build', 'Build', 'PEOPLE_BUILD', `${build} * scale`, initial, 0.15),
          line('inference', 'Inference', 'INFERENCE', `40000 * scale * run_mult`, recurring, 0.25),
          line('platform', 'Platform licences', 'PLATFORM', `30000 * scale * run_mult`, recurring, 0.1),
        ]
      : [
          line('build', 'Build and integration', 'PEOPLE_BUILD', `${build} * scale`, initial, 0.15),
          line('inference', 'Inference', 'INFERENCE', `60000 * scale * run_mult`, recurring, 0.25),
          line('review', 'Human review', 'HUMAN_REVIEW', `120000 * scale * run_mult`, recurring, 0.1),
          line('integration', 'Integration upkeep', 'INTEGRATION', `60000 * scale * run_mult`, recurring, 0.1),
          line('data', 'Data pipelines', 'DATA_PIPELINE', `40000 * scale * run_mult`, recurring, 0.1),
          line('eval', 'Evaluation and retraining', 'RETRAINING_EVAL', `50000 * scale * run_mult`, recurring, 0.1),
          line('governance', 'Governance and compliance', 'GOVERNANCE_COMPLIANCE', `25000 * scale`, recurring, 0.1),
          line('ops', 'Operations', 'PEOPLE_RUN', `45000 * scale * run_mult`, recurring, 0.1),
        ];
  return roiModelSchema.parse({
    horizonYears: 3,
    discountRate: 0.1,
    pilotActualCost: Math.round(pilotCost * scale),
    drivers,
    costs,
    benefits: [line('time', 'Time saved', 'TIME_SAVINGS', `${benefitPerYear} * scale * adoption`, recurring, 0.15)],
  });
}

const PILOT_COST = 150_000;
/** The business case each baseline was approved on assumed a fifth less run cost than the current plan. */
const BASELINE_RUN_FACTOR = 0.8;

/** Figures of an archetype at scale 1 for a phase; amounts scale linearly, ratios and paybacks do not move. */
const unitFigures = new Map<string, Figures>();
function archetypeFigures(kind: Archetype, phase: number, runFactor = 1): Figures {
  // The engine's warnings depend on the phase only through "gate 3 or later"; evaluate at 1 or 3.
  const key = `${kind}|${phase >= 3 ? 3 : 1}|${runFactor}`;
  let f = unitFigures.get(key);
  if (!f) {
    const e = evaluateModel(archetypeModel(kind, 1, PILOT_COST, runFactor), { phase: phase >= 3 ? 3 : 1 });
    if (!e.ok) throw new Error(`demo ROI archetype ${kind} is not valid: ${e.issues[0]?.message}`);
    unitFigures.set(key, (f = figuresOf(e)));
  }
  return f;
}

function scaled(f: Figures, k: number): Figures {
  return {
    ...f,
    npv: f.npv * k,
    pv_costs: f.pv_costs * k,
    pv_benefits: f.pv_benefits * k,
    npv_risk_adjusted: f.npv_risk_adjusted * k,
    initial_cost: f.initial_cost * k,
    production_c0_plus_y1: f.production_c0_plus_y1 * k,
  };
}

const SIZE_BY_TYPE: Record<InitiativeType, number> = {
  copilot: 1,
  chatbot: 0.8,
  predictive: 0.7,
  recommendation: 1.2,
  document_intelligence: 0.9,
  autonomous_agent: 1.4,
  other: 0.5,
};

export type DemoScenario = Omit<RoiScenarioRecord, 'id'>;

/**
 * The stored JSON of an archetype at a scale, without building and validating a model per initiative:
 * the archetype is serialised once with sentinel numbers for the scale and the pilot cost, which are
 * then replaced. (The sentinels appear nowhere else in the model.)
 */
const SENTINEL_SCALE = 987_654.321;

/**
 * Leaves out the fields that hold the schema's defaults: the stored document stays valid (reading it
 * fills them in again) and a 10,000-initiative demo writes a third less JSON.
 */
const DEFAULTS: Record<string, unknown> = {
  notes: '',
  unit: '',
  kind: 'value',
  distribution: 'pert',
  discountRateDriver: null,
  periodicity: 'yearly',
  riskAdjustment: 0,
};
function withoutDefaults(this: unknown, key: string, value: unknown): unknown {
  // Only object fields: `kind` of a line ('amount', ...) is never 'value', so it is kept.
  return key in DEFAULTS && DEFAULTS[key] === value ? undefined : value;
}
/** The serialised archetype cut at its sentinels: text, slot, text, slot, ... text. */
interface JsonTemplate {
  texts: string[];
  slots: ('scale' | 'pilot')[];
}
const jsonTemplates = new Map<string, JsonTemplate>();

function cut(json: string): JsonTemplate {
  const scale = String(SENTINEL_SCALE);
  const pilot = String(Math.round(PILOT_COST * SENTINEL_SCALE));
  const texts: string[] = [];
  const slots: JsonTemplate['slots'] = [];
  let rest = json;
  for (;;) {
    const i = rest.indexOf(scale);
    const j = rest.indexOf(pilot);
    if (i < 0 && j < 0) break;
    const isPilot = j >= 0 && (i < 0 || j < i);
    const at = isPilot ? j : i;
    texts.push(rest.slice(0, at));
    slots.push(isPilot ? 'pilot' : 'scale');
    rest = rest.slice(at + (isPilot ? pilot : scale).length);
  }
  texts.push(rest);
  return { texts, slots };
}

function modelJson(kind: Archetype, scale: number, runFactor: number): string {
  const key = `${kind}|${runFactor}`;
  let template = jsonTemplates.get(key);
  if (template === undefined) {
    template = cut(JSON.stringify(archetypeModel(kind, SENTINEL_SCALE, PILOT_COST, runFactor), withoutDefaults));
    jsonTemplates.set(key, template);
  }
  const values = { scale: String(scale), pilot: String(Math.round(PILOT_COST * scale)) };
  let out = template.texts[0]!;
  for (let k = 0; k < template.slots.length; k++) out += values[template.slots[k]!] + template.texts[k + 1]!;
  return out;
}

export function generateRoiScenarios(
  initiatives: readonly InitiativeRecord[],
  seed: number,
  now: Date,
): DemoScenario[] {
  const r = rng((seed ^ 0x27d4eb2f) >>> 0);
  const nowMs = now.getTime();
  const out: DemoScenario[] = [];
  for (const init of initiatives) {
    const phase = phaseNumber(init.phase as PhaseId);
    // Not every initiative has a business case yet (the G1 ROI check is for them).
    if (phase === 1 ? !r.chance(0.2) : !r.chance(0.6)) continue;
    const kind: Archetype = r.weighted([
      ['healthy', 55],
      ['marginal', 20],
      ['never_pays_back', 13],
      ['pilot_only', 12],
    ]);
    // Sizes from a quarter to three times the archetype, rounded so the model reads like a plan.
    const scale = Math.round(SIZE_BY_TYPE[init.type as InitiativeType] * (0.25 + r.next() * 2.75) * 100) / 100;
    const stamp = iso(Math.max(Date.parse(init.created_at), nowMs - r.int(5, 200) * DAY));
    const model = modelJson(kind, scale, 1);
    const base = {
      initiative_id: init.id,
      model_json: model,
      pilot_actual_cost: Math.round(PILOT_COST * scale),
      created_at: stamp,
      updated_at: stamp,
    };
    out.push({ ...base, name: 'Current plan', kind: 'current', ...scaled(archetypeFigures(kind, phase), scale) });
    // Some initiatives kept the business case they were approved on: the same plan, before the run costs grew.
    if (phase >= 3 && r.chance(0.3)) {
      out.push({
        ...base,
        model_json: modelJson(kind, scale, BASELINE_RUN_FACTOR),
        name: 'Business case',
        kind: 'baseline',
        ...scaled(archetypeFigures(kind, phase, BASELINE_RUN_FACTOR), scale),
      });
    }
  }
  return withDemoStartMonths(out, initiatives);
}
