import type { MappedFields } from '../../../shared/domain/import/types';
import type { PhaseId } from '../../../shared/domain/phases';
import type { AuditEvent, AuditMeta } from '../audit/audit.repo';
import { appendAudit, auditPair } from '../audit/audit.repo';
import type { Db, Statement } from '../db/sqlite';
import type { InitiativeRecord } from '../repositories/initiatives.repo';
import type { PersonRecord } from '../repositories/people.repo';
import { manualMoveIsOverride } from '../services/gates';
import type { ImportPlan } from './plan';

/** What one committed import did; ids let the caller record the undo entry and the change event. */
export interface WriteOutcome {
  imported: number;
  updated: number;
  /** Matched rows whose values were already what the file says (counted in `updated`, nothing written). */
  unchanged: number;
  peopleCreated: number;
  createdIds: number[];
  /** Initiatives whose row actually changed. */
  changedIds: number[];
  personIds: number[];
}

export interface WriteOptions {
  meta: AuditMeta;
  /** The file's name, for the phase history ("Imported from inventory.csv") and the audit label. */
  fileName: string;
  label: string;
  /**
   * Append audit entries for every change (default). False when the caller records the change in the undo
   * History instead, which writes the same entries from its own snapshots.
   */
  audit?: boolean;
}

interface Statements {
  insertInitiative: Statement;
  insertTransition: Statement;
  updateInitiative: Statement;
  insertPerson: Statement;
  selectInitiative: Statement;
  people: Statement;
}

