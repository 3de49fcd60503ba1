import { INITIATIVE_TYPES, type InitiativeStatus, type RiskTier } from '../../../shared/domain/enums';
import { PHASE_IDS, type PhaseId } from '../../../shared/domain/phases';
import type { Db } from '../db/sqlite';
import type { InitiativeRecord, TransitionRecord } from '../repositories/initiatives.repo';
import type { PersonRecord } from '../repositories/people.repo';
import { setSetting } from '../repositories/settings.repo';
import { appendAudit, type AuditEvent } from '../audit/audit.repo';
import {
  FIRST_NAMES,
  LAST_NAMES,
  LEAD_TITLES,
  ENTRY_REASONS,
  PO_TITLES,
  REGIONS,
  SPONSOR_TITLES,
  USE_CASES,
} from './catalogue';
import { generateGovernance, insertGovernanceRows, type DemoGovernance } from './governance';
import { isoDay as dateOnly, isoStamp as iso } from './stamps';
import { insertAll, withIndexesBuiltAfter } from './bulkInsert';
import { insertDemoRisks } from './risks';
import { insertDemoRoiActuals } from './roiActuals';
import { insertDemoMetrics } from './metrics';
import { rng } from './random';

const DAY = 86_400_000;

export interface DemoOptions {
  size: number;
  seed: number;
  now: Date;
  actor?: string;
}

export interface DemoData {
  people: PersonRecord[];
  initiatives: InitiativeRecord[];
  transitions: Omit<TransitionRecord, 'id'>[];
  /** KPIs, gate reviews, evidence, sign-offs and agents (see governance.ts). */
  governance: DemoGovernance;
}

/**
 * A realistic portfolio: every phase, type and unit represented, some owners missing, histories over
 * the last two years with the odd recycle. Same size + seed + now gives the same data.
 */
