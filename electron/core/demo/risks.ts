import {
  DEFAULT_APPETITE,
  OPEN_ACTION_STATUSES,
  RISK_LIBRARY,
  effectiveCadence,
  nextReviewDate,
  type ActionStatus,
  type LibraryEntry,
  type Level,
  type RiskStatus,
} from '../../../shared/domain/risk';
import type { Db } from '../db/sqlite';
import type { InitiativeRecord } from '../repositories/initiatives.repo';
import type { PersonRecord } from '../repositories/people.repo';
import type { RiskActionRecord, RiskControlRecord, RiskRecord } from '../repositories/risks.repo';
import { hasTable } from '../repositories/signals.repo';
import { insertAll } from './bulkInsert';
import { rng, type Rng } from './random';
import { isoDay } from './stamps';

/**
 * The demo portfolio's risk register: several risks per live initiative drawn from the library (agentic
 * initiatives get the agentic risks, assistants the prompt and privacy ones), scored around the library's
 * suggestion, owned mostly by the initiative's product owner or tech lead (a few have no owner); some
 * overdue for review, some accepted with an expiry (some expired), treatment actions with owners and due
 * dates (some overdue), and a handful of portfolio-level risks. Killed and retired initiatives keep their
 * risks closed.
 *
 * Compact on purpose: the 10,000-initiative demo must still be written in about 2 s, so the free text is
 * the library's (the description is left to the user) and each risk carries at most one control.
 */

const DAY = 86_400_000;

export interface DemoRisks {
  risks: RiskRecord[];
  actions: RiskActionRecord[];
  controls: RiskControlRecord[];
}

const AGENTIC = ['shadow-agents', 'privilege-drift', 'excessive-agency', 'cascading-agent-failure'];
const ASSISTANT = ['prompt-injection', 'hallucination-operational', 'pii-leakage', 'system-prompt-leakage'];
const byId = new Map(RISK_LIBRARY.map((e) => [e.id, e]));
const refsJson = new Map(RISK_LIBRARY.map((e) => [e.id, JSON.stringify(e.taxonomyRefs)]));

const clamp = (n: number): Level => Math.min(5, Math.max(1, n)) as Level;

/** The entries an initiative of this type draws from first, then the whole library. */
function pickEntries(r: Rng, type: string, n: number): LibraryEntry[] {
  const first = type === 'autonomous_agent' ? AGENTIC : type === 'chatbot' || type === 'copilot' ? ASSISTANT : [];
  const chosen = new Set<string>();
  while (chosen.size < n) {
    const fromFirst = first.length > 0 && r.chance(0.6);
    chosen.add(fromFirst ? r.pick(first) : r.pick(RISK_LIBRARY).id);
  }
  return [...chosen].map((id) => byId.get(id)!);
}

/** Equal-or-lower by up to `steps` on each part, never above `upper`'s score. */
function lower(r: Rng, upper: { likelihood: number; impact: number }, steps: number) {
  const l = clamp(upper.likelihood - r.int(0, steps));
  const i = clamp(upper.impact - r.int(0, Math.max(0, steps - 1)));
  return { likelihood: l, impact: i };
}

/** Risks per live initiative past Strategy: mostly 2 or 3, some 4 (kept small: see the note above). */
const COUNTS: [number, number][] = [
  [2, 50],
  [3, 35],
  [4, 15],
];

const STATUS_LIVE: [RiskStatus, number][] = [
  ['IDENTIFIED', 8],
  ['ASSESSED', 14],
  ['TREATMENT_PLANNED', 16],
  ['IN_TREATMENT', 26],
  ['MONITORING', 22],
  ['ACCEPTED', 8],
  ['CLOSED', 4],
  ['REALIZED_ISSUE', 2],
];