/** Prepared once per connection: the write phase runs these up to tens of thousands of times. */
const cache = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      insertInitiative: db.prepare(
        `INSERT INTO initiatives (name, description, business_unit, type, phase, status, risk_tier, tags,
           sponsor_id, product_owner_id, tech_lead_id, planned_start, planned_end, actual_start, actual_end,
           phase_entered_at, archived_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertTransition: db.prepare(
        `INSERT INTO phase_transitions (initiative_id, from_phase, to_phase, at, by, reason, gate_review_id, is_override)
         VALUES (?, ?, ?, ?, ?, ?, NULL, ?)`,
      ),
      updateInitiative: db.prepare(
        `UPDATE initiatives SET name = ?, description = ?, business_unit = ?, type = ?, phase = ?, status = ?,
           risk_tier = ?, tags = ?, sponsor_id = ?, product_owner_id = ?, tech_lead_id = ?, planned_start = ?,
           planned_end = ?, actual_start = ?, actual_end = ?, phase_entered_at = ?, updated_at = ?
         WHERE id = ?`,
      ),
      insertPerson: db.prepare(
        `INSERT INTO people (name, email, title, business_unit, created_at, updated_at) VALUES (?, '', '', '', ?, ?)`,
      ),
      selectInitiative: db.prepare('SELECT * FROM initiatives WHERE id = ?'),
      people: db.prepare('SELECT id, name FROM people ORDER BY id').raw(true),
    };
    cache.set(db, s);
  }
  return s;
}

const personKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');

/** Owner names to people: an existing person by name (case-insensitive, first by id), else a new one. */
class People {
  private readonly byName = new Map<string, number>();
  readonly created: PersonRecord[] = [];
  constructor(
    private readonly s: Statements,
    private readonly at: string,
  ) {
    for (const [id, name] of s.people.all() as [number, string][]) {
      const k = personKey(name);
      if (!this.byName.has(k)) this.byName.set(k, id);
    }
  }
  idOf(name: string | null): number | null {
    if (name === null) return null;
    const clean = name.trim().replace(/\s+/g, ' ');
    if (!clean) return null;
    const k = personKey(clean);
    const known = this.byName.get(k);
    if (known !== undefined) return known;
    const id = Number(this.s.insertPerson.run(clean, this.at, this.at).lastInsertRowid);
    this.byName.set(k, id);
    this.created.push({
      id,
      name: clean,
      email: '',
      title: '',
      business_unit: '',
      created_at: this.at,
      updated_at: this.at,
    });
    return id;
  }
}

/** Column values for the fields a row gives; absent fields keep `base`'s value (and its key order, the table's). */
function merged(base: InitiativeRecord, f: MappedFields, people: People): InitiativeRecord {
  return {
    ...base,
    name: f.name.trim(),
    description: f.description ?? base.description,
    business_unit: f.businessUnit ?? base.business_unit,
    type: f.type ?? base.type,
    phase: f.phase ?? base.phase,
    status: f.status ?? base.status,
    risk_tier: f.riskTier ?? base.risk_tier,
    tags: f.tags !== undefined ? JSON.stringify(f.tags) : base.tags,
    sponsor_id: f.sponsor !== undefined ? people.idOf(f.sponsor) : base.sponsor_id,
    product_owner_id: f.productOwner !== undefined ? people.idOf(f.productOwner) : base.product_owner_id,
    tech_lead_id: f.techLead !== undefined ? people.idOf(f.techLead) : base.tech_lead_id,
    planned_start: f.plannedStart !== undefined ? f.plannedStart : base.planned_start,
    planned_end: f.plannedEnd !== undefined ? f.plannedEnd : base.planned_end,
    actual_start: f.actualStart !== undefined ? f.actualStart : base.actual_start,
    actual_end: f.actualEnd !== undefined ? f.actualEnd : base.actual_end,
  };
}

/** How many people a write of `plan` would create: owner names that match nobody yet (for a dry run). */
export function countNewPeople(db: Db, plan: ImportPlan): number {
  const known = new Set((statements(db).people.all() as [number, string][]).map(([, name]) => personKey(name)));
  const fresh = new Set<string>();
  for (const r of plan.rows) {
    if (r.action === 'reject' || !r.fields) continue;
    for (const role of ['sponsor', 'productOwner', 'techLead'] as const) {
      const name = r.fields[role];
      if (typeof name !== 'string' || !name.trim()) continue;
      const k = personKey(name);
      if (!known.has(k)) fresh.add(k);
    }
  }
  return fresh.size;
}

/** A new initiative's defaults: the same as initiative/create's. */
function blank(at: string): InitiativeRecord {
  return {
    id: 0,
    name: '',
    description: '',
    business_unit: '',
    type: 'other',
    phase: 'STRATEGY',
    status: 'active',
    risk_tier: 'unclassified',
    tags: '[]',
    sponsor_id: null,
    product_owner_id: null,
    tech_lead_id: null,
    planned_start: null,
    planned_end: null,
    actual_start: null,
    actual_end: null,
    phase_entered_at: at,
    archived_at: null,
    created_at: at,
    updated_at: at,
  };
}

function sameRow(a: InitiativeRecord, b: InitiativeRecord): boolean {
  for (const k of Object.keys(a) as (keyof InitiativeRecord)[]) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * Writes the plan's create and update rows. Synchronous and meant to run inside ONE transaction the caller
 * opens (directly, or through the undo History): a failure on any row throws and SQLite rolls everything back,
 * people, transitions and audit entries included. Rows are re-read here, not taken from the plan, so a change
 * made while the preview was open is merged with, not overwritten wholesale.
 */
export function writePlan(db: Db, plan: ImportPlan, options: WriteOptions): WriteOutcome {
  if (!db.inTransaction) throw new Error('writePlan must run inside a transaction');
  const s = statements(db);
  const at = options.meta.at;
  const by = options.meta.actor;
  const reason = `Imported from ${options.fileName}`;
  const people = new People(s, at);
  const events: AuditEvent[] = [];
  const out: WriteOutcome = {
    imported: 0,
    updated: 0,
    unchanged: 0,
    peopleCreated: 0,
    createdIds: [],
    changedIds: [],
    personIds: [],
  };

  for (const r of plan.rows) {
    if (r.action === 'reject' || !r.fields) continue;
    if (r.action === 'create') {
      const rec = merged(blank(at), r.fields, people);
      rec.updated_at = at;
      const id = Number(
        s.insertInitiative.run(
          rec.name,
          rec.description,
          rec.business_unit,
          rec.type,
          rec.phase,
          rec.status,
          rec.risk_tier,
          rec.tags,
          rec.sponsor_id,
          rec.product_owner_id,
          rec.tech_lead_id,
          rec.planned_start,
          rec.planned_end,
          rec.actual_start,
          rec.actual_end,
          rec.phase_entered_at,
          rec.archived_at,
          rec.created_at,
          rec.updated_at,
        ).lastInsertRowid,
      );
      rec.id = id;
      s.insertTransition.run(id, null, rec.phase, at, by, reason, 0);
      out.imported++;
      out.createdIds.push(id);
      events.push({
        action: 'initiative.create',
        label: options.label,
        kind: 'initiative',
        id,
        before: null,
        after: { ...rec },
      });
      continue;
    }
    const before = s.selectInitiative.get(r.targetId) as InitiativeRecord | undefined;
    if (!before) {
      // Deleted since the preview: the row no longer has anything to update.
      throw new Error(`Initiative ${r.targetId} (row ${r.row}) was deleted after the preview; preview the file again.`);
    }
    out.updated++;
    const after = merged(before, r.fields, people);
    if (sameRow(before, after)) {
      out.unchanged++;
      continue;
    }
    after.updated_at = at;
    if (after.phase !== before.phase) {
      after.phase_entered_at = at;
      // As a manual move: forward past a gate nobody decided is marked as an override in the history.
      const override = manualMoveIsOverride(db, before.id, before.phase as PhaseId, after.phase as PhaseId);
      s.insertTransition.run(before.id, before.phase, after.phase, at, by, reason, override ? 1 : 0);
    }
    s.updateInitiative.run(
      after.name,
      after.description,
      after.business_unit,
      after.type,
      after.phase,
      after.status,
      after.risk_tier,
      after.tags,
      after.sponsor_id,
      after.product_owner_id,
      after.tech_lead_id,
      after.planned_start,
      after.planned_end,
      after.actual_start,
      after.actual_end,
      after.phase_entered_at,
      after.updated_at,
      before.id,
    );
    out.changedIds.push(before.id);
    const pair = auditPair({ ...before }, { ...after });
    if (pair)
      events.push({ action: 'initiative.update', label: options.label, kind: 'initiative', id: before.id, ...pair });
  }

  out.peopleCreated = people.created.length;
  out.personIds = people.created.map((p) => p.id);
  if (options.audit !== false) {
    const personEvents: AuditEvent[] = people.created.map((p) => ({
      action: 'person.create',
      label: options.label,
      kind: 'person',
      id: p.id,
      before: null,
      after: { ...p },
    }));
    // People first: an initiative's entry refers to owners that must already exist in the log's story.
    appendAudit(db, options.meta, [...personEvents, ...events]);
  }
  return out;
}
