import type { InitiativeType, RiskTier } from '../../../shared/domain/enums';
import { tailorGate, CRITERIA_CATALOGUE } from '../../../shared/domain/governance/criteria';
import {
  defaultRequiredRoles,
  gateLeaving,
  type DecisionId,
  type GateId,
} from '../../../shared/domain/governance/gates';
import { PHASE_IDS, phaseNumber, type PhaseId } from '../../../shared/domain/phases';
import type { Db } from '../db/sqlite';
import type { InitiativeRecord } from '../repositories/initiatives.repo';
import type { DemoData } from './generate';

type DemoBase = Pick<DemoData, 'people' | 'initiatives' | 'transitions'>;
import { isoDay as dateOnly, isoStamp as iso } from './stamps';
import { hasTable } from '../repositories/signals.repo';
import { insertAll } from './bulkInsert';
import { generateRoiScenarios, type DemoScenario } from './roi';
import { rng, type Rng } from './random';

/**
 * The governance layer of the demo portfolio: KPIs with measurements, gate reviews (decided ones behind
 * every phase move, open ones in flight), criterion results, evidence, sign-offs, conditions, and agents
 * for agentic initiatives. It is drawn from its own random stream, so adding it left the initiatives and
 * people of a given seed unchanged.
 *
 * The mix is chosen so the radar has real content: some KPIs never got a baseline, some stopped being
 * measured, some reviews are long past their planned date, a few initiatives were recycled twice at the
 * gate they face, some evidence has expired, some agents' kill switches were never tested.
 */

const DAY = 86_400_000;
/** Gate decisions are on record from this long ago; older phase moves predate the programme's gate log. */
const TRACKED_SINCE_DAYS = 180;
/** Decided reviews newer than this carry criterion results, evidence and sign-offs (see reviewsFor). */
const DETAILED_SINCE_DAYS = 60;
/** Stamps of the base demo are read many times over (created, entered, transitions): parse each once. */
const parsed = new Map<string, number>();
const ms = (stamp: string): number => {
  let v = parsed.get(stamp);
  if (v === undefined) {
    if (parsed.size > 200_000) parsed.clear();
    parsed.set(stamp, (v = Date.parse(stamp)));
  }
  return v;
};

type KpiTemplate = readonly [
  name: string,
  unit: string,
  kind: string,
  direction: 'higher_is_better' | 'lower_is_better',
  baseline: number,
];

const KPI_TEMPLATES: Record<InitiativeType, readonly KpiTemplate[]> = {
  chatbot: [
    ['Tickets resolved without an agent', '%', 'business_outcome', 'higher_is_better', 18],
    ['Average handle time', 'min', 'operational', 'lower_is_better', 11],
    ['Answer accuracy on the eval set', '%', 'model_quality', 'higher_is_better', 72],
  ],
  copilot: [
    ['Time saved per task', 'min', 'business_outcome', 'higher_is_better', 6],
    ['Weekly active users', 'users', 'adoption', 'higher_is_better', 40],
    ['Suggestion acceptance rate', '%', 'model_quality', 'higher_is_better', 28],
  ],
  predictive: [
    ['Churn rate in the treated segment', '%', 'business_outcome', 'lower_is_better', 9.5],
    ['Model AUC on holdout', 'AUC', 'model_quality', 'higher_is_better', 0.71],
    ['Forecast error (MAPE)', '%', 'model_quality', 'lower_is_better', 14],
  ],
  recommendation: [
    ['Click-through rate', '%', 'business_outcome', 'higher_is_better', 2.1],
    ['Revenue per session', 'EUR', 'business_outcome', 'higher_is_better', 3.4],
    ['Coverage of catalogue', '%', 'model_quality', 'higher_is_better', 35],
  ],
  document_intelligence: [
    ['Documents processed straight through', '%', 'business_outcome', 'higher_is_better', 22],
    ['Field extraction F1', 'F1', 'model_quality', 'higher_is_better', 0.81],
    ['Cost per document', 'EUR', 'cost_unit_economics', 'lower_is_better', 1.9],
  ],
  autonomous_agent: [
    ['Tasks completed without hand-off', '%', 'business_outcome', 'higher_is_better', 15],
    ['Escalation rate', '%', 'operational', 'lower_is_better', 30],
    ['Agent-caused incidents per month', 'count', 'risk_safety', 'lower_is_better', 4],
  ],
  other: [
    ['Process cycle time', 'days', 'business_outcome', 'lower_is_better', 12],
    ['Cost per case', 'EUR', 'cost_unit_economics', 'lower_is_better', 38],
  ],
};