export function generateDemoRisks(
  base: { people: readonly PersonRecord[]; initiatives: readonly InitiativeRecord[] },
  seed: number,
  now: Date,
  first: { risk: number; action: number; control: number } = { risk: 1, action: 1, control: 1 },
): DemoRisks {
  const r = rng((seed ^ 0x7a15c) >>> 0);
  const nowMs = now.getTime();
  const stamp = now.toISOString();
  const risks: RiskRecord[] = [];
  const actions: RiskActionRecord[] = [];
  const controls: RiskControlRecord[] = [];
  const people = base.people;
  if (people.length === 0) return { risks, actions, controls };
  let id = first.risk;
  let actionId = first.action;
  let controlId = first.control;

  const add = (i: InitiativeRecord | null, createdMs: number, e: LibraryEntry, closedAll: boolean) => {
    const ageDays = Math.max(1, Math.floor((nowMs - createdMs) / DAY));
    const identifiedMs = nowMs - r.int(0, Math.min(ageDays, 540)) * DAY;
    const identified = isoDay(identifiedMs);
    const inherent = {
      likelihood: clamp(e.inherent.likelihood + r.int(-1, 1)),
      impact: clamp(e.inherent.impact + r.int(-1, 1)),
    };
    let status: RiskStatus = closedAll ? 'CLOSED' : r.weighted(STATUS_LIVE);
    const early = status === 'IDENTIFIED' || status === 'ASSESSED';
    const residual = early ? { ...inherent } : lower(r, inherent, 2);
    const target = r.chance(0.7) ? lower(r, residual, 2) : null;
    const residualScore = residual.likelihood * residual.impact;
    const appetite = DEFAULT_APPETITE[e.category];
    const owners = i ? [i.product_owner_id, i.tech_lead_id, i.sponsor_id].filter((x): x is number => x !== null) : [];
    const owner = r.chance(0.05) ? null : owners.length > 0 && r.chance(0.8) ? r.pick(owners) : r.pick(people).id;
    // Reviews: a third never reviewed since identification; the rest some days after it (never after today).
    const sinceIdentified = Math.floor((nowMs - identifiedMs) / DAY);
    const reviewed =
      r.chance(0.66) && sinceIdentified > 0 ? isoDay(identifiedMs + r.int(1, sinceIdentified) * DAY) : null;
    const cadence = r.chance(0.1) ? 'MONTHLY' : null;
    const next = nextReviewDate(reviewed ?? identified, effectiveCadence(cadence, residualScore));
    let accepted: { by: number; on: string; expires: string; reason: string } | null = null;
    if (status === 'ACCEPTED' || (!closedAll && residualScore > appetite && r.chance(0.15))) {
      const onMs = Math.max(identifiedMs, nowMs - r.int(10, 330) * DAY);
      const by = i?.sponsor_id ?? r.pick(people).id;
      accepted = {
        by,
        on: isoDay(onMs),
        expires: isoDay(onMs + r.int(90, 365) * DAY),
        reason: 'Residual risk within tolerance given compensating controls; re-assess at expiry',
      };
      if (status !== 'CLOSED') status = 'ACCEPTED';
    }
    const riskId = id++;
    let openDue: string | null = null;
    const treated = status === 'TREATMENT_PLANNED' || status === 'IN_TREATMENT' || status === 'MONITORING';
    if (treated || status === 'REALIZED_ISSUE') {
      const n = e.actions.length > 1 && r.chance(0.3) ? 2 : 1;
      for (let k = 0; k < n; k++) {
        const dueMs = nowMs + r.int(-90, 120) * DAY;
        const past = dueMs < nowMs;
        let st: ActionStatus = past
          ? r.chance(0.55)
            ? 'DONE'
            : r.chance(0.8)
              ? 'IN_PROGRESS'
              : 'PLANNED'
          : r.chance(0.5)
            ? 'IN_PROGRESS'
            : 'PLANNED';
        if (status === 'MONITORING' && past) st = 'DONE';
        const due = isoDay(dueMs);
        actions.push({
          id: actionId++,
          risk_id: riskId,
          description: e.actions[k]!,
          owner_id: owner ?? r.pick(people).id,
          due_on: due,
          status: st,
          completed_on: st === 'DONE' ? isoDay(Math.min(nowMs, dueMs - r.int(0, 20) * DAY)) : null,
          evidence: '',
        });
        if (OPEN_ACTION_STATUSES.includes(st) && (openDue === null || due < openDue)) openDue = due;
      }
    }
    const control = e.controls[0];
    if (control && !early && r.chance(0.4)) {
      controls.push({
        id: controlId++,
        risk_id: riskId,
        framework: control.framework,
        ref: control.ref,
        title: control.title,
        status: r.pick(['PARTIAL', 'IMPLEMENTED', 'VERIFIED'] as const),
      });
    }
    risks.push({
      id: riskId,
      initiative_id: i ? i.id : null,
      title: e.title,
      category: e.category,
      owner_id: owner,
      inherent_l: inherent.likelihood,
      inherent_i: inherent.impact,
      residual_l: residual.likelihood,
      residual_i: residual.impact,
      target_l: target?.likelihood ?? null,
      target_i: target?.impact ?? null,
      appetite,
      treatment: early ? null : accepted ? 'ACCEPT_RETAIN' : e.treatment,
      status,
      review_cadence: cadence,
      identified_on: identified,
      last_reviewed_on: reviewed,
      next_review_on: next,
      open_action_due_on: openDue,
      accepted_by: accepted?.by ?? null,
      accepted_on: accepted?.on ?? null,
      acceptance_expires_on: accepted?.expires ?? null,
      acceptance_reason: accepted?.reason ?? '',
      library_id: e.id,
      taxonomy_refs: refsJson.get(e.id)!,
      created_at: stamp < `${identified}T09:00:00.000Z` ? stamp : `${identified}T09:00:00.000Z`,
      updated_at: stamp,
      description: '',
      cause: e.cause,
      event: e.event,
      consequence: e.consequence,
    });
  };

  for (const i of base.initiatives) {
    const ended = i.status === 'killed' || i.status === 'retired';
    const n = ended ? r.int(0, 1) : i.phase === 'STRATEGY' ? r.int(1, 2) : r.weighted(COUNTS);
    const createdMs = Date.parse(i.created_at);
    for (const e of pickEntries(r, i.type, n)) add(i, createdMs, e, ended);
  }
  // Portfolio-level risks: the ones no single initiative owns.
  for (const lib of [
    'cost-overrun',
    'vendor-model-deprecation',
    'shadow-agents',
    'eu-ai-act-misclassification',
    'ownership-gap',
  ]) {
    add(null, nowMs - 400 * DAY, byId.get(lib)!, false);
  }
  return { risks, actions, controls };
}