export function generateDemo({ size, seed, now }: DemoOptions): DemoData {
  const r = rng(seed);
  const nowMs = now.getTime();
  const people: PersonRecord[] = [];
  const personCount = Math.min(3000, Math.max(15, Math.round(size * 0.3)));
  const units = [...new Set(USE_CASES.map((u) => u.unit))];
  // Every first/last pair once, in a seeded order, so names (and emails) are unique without "(2)" suffixes.
  const pairs: [string, string][] = [];
  for (const first of FIRST_NAMES) for (const last of LAST_NAMES) pairs.push([first, last]);
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  for (let i = 0; i < personCount; i++) {
    const [first, last] = pairs[i % pairs.length]!;
    const round = Math.floor(i / pairs.length);
    // Past the pairs, a middle initial keeps names distinct at 10,000-initiative scale.
    const name = round === 0 ? `${first} ${last}` : `${first} ${String.fromCharCode(65 + ((round - 1) % 26))}. ${last}`;
    const role = i % 3;
    // Sponsors and product owners sit in the business; tech leads mostly in Technology.
    const unit = role === 2 && r.chance(0.6) ? 'Technology' : units[Math.floor(i / 3) % units.length]!;
    const title =
      role === 0 ? `${r.pick(SPONSOR_TITLES)}, ${unit}` : role === 1 ? r.pick(PO_TITLES) : r.pick(LEAD_TITLES);
    const local = `${first}.${round === 0 ? '' : String.fromCharCode(97 + ((round - 1) % 26)) + '.'}${last}`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z.]/g, '');
    const email = `${local}${round > 26 ? round : ''}@example.com`;
    const created = iso(nowMs - 760 * DAY);
    people.push({ id: i + 1, name, email, title, business_unit: unit, created_at: created, updated_at: created });
  }
  const byRole = [0, 1, 2].map((role) => people.filter((_, i) => i % 3 === role));
  // Owners are picked from the initiative's own unit when it has someone in that role.
  // Grouped once: filtering thousands of people per pick made the 10k demo spend most of its time here.
  const byRoleAndUnit = byRole.map((pool) => {
    const m = new Map<string, PersonRecord[]>();
    for (const p of pool) {
      let list = m.get(p.business_unit);
      if (!list) m.set(p.business_unit, (list = []));
      list.push(p);
    }
    return m;
  });
  const pickOwner = (role: 0 | 1 | 2, unit: string): PersonRecord => {
    const pool = byRole[role]!;
    const local = byRoleAndUnit[role]!.get(unit) ?? [];
    return r.pick(local.length > 0 && r.chance(0.85) ? local : pool);
  };

  const initiatives: InitiativeRecord[] = [];
  const transitions: Omit<TransitionRecord, 'id'>[] = [];
  const phaseWeights: [number, number][] = [
    [0, 14],
    [1, 16],
    [2, 15],
    [3, 19],
    [4, 11],
    [5, 14],
    [6, 11],
  ];
  const tierWeights: [RiskTier, number][] = [
    ['minimal', 30],
    ['limited', 30],
    ['high', 15],
    ['unclassified', 22],
    ['prohibited', 3],
  ];

  for (let i = 0; i < size; i++) {
    const id = i + 1;
    const uc = i < USE_CASES.length ? USE_CASES[i]! : r.pick(USE_CASES);
    const lap = Math.floor(i / USE_CASES.length);
    const name =
      lap === 0
        ? uc.name
        : lap <= REGIONS.length
          ? `${uc.name} (${REGIONS[(i + lap) % REGIONS.length]})`
          : `${uc.name} (${r.pick(REGIONS)}, wave ${Math.ceil(lap / REGIONS.length)})`;
    // The first seven cover every phase, then the spread leans on build and validation, as real portfolios do.
    const p = i < PHASE_IDS.length ? i : r.weighted(phaseWeights);
    const createdMs = nowMs - r.int(45 + p * 40, 730) * DAY;
    const enteredCurrentMs =
      p === 0 ? createdMs : nowMs - r.int(3, Math.max(4, Math.min(300, (nowMs - createdMs) / DAY / 2))) * DAY;
    const path: PhaseId[] = [];
    for (let k = 0; k <= p; k++) {
      path.push(PHASE_IDS[k]!);
      // A recycle: sent back one phase by a gate, then forward again.
      if (k >= 2 && k < p && r.chance(0.08)) path.push(PHASE_IDS[k - 1]!, PHASE_IDS[k]!);
    }
    const span = enteredCurrentMs - createdMs;
    const actor = r.pick(people).name;
    let prev: PhaseId | null = null;
    path.forEach((phase, k) => {
      const atMs =
        k === 0
          ? createdMs
          : k === path.length - 1
            ? enteredCurrentMs
            : createdMs + (span * (k + r.next() * 0.6 - 0.3)) / (path.length - 1);
      const back: boolean = prev !== null && PHASE_IDS.indexOf(phase) < PHASE_IDS.indexOf(prev);
      transitions.push({
        initiative_id: id,
        from_phase: prev,
        to_phase: phase,
        at: iso(Math.round(atMs)),
        by: actor,
        reason:
          k === 0
            ? 'Created'
            : back
              ? 'Recycled at gate: evidence incomplete'
              : r.pick(ENTRY_REASONS[phase] ?? ['Gate review passed']),
      });
      prev = phase;
    });

    let status: InitiativeStatus = 'active';
    if (p === 6 && r.chance(0.12)) status = 'retired';
    else if (p < 5 && r.chance(0.07)) status = 'killed';
    else if (r.chance(0.09)) status = 'on_hold';
    let tier = r.weighted(tierWeights);
    if (tier === 'prohibited') status = 'killed';
    if (uc.type === 'autonomous_agent' && tier === 'minimal') tier = 'limited';

    const plannedStart = createdMs + r.int(0, 20) * DAY;
    const plannedEnd = plannedStart + r.int(180, 540) * DAY;
    const tags = [...uc.tags];
    if (r.chance(0.3)) tags.push(r.pick(['quick-win', 'strategic', 'regulated', 'customer-facing', 'internal']));
    const updated = iso(Math.max(enteredCurrentMs, nowMs - r.int(0, 30) * DAY));
    initiatives.push({
      id,
      name,
      description: uc.about,
      business_unit: uc.unit,
      type: uc.type,
      phase: PHASE_IDS[p]!,
      status,
      risk_tier: tier,
      tags: JSON.stringify([...new Set(tags)]),
      sponsor_id: r.chance(0.08) ? null : pickOwner(0, uc.unit).id,
      product_owner_id: r.chance(0.1) ? null : pickOwner(1, uc.unit).id,
      tech_lead_id: r.chance(0.06) ? null : pickOwner(2, uc.unit).id,
      planned_start: dateOnly(plannedStart),
      planned_end: dateOnly(plannedEnd),
      actual_start: p >= 1 ? dateOnly(createdMs + r.int(0, 30) * DAY) : null,
      actual_end: status === 'retired' || status === 'killed' ? dateOnly(nowMs - r.int(1, 60) * DAY) : null,
      phase_entered_at: iso(Math.round(enteredCurrentMs)),
      archived_at: status === 'killed' && r.chance(0.3) ? iso(nowMs - r.int(1, 30) * DAY) : null,
      created_at: iso(createdMs),
      updated_at: updated,
    });
  }
  // Keep the type vocabulary honest: the generator may only emit known types.
  for (const i of initiatives)
    if (!INITIATIVE_TYPES.ids.includes(i.type as never)) throw new Error(`bad type ${i.type}`);
  const base = { people, initiatives, transitions };
  return { ...base, governance: generateGovernance(base, seed, now) };
}