const BASELINE_SOURCES = [
  'Ops dashboard, quarter before kick-off',
  'Finance report FY baseline',
  'Time-and-motion study',
  'Data warehouse extract',
  'Pilot control group',
];

const AGENT_TOOLS: readonly (readonly [string, readonly string[]])[] = [
  ['crm.lookup', ['crm:read']],
  ['crm.update_case', ['crm:write:cases']],
  ['email.send', ['mail:send:internal']],
  ['erp.create_po', ['erp:write:purchase-orders']],
  ['kb.search', ['kb:read']],
  ['ticket.close', ['itsm:write:tickets']],
  ['payments.refund', ['payments:write:refunds<=500']],
  ['calendar.book', ['calendar:write']],
];
const AUTONOMY: readonly string[] = ['L1_OPERATOR', 'L2_COLLABORATOR', 'L3_CONSULTANT', 'L4_APPROVER', 'L5_OBSERVER'];
const KILL_SWITCH: readonly string[] = ['CREDENTIAL_REVOKE', 'GATEWAY_BLOCK', 'FEATURE_FLAG', 'ORCHESTRATOR_HALT'];

const EVIDENCE_LINKS = [
  ['Business case', 'https://intranet.example.com/ai/business-cases/'],
  ['Data quality report', 'https://intranet.example.com/data/quality/'],
  ['Architecture decision record', 'https://git.example.com/ai/adr/'],
  ['Evaluation report', 'https://mlflow.example.com/experiments/'],
  ['DPIA', 'https://intranet.example.com/privacy/dpia/'],
  ['Runbook', 'https://wiki.example.com/runbooks/'],
] as const;

export interface DemoKpi {
  id: number;
  initiative_id: number;
  name: string;
  unit: string;
  kind: string;
  direction: string;
  baseline_value: number | null;
  baseline_date: string | null;
  baseline_source: string;
  target_value: number | null;
  target_date: string | null;
  cadence: string;
  created_at: string;
  updated_at: string;
}
export interface DemoMeasurement {
  kpi_id: number;
  period_end: string;
  value: number;
  source: string;
  entered_by: string;
  created_at: string;
}
export interface DemoReview {
  id: number;
  initiative_id: number;
  gate: GateId;
  catalogue_version: string;
  status: 'open' | 'decided';
  from_phase: PhaseId;
  to_phase: PhaseId;
  requested_at: string;
  requested_by: string;
  scheduled_date: string | null;
  decision: DecisionId | null;
  decided_at: string | null;
  decided_by: string | null;
  is_override: number;
  override_reason: string | null;
  notes: string;
  score_at_decision: number | null;
  updated_at: string;
}
export interface DemoResult {
  review_id: number;
  criterion_id: string;
  result: string;
  score: number | null;
  waiver_reason: string;
  note: string;
  updated_at: string;
  updated_by: string;
}
export interface DemoEvidence {
  review_id: number;
  criterion_id: string | null;
  kind: 'link' | 'note';
  title: string;
  url: string | null;
  note: string | null;
  valid_until: string | null;
  added_by: string;
  added_at: string;
}
export interface DemoSignOff {
  review_id: number;
  role: string;
  person_id: number;
  vote: 'APPROVE';
  comment: string;
  signed_at: string;
}
export interface DemoCondition {
  review_id: number;
  text: string;
  owner_id: number;
  due_date: string;
  status: 'open' | 'met';
  closed_at: string | null;
  note: string;
}
export interface DemoAgent {
  id: number;
  initiative_id: number;
  agent_key: string;
  name: string;
  description: string;
  accountable_owner_id: number | null;
  autonomy_level: string | null;
  kill_switch_mechanism: string | null;
  kill_switch_owner_id: number | null;
  kill_switch_procedure: string;
  kill_switch_last_tested: string | null;
  last_review_date: string | null;
  status: 'active';
  created_at: string;
  updated_at: string;
}
export interface DemoAgentTool {
  agent_id: number;
  tool_name: string;
  scopes: string;
}

