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

const dateOnly = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const iso = (ms: number) => new Date(ms).toISOString();

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
  const pickOwner = (role: 0 | 1 | 2, unit: string): PersonRecord => {
    const pool = byRole[role]!;
    const local = pool.filter((p) => p.business_unit === unit);
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
    const transitionIds = insertDemoRows(db, data);
    insertGovernanceRows(db, data.governance, transitionIds);
    const events: AuditEvent[] = [];
    const label = 'Create demo portfolio';
    for (const p of data.people)
      events.push({ action: 'person.create', label, kind: 'person', id: p.id, before: null, after: { ...p } });
    for (const i of data.initiatives)
      events.push({ action: 'initiative.create', label, kind: 'initiative', id: i.id, before: null, after: { ...i } });
    // Governance records enter the chain too, compactly: the record itself, not its child rows.
    for (const k of data.governance.kpis)
      events.push({ action: 'kpi.create', label, kind: 'kpi', id: k.id, before: null, after: { ...k } });
    for (const g of data.governance.reviews)
      events.push({ action: 'gateReview.create', label, kind: 'gateReview', id: g.id, before: null, after: { ...g } });
    for (const a of data.governance.agents)
      events.push({ action: 'agent.create', label, kind: 'agent', id: a.id, before: null, after: { ...a } });
    appendAudit(db, audit, events);
  })();
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
  const insPerson = db.prepare(
    'INSERT INTO people (id, name, email, title, business_unit, created_at, updated_at) VALUES (@id, @name, @email, @title, @business_unit, @created_at, @updated_at)',
  );
  const insInit =
    db.prepare(`INSERT INTO initiatives (id, name, description, business_unit, type, phase, status, risk_tier, tags,
      sponsor_id, product_owner_id, tech_lead_id, planned_start, planned_end, actual_start, actual_end, phase_entered_at,
      archived_at, created_at, updated_at)
    VALUES (@id, @name, @description, @business_unit, @type, @phase, @status, @risk_tier, @tags, @sponsor_id,
      @product_owner_id, @tech_lead_id, @planned_start, @planned_end, @actual_start, @actual_end, @phase_entered_at,
      @archived_at, @created_at, @updated_at)`);
  const insTrans = db.prepare(
    'INSERT INTO phase_transitions (initiative_id, from_phase, to_phase, at, by, reason) VALUES (@initiative_id, @from_phase, @to_phase, @at, @by, @reason)',
  );
  const ids: number[] = [];
  db.transaction(() => {
    const existing = (
      db.prepare('SELECT (SELECT count(*) FROM initiatives) + (SELECT count(*) FROM people) AS n').get() as {
        n: number;
      }
    ).n;
    if (existing > 0) throw new Error('The demo portfolio can only be written into an empty file.');
    for (const p of data.people) insPerson.run(p);
    for (const i of data.initiatives) insInit.run(i);
    for (const t of data.transitions) ids.push(Number(insTrans.run(t).lastInsertRowid));
    setSetting(db, 'setup_done', 'demo');
  })();
  return ids;
}