/** A stable 32-bit seed from the generated portfolio itself (the same seed and size give the same data). */
function seedOf(initiatives: readonly InitiativeRecord[], people: readonly PersonRecord[]): number {
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193) >>> 0;
  };
  mix(String(initiatives.length));
  for (const i of initiatives.slice(0, 8)) mix(i.created_at);
  for (const p of people.slice(0, 4)) mix(p.name);
  return h;
}

/**
 * Generates and writes the demo register into a freshly written demo file (inside writeDemo's transaction).
 * `at` is when the demo is written (its audit stamp), the "today" the register's dates are relative to.
 */
export function insertDemoRisks(
  db: Db,
  data: { people: readonly PersonRecord[]; initiatives: readonly InitiativeRecord[] },
  at: string,
): DemoRisks | null {
  if (!hasTable(db, 'risks') || !hasTable(db, 'risk_actions') || !hasTable(db, 'risk_controls')) return null;
  const now = new Date(at);
  if (Number.isNaN(now.getTime())) return null;
  const next = (table: string) => db.prepare(`SELECT coalesce(max(id), 0) + 1 FROM ${table}`).pluck().get() as number;
  const g = generateDemoRisks(data, seedOf(data.initiatives, data.people), now, {
    risk: next('risks'),
    action: next('risk_actions'),
    control: next('risk_controls'),
  });
  // writeDemo wraps this in withIndexesBuiltAfter: the register's indexes are built once, after the rows.
  insertAll(db, 'risks', g.risks);
  insertAll(db, 'risk_actions', g.actions);
  insertAll(db, 'risk_controls', g.controls);
  return g;
}