export interface DemoGovernance {
  kpis: DemoKpi[];
  measurements: DemoMeasurement[];
  reviews: DemoReview[];
  results: DemoResult[];
  evidence: DemoEvidence[];
  signOffs: DemoSignOff[];
  conditions: DemoCondition[];
  /** Which demo transition (by index in DemoData.transitions) each decided review moved. */
  transitionReview: Map<number, number>;
  agents: DemoAgent[];
  agentTools: DemoAgentTool[];
  /** ROI scenarios (roi.ts). */
  roiScenarios: DemoScenario[];
}

/** Rounds to the precision the metric is read at (percentages to 0.1, ratios to 0.01). */
function round(v: number, base: number): number {
  const digits = Math.abs(base) < 2 ? 3 : 1;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export function generateGovernance(data: DemoBase, seed: number, now: Date): DemoGovernance {
  // A stream of its own: the base demo (initiatives, people) of a seed must not change.
  const r = rng((seed ^ 0x5bd1e995) >>> 0);
  const nowMs = now.getTime();
  const g: DemoGovernance = {
    kpis: [],
    measurements: [],
    reviews: [],
    results: [],
    evidence: [],
    signOffs: [],
    conditions: [],
    transitionReview: new Map(),
    agents: [],
    agentTools: [],
    roiScenarios: generateRoiScenarios(data.initiatives, seed, now),
  };
  const personName = new Map(data.people.map((p) => [p.id, p.name]));
  const transitionsOf = new Map<number, number[]>();
  data.transitions.forEach((t, idx) => {
    const list = transitionsOf.get(t.initiative_id) ?? [];
    list.push(idx);
    transitionsOf.set(t.initiative_id, list);
  });

  for (const init of data.initiatives) {
    const owners = [init.sponsor_id, init.product_owner_id, init.tech_lead_id].filter((x): x is number => x !== null);
    const someone = () => (owners.length > 0 && r.chance(0.7) ? r.pick(owners) : r.pick(data.people).id);
    const nameOf = (id: number) => personName.get(id) ?? 'Flightdeck user';
    kpisFor(r, g, init, nowMs, nameOf(someone()));
    reviewsFor(r, g, data, init, transitionsOf.get(init.id) ?? [], nowMs, someone, nameOf);
    if (init.type === 'autonomous_agent') agentsFor(r, g, init, nowMs, someone);
  }
  return g;
}

function kpisFor(r: Rng, g: DemoGovernance, init: InitiativeRecord, nowMs: number, enteredBy: string): void {
  const p = phaseNumber(init.phase as PhaseId);
  if (p === 1 && !r.chance(0.4)) return;
  const templates = KPI_TEMPLATES[init.type as InitiativeType];
  // Most initiatives track one KPI; a third track a second.
  const count = Math.min(templates.length, p === 1 || !r.chance(0.35) ? 1 : 2);
  const createdMs = ms(init.created_at) + r.int(5, 30) * DAY;
  if (createdMs > nowMs) return;
  // Measurement starts once a pilot runs (phase 4), monthly.
  const measureFromMs = p >= 4 ? Math.max(createdMs, nowMs - r.int(60, 270) * DAY) : null;
  // Some programmes stop measuring: the "KPI not measured" signal.
  const stoppedMs = measureFromMs !== null && r.chance(0.2) ? nowMs - r.int(75, 200) * DAY : nowMs;
  for (let k = 0; k < count; k++) {
    const [name, unit, kind, direction, base] = templates[k]!;
    const id = g.kpis.length + 1;
    const hasBaseline = !r.chance(p <= 2 ? 0.35 : 0.1);
    const baseline = round(base * (0.85 + r.next() * 0.3), base);
    const improve = 0.1 + r.next() * 0.3;
    const target = round(direction === 'higher_is_better' ? baseline * (1 + improve) : baseline * (1 - improve), base);
    // Most programmes re-baseline yearly and move a target that has passed; a quarter do not, which is
    // what the "no usable KPI baseline" signal is for.
    let baselineMs = createdMs - r.int(10, 60) * DAY;
    if (r.chance(0.75)) baselineMs = Math.max(baselineMs, nowMs - r.int(20, 330) * DAY);
    let targetMs = Math.max(baselineMs + 90 * DAY, init.planned_end ? ms(init.planned_end) : baselineMs + 365 * DAY);
    if (targetMs < nowMs && r.chance(0.75)) targetMs = nowMs + r.int(30, 300) * DAY;
    // Outcomes and adoption are read monthly; model and cost figures are reviewed each quarter.
    const monthly = kind === 'business_outcome' || kind === 'adoption';
    g.kpis.push({
      id,
      initiative_id: init.id,
      name,
      unit,
      kind,
      direction,
      baseline_value: hasBaseline ? baseline : null,
      baseline_date: hasBaseline ? dateOnly(baselineMs) : null,
      baseline_source: hasBaseline ? r.pick(BASELINE_SOURCES) : '',
      target_value: hasBaseline || r.chance(0.5) ? target : null,
      target_date: dateOnly(targetMs),
      cadence: monthly ? 'monthly' : 'quarterly',
      created_at: iso(createdMs),
      updated_at: iso(createdMs),
    });
    if (measureFromMs === null || !hasBaseline) continue;
    // Month ends from the first pilot month to the last measured one, drifting from baseline to target.
    const months: number[] = [];
    const d = new Date(measureFromMs);
    let cursor = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0);
    while (cursor <= stoppedMs && months.length < 12) {
      months.push(cursor);
      const c = new Date(cursor);
      cursor = Date.UTC(c.getUTCFullYear(), c.getUTCMonth() + (monthly ? 2 : 4), 0);
    }
    const progressCap = r.next() * 1.1;
    months.forEach((m, i) => {
      const share = months.length === 1 ? 0.2 : (i / (months.length - 1)) * progressCap;
      const noise = (r.next() - 0.5) * 0.06 * Math.abs(baseline);
      g.measurements.push({
        kpi_id: id,
        period_end: dateOnly(m),
        value: round(baseline + (target - baseline) * share + noise, base),
        source: 'Monthly ops review',
        entered_by: enteredBy,
        created_at: iso(Math.min(nowMs, m + 3 * DAY)),
      });
    });
  }
}