/** Writes a generated portfolio into an empty file, in one transaction. */
/** Who and when the demo's creation entries in the audit log are attributed to. */
export interface DemoAudit {
  actor: string;
  at: string;
}

/**
 * Writes the demo into an empty file in one transaction, with one audit entry per person and
 * initiative created, so the chain covers every record from the start.
 */
export function writeDemo(
  db: Db,
  data: DemoData,
  audit: DemoAudit = { actor: 'Flightdeck demo', at: latestStamp(data) },
): void {
  db.transaction(() => {
    withIndexesBuiltAfter(db, () => {
      const transitionIds = insertDemoRows(db, data);
      insertGovernanceRows(db, data.governance, transitionIds);
      insertDemoRisks(db, data, audit.at);
      insertDemoRoiActuals(db, data, audit.at);
      insertDemoMetrics(db, data.initiatives, audit.at);
    });
    const events: AuditEvent[] = [];
    const label = 'Create demo portfolio';
    for (const p of data.people)
      events.push({ action: 'person.create', label, kind: 'person', id: p.id, before: null, after: { ...p } });
    // An initiative's demo KPIs, gate reviews, agents and ROI scenarios are part of its creation: the entry counts them
    // rather than logging ~60,000 more entries, which would double the time to create a 10k demo.
    const counts = governanceCounts(data.governance);
    for (const i of data.initiatives) {
      const after = { ...i, ...(counts.get(i.id) ?? { kpis: 0, gate_reviews: 0, agents: 0, roi_scenarios: 0 }) };
      events.push({ action: 'initiative.create', label, kind: 'initiative', id: i.id, before: null, after });
    }
    appendAudit(db, audit, events);
  })();
}

type Counts = { kpis: number; gate_reviews: number; agents: number; roi_scenarios: number };

function governanceCounts(g: DemoGovernance): Map<number, Counts> {
  const counts = new Map<number, Counts>();
  const of = (id: number) => {
    let c = counts.get(id);
    if (!c) counts.set(id, (c = { kpis: 0, gate_reviews: 0, agents: 0, roi_scenarios: 0 }));
    return c;
  };
  for (const k of g.kpis) of(k.initiative_id).kpis++;
  for (const r of g.reviews) of(r.initiative_id).gate_reviews++;
  for (const a of g.agents) of(a.initiative_id).agents++;
  for (const s of g.roiScenarios) of(s.initiative_id).roi_scenarios++;
  return counts;
}

/** A deterministic default "when": the newest timestamp in the data, so seeded demos stay byte-identical. */
function latestStamp(data: DemoData): string {
  let latest = '';
  for (const i of data.initiatives) if (i.updated_at > latest) latest = i.updated_at;
  for (const p of data.people) if (p.updated_at > latest) latest = p.updated_at;
  return latest || new Date(0).toISOString();
}

/**
 * The demo's base rows (people, initiatives, phase history) without audit entries or governance: on its
 * own only for building files at schema versions before those tables. Returns the transitions' row ids,
 * in the order of `data.transitions`.
 */
export function insertDemoRows(db: Db, data: Pick<DemoData, 'people' | 'initiatives' | 'transitions'>): number[] {
  const ids: number[] = [];
  db.transaction(() => {
    const existing = (
      db.prepare('SELECT (SELECT count(*) FROM initiatives) + (SELECT count(*) FROM people) AS n').get() as {
        n: number;
      }
    ).n;
    if (existing > 0) throw new Error('The demo portfolio can only be written into an empty file.');
    insertAll(db, 'people', data.people);
    insertAll(db, 'initiatives', data.initiatives);
    // Multi-row inserts hand out rowids in order after the current maximum; checked, not assumed.
    const before = db.prepare('SELECT coalesce(max(id), 0) FROM phase_transitions').pluck().get() as number;
    insertAll(db, 'phase_transitions', data.transitions);
    const after = db.prepare('SELECT coalesce(max(id), 0) FROM phase_transitions').pluck().get() as number;
    if (after !== before + data.transitions.length) throw new Error('Unexpected phase transition ids');
    for (let i = 1; i <= data.transitions.length; i++) ids.push(before + i);
    setSetting(db, 'setup_done', 'demo');
  })();
  return ids;
}