function reviewsFor(
  r: Rng,
  g: DemoGovernance,
  data: DemoBase,
  init: InitiativeRecord,
  transitionIdx: readonly number[],
  nowMs: number,
  someone: () => number,
  nameOf: (id: number) => string,
): void {
  const profile = { riskTier: init.risk_tier as RiskTier, type: init.type as InitiativeType };
  const decided: DemoReview[] = [];
  for (const idx of transitionIdx) {
    const t = data.transitions[idx]!;
    if (t.from_phase === null) continue;
    const atMs = ms(t.at);
    // Moves from before gates were tracked here stay plain phase moves.
    if (atMs < nowMs - TRACKED_SINCE_DAYS * DAY) continue;
    const back = PHASE_IDS.indexOf(t.to_phase as PhaseId) < PHASE_IDS.indexOf(t.from_phase as PhaseId);
    const gate = gateLeaving(t.from_phase as PhaseId);
    const decision: DecisionId = back ? 'RECYCLE' : r.chance(0.2) ? 'CONDITIONAL_GO' : 'GO';
    const review = addReview(g, init, gate.id, {
      from: t.from_phase as PhaseId,
      to: t.to_phase as PhaseId,
      requestedMs: atMs - r.int(10, 35) * DAY,
      scheduledMs: atMs - r.int(0, 5) * DAY,
      by: nameOf(someone()),
      decision,
      decidedMs: atMs,
      score: back ? 0.45 + r.next() * 0.2 : 0.72 + r.next() * 0.26,
      notes: back ? 'Evidence incomplete: recycled for rework.' : '',
    });
    g.transitionReview.set(idx, review.id);
    decided.push(review);
    if (decision === 'CONDITIONAL_GO') {
      const due = atMs + r.int(30, 90) * DAY;
      const met = due < nowMs - 10 * DAY && r.chance(0.7);
      g.conditions.push({
        review_id: review.id,
        text: r.pick([
          'Complete the DPIA before widening the user group',
          'Add the cost dashboard to the weekly ops review',
          'Finish red-team testing of the prompt-injection cases',
          'Name a backup on-call owner for the model service',
        ]),
        owner_id: someone(),
        due_date: dateOnly(due),
        status: met ? 'met' : 'open',
        closed_at: met ? iso(due - r.int(0, 10) * DAY) : null,
        note: met ? 'Done, see the linked evidence.' : '',
      });
    }
  }

  const enteredMs = ms(init.phase_entered_at);
  const phase = init.phase as PhaseId;
  const live = init.status === 'active' && init.archived_at === null;
  const daysInPhase = Math.floor((nowMs - enteredMs) / DAY);

  // Two recycles at the gate it now faces: the "recycle loop" signal.
  if (live && phaseNumber(phase) <= 5 && daysInPhase > 90 && r.chance(0.05)) {
    const gate = gateLeaving(phase);
    for (const k of [0, 1]) {
      const atMs = enteredMs + (daysInPhase * DAY * (k + 1)) / 3;
      decided.push(
        addReview(g, init, gate.id, {
          from: phase,
          to: gate.toPhase,
          requestedMs: atMs - 14 * DAY,
          scheduledMs: atMs,
          by: nameOf(someone()),
          decision: 'RECYCLE',
          decidedMs: atMs,
          score: 0.5 + r.next() * 0.15,
          notes: 'Value case not evidenced yet: recycled.',
        }),
      );
    }
  }

  // Killed and paused initiatives carry the decision that stopped them.
  if ((init.status === 'killed' || init.status === 'on_hold') && daysInPhase > 3) {
    const gate = gateLeaving(phase);
    const atMs = init.actual_end ? Math.max(enteredMs + DAY, ms(init.actual_end)) : enteredMs + daysInPhase * DAY * 0.6;
    decided.push(
      addReview(g, init, gate.id, {
        from: phase,
        to: gate.toPhase,
        requestedMs: atMs - r.int(7, 21) * DAY,
        scheduledMs: atMs,
        by: nameOf(someone()),
        decision: init.status === 'killed' ? 'KILL' : 'HOLD',
        decidedMs: Math.min(atMs, nowMs),
        score: 0.3 + r.next() * 0.3,
        notes: init.risk_tier === 'prohibited' ? 'Prohibited practice under EU AI Act Art 5.' : '',
      }),
    );
  }

  // The story of the demo: the programme has logged gate decisions for six months and has kept full review
  // records (results, evidence, sign-offs) for the last two months. Older decisions are on record as
  // decisions only. It also keeps a 10,000-initiative demo quick to create.
  const latest = decided.filter((d) => d.decision === 'GO' || d.decision === 'CONDITIONAL_GO').at(-1);
  if (latest && ms(latest.decided_at!) >= nowMs - DETAILED_SINCE_DAYS * DAY) {
    detailReview(r, g, init, latest, profile, nowMs, someone, 1);
  }

  // One review in flight for a share of live initiatives; some long past their planned date.
  if (live && daysInPhase > 7 && r.chance(0.2)) {
    const gate = gateLeaving(phase);
    const requestedMs = nowMs - r.int(3, Math.min(150, daysInPhase)) * DAY;
    const review = addReview(g, init, gate.id, {
      from: phase,
      to: gate.toPhase,
      requestedMs,
      scheduledMs: requestedMs + r.int(10, 40) * DAY,
      by: nameOf(someone()),
      decision: null,
      decidedMs: null,
      score: null,
      notes: '',
    });
    detailReview(r, g, init, review, profile, nowMs, someone, r.next());
  }
}

function addReview(
  g: DemoGovernance,
  init: InitiativeRecord,
  gate: GateId,
  o: {
    from: PhaseId;
    to: PhaseId;
    requestedMs: number;
    scheduledMs: number;
    by: string;
    decision: DecisionId | null;
    decidedMs: number | null;
    score: number | null;
    notes: string;
  },
): DemoReview {
  const requestedMs = Math.max(ms(init.created_at), Math.min(o.requestedMs, o.decidedMs ?? o.requestedMs));
  const review: DemoReview = {
    id: g.reviews.length + 1,
    initiative_id: init.id,
    gate,
    catalogue_version: CRITERIA_CATALOGUE.version,
    status: o.decision === null ? 'open' : 'decided',
    from_phase: o.from,
    to_phase: o.to,
    requested_at: iso(requestedMs),
    requested_by: o.by,
    scheduled_date: dateOnly(Math.max(requestedMs, o.scheduledMs)),
    decision: o.decision,
    decided_at: o.decidedMs === null ? null : iso(o.decidedMs),
    decided_by: o.decidedMs === null ? null : o.by,
    is_override: 0,
    override_reason: null,
    notes: o.notes,
    score_at_decision: o.score === null ? null : Math.round(o.score * 1000) / 1000,
    updated_at: iso(o.decidedMs ?? requestedMs),
  };
  g.reviews.push(review);
  return review;
}

/** Criterion results, evidence and sign-offs; `progress` is how far an open review has got (1 = complete). */
function detailReview(
  r: Rng,
  g: DemoGovernance,
  init: InitiativeRecord,
  review: DemoReview,
  profile: { riskTier: RiskTier; type: InitiativeType },
  nowMs: number,
  someone: () => number,
  progress: number,
): void {
  const { criteria } = tailored(review.gate, profile);
  const startMs = ms(review.requested_at);
  const endMs = review.decided_at ? ms(review.decided_at) : nowMs;
  const by = review.requested_by;
  const duringMs = () => startMs + r.next() * Math.max(0, endMs - startMs);
  const during = () => iso(duringMs());
  for (const c of criteria) {
    if (c.kind === 'must' && c.blocking) continue;
    if (r.next() > progress) continue;
    const waived = c.kind === 'must' && r.chance(0.04);
    g.results.push({
      review_id: review.id,
      criterion_id: c.id,
      result: waived ? 'WAIVED' : c.kind === 'must' ? 'MET' : r.pick(['MET', 'MET', 'PARTIAL']),
      score: c.kind === 'should' ? r.int(2, 4) : null,
      waiver_reason: waived ? 'Covered by the group-wide control; accepted by the chair' : '',
      note: '',
      updated_at: during(),
      updated_by: by,
    });
    if (r.chance(0.3)) {
      const [title, base] = r.pick(EVIDENCE_LINKS);
      const addedMs = duringMs();
      // Mostly a year or more of validity; some short-lived items that have since expired.
      const validity = r.chance(0.2) ? r.int(30, 120) : r.chance(0.5) ? r.int(365, 730) : null;
      const link = r.chance(0.75);
      g.evidence.push({
        review_id: review.id,
        criterion_id: c.id,
        kind: link ? 'link' : 'note',
        title: `${title}: ${init.name}`.slice(0, 200),
        // Notes carry their text instead of a link.
        url: link ? `${base}${init.id}-${c.id.toLowerCase()}` : null,
        note: link ? null : 'Reviewed in the gate meeting; minutes filed with the PMO.',
        valid_until:
          validity === null
            ? r.chance(0.5)
              ? dateOnly(addedMs + 730 * DAY)
              : null
            : dateOnly(addedMs + validity * DAY),
        added_by: by,
        added_at: iso(addedMs),
      });
    }
  }
  const roles = defaultRequiredRoles(review.gate, profile);
  const triad: Record<string, number | null> = {
    BUSINESS_SPONSOR: init.sponsor_id,
    AI_PRODUCT_OWNER: init.product_owner_id,
    TECH_LEAD: init.tech_lead_id,
  };
  for (const role of roles) {
    if (review.status === 'open' && r.next() > progress * 0.8) continue;
    g.signOffs.push({
      review_id: review.id,
      role,
      person_id: triad[role] ?? someone(),
      vote: 'APPROVE',
      comment: '',
      signed_at: during(),
    });
  }
}

/** Tailoring depends on gate, tier and type only: 7 × 5 × 7 combinations, computed once each. */
const tailorCache = new Map<string, ReturnType<typeof tailorGate>>();
function tailored(gate: GateId, profile: { riskTier: RiskTier; type: InitiativeType }): ReturnType<typeof tailorGate> {
  const key = `${gate}|${profile.riskTier}|${profile.type}`;
  let t = tailorCache.get(key);
  if (!t) tailorCache.set(key, (t = tailorGate(gate, profile)));
  return t;
}

function agentsFor(r: Rng, g: DemoGovernance, init: InitiativeRecord, nowMs: number, someone: () => number): void {
  const count = r.int(1, 3);
  for (let k = 0; k < count; k++) {
    const id = g.agents.length + 1;
    const createdMs = ms(init.created_at) + r.int(20, 90) * DAY;
    if (createdMs > nowMs) return;
    const tested = r.chance(0.15) ? null : nowMs - r.int(5, 200) * DAY;
    const hasKillSwitch = !r.chance(0.1);
    g.agents.push({
      id,
      initiative_id: init.id,
      agent_key: `agent-${init.id}-${k + 1}`,
      name: `${r.pick(['Intake', 'Resolver', 'Planner', 'Reconciler', 'Scheduler'])} agent ${k + 1}`,
      description: 'Acts on behalf of the team within the scopes listed.',
      accountable_owner_id: r.chance(0.1) ? null : someone(),
      autonomy_level: r.chance(0.1) ? null : r.pick(AUTONOMY),
      kill_switch_mechanism: hasKillSwitch ? r.pick(KILL_SWITCH) : null,
      kill_switch_owner_id: hasKillSwitch ? someone() : null,
      kill_switch_procedure: hasKillSwitch ? 'Revoke the agent credential in the gateway; page the on-call owner.' : '',
      kill_switch_last_tested: hasKillSwitch && tested !== null ? dateOnly(tested) : null,
      last_review_date: dateOnly(nowMs - r.int(10, 240) * DAY),
      status: 'active',
      created_at: iso(createdMs),
      updated_at: iso(createdMs),
    });
    const tools = new Set<number>();
    const toolCount = r.int(1, 4);
    while (tools.size < toolCount) tools.add(r.int(0, AGENT_TOOLS.length - 1));
    for (const t of tools) {
      const [name, scopes] = AGENT_TOOLS[t]!;
      // A few tools were granted without a scope: the agent tool-scope check fails on them.
      g.agentTools.push({ agent_id: id, tool_name: name, scopes: JSON.stringify(r.chance(0.08) ? [] : scopes) });
    }
  }
}

/**
 * Writes the governance rows of the demo (inside the caller's transaction). Parts whose tables the file
 * does not have (a file built at an older schema version for a migration test) are left out.
 */
export function insertGovernanceRows(db: Db, g: DemoGovernance, transitionIds: readonly number[]): void {
  if (hasTable(db, 'kpis')) {
    insertAll(db, 'kpis', g.kpis);
    insertAll(db, 'kpi_measurements', g.measurements);
  }
  if (hasTable(db, 'gate_reviews')) {
    insertAll(db, 'gate_reviews', g.reviews);
    insertAll(db, 'gate_criterion_results', g.results);
    insertAll(db, 'gate_evidence', g.evidence);
    insertAll(db, 'gate_signoffs', g.signOffs);
    insertAll(db, 'gate_conditions', g.conditions);
    const link = db.prepare('UPDATE phase_transitions SET gate_review_id = ? WHERE id = ?');
    for (const [idx, reviewId] of g.transitionReview) {
      const id = transitionIds[idx];
      if (id !== undefined) link.run(reviewId, id);
    }
  }
  if (hasTable(db, 'agents')) {
    insertAll(db, 'agents', g.agents);
    insertAll(db, 'agent_tools', g.agentTools);
  }
  if (hasTable(db, 'roi_scenarios')) insertAll(db, 'roi_scenarios', g.roiScenarios);
}
