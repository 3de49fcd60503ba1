import type {
  ConditionStatus,
  ConditionView,
  Evidence,
  EvidenceKind,
  GateReviewSummary,
  ReviewStatus,
} from '../../../shared/domain/gateReview';
import type { CriterionResultValue, DecisionId, GateId, GatekeeperRole } from '../../../shared/domain/governance/gates';
import type { PhaseId } from '../../../shared/domain/phases';
import type { Db } from '../db/sqlite';

/** A gate_reviews row as stored (migration 0040). Undo snapshots keep this shape verbatim. */
export interface GateReviewRecord {
  id: number;
  initiative_id: number;
  gate: GateId;
  catalogue_version: string;
  status: ReviewStatus;
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

export interface CriterionResultRecord {
  review_id: number;
  criterion_id: string;
  result: CriterionResultValue;
  score: number | null;
  waiver_reason: string;
  note: string;
  updated_at: string;
  updated_by: string;
}

export interface EvidenceRecord {
  id: number;
  review_id: number;
  criterion_id: string | null;
  kind: EvidenceKind;
  title: string;
  file_name: string | null;
  sha256: string | null;
  size_bytes: number | null;
  url: string | null;
  note: string | null;
  valid_until: string | null;
  added_by: string;
  added_at: string;
}

export interface SignOffRecord {
  id: number;
  review_id: number;
  role: GatekeeperRole;
  person_id: number;
  vote: 'APPROVE' | 'REJECT' | 'ABSTAIN';
  comment: string;
  signed_at: string;
}

export interface ConditionRecord {
  id: number;
  review_id: number;
  text: string;
  owner_id: number;
  due_date: string;
  status: ConditionStatus;
  closed_at: string | null;
  note: string;
}

/** A review with everything that hangs off it: what undo puts back. */
export interface GateReviewAggregate {
  record: GateReviewRecord;
  results: CriterionResultRecord[];
  evidence: EvidenceRecord[];
  signoffs: SignOffRecord[];
  conditions: ConditionRecord[];
}

const REVIEW_COLUMNS = [
  'initiative_id',
  'gate',
  'catalogue_version',
  'status',
  'from_phase',
  'to_phase',
  'requested_at',
  'requested_by',
  'scheduled_date',
  'decision',
  'decided_at',
  'decided_by',
  'is_override',
  'override_reason',
  'notes',
  'score_at_decision',
  'updated_at',
] as const satisfies readonly (keyof GateReviewRecord)[];

const RESULT_COLUMNS = [
  'review_id',
  'criterion_id',
  'result',
  'score',
  'waiver_reason',
  'note',
  'updated_at',
  'updated_by',
] as const satisfies readonly (keyof CriterionResultRecord)[];

const EVIDENCE_COLUMNS = [
  'review_id',
  'criterion_id',
  'kind',
  'title',
  'file_name',
  'sha256',
  'size_bytes',
  'url',
  'note',
  'valid_until',
  'added_by',
  'added_at',
] as const satisfies readonly (keyof EvidenceRecord)[];

const SIGNOFF_COLUMNS = [
  'review_id',
  'role',
  'person_id',
  'vote',
  'comment',
  'signed_at',
] as const satisfies readonly (keyof SignOffRecord)[];

const CONDITION_COLUMNS = [
  'review_id',
  'text',
  'owner_id',
  'due_date',
  'status',
  'closed_at',
  'note',
] as const satisfies readonly (keyof ConditionRecord)[];

function insertSql(table: string, columns: readonly string[], withId: boolean): string {
  const cols = withId ? ['id', ...columns] : [...columns];
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`;
}

/** Settings key of the gate settings (JSON, validated with gateSettingsInput on every read). */
export const GATE_SETTINGS_KEY = 'gate.settings';

// ─── Mapping ─────────────────────────────────────────────────────────────────────────────────────

export function toSummary(r: GateReviewRecord, openConditions: number): GateReviewSummary {
  return {
    id: r.id,
    initiativeId: r.initiative_id,
    gate: r.gate,
    catalogueVersion: r.catalogue_version,
    status: r.status,
    fromPhase: r.from_phase,
    toPhase: r.to_phase,
    requestedAt: r.requested_at,
    requestedBy: r.requested_by,
    scheduledDate: r.scheduled_date,
    decision: r.decision,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    isOverride: r.is_override === 1,
    overrideReason: r.override_reason,
    notes: r.notes,
    scoreAtDecision: r.score_at_decision,
    openConditions,
  };
}

/** `today` is YYYY-MM-DD; evidence valid until a day stays valid through that day. */
export function toEvidence(r: EvidenceRecord, today: string): Evidence {
  return {
    id: r.id,
    reviewId: r.review_id,
    criterionId: r.criterion_id,
    kind: r.kind,
    title: r.title,
    fileName: r.file_name,
    sha256: r.sha256,
    sizeBytes: r.size_bytes,
    url: r.url,
    note: r.note,
    validUntil: r.valid_until,
    addedBy: r.added_by,
    addedAt: r.added_at,
    expired: r.valid_until !== null && r.valid_until < today,
  };
}

type ConditionRow = ConditionRecord & { owner_name: string };

function toConditionView(r: ConditionRow, today: string): ConditionView {
  return {
    id: r.id,
    reviewId: r.review_id,
    text: r.text,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    dueDate: r.due_date,
    status: r.status,
    closedAt: r.closed_at,
    note: r.note,
    overdue: r.status === 'open' && r.due_date < today,
  };
}

// ─── Reviews ─────────────────────────────────────────────────────────────────────────────────────

const OPEN_CONDITIONS = `(SELECT count(*) FROM gate_conditions c WHERE c.review_id = r.id AND c.status = 'open')`;

export function getReviewRecord(db: Db, id: number): GateReviewRecord | null {
  return (db.prepare('SELECT * FROM gate_reviews WHERE id = ?').get(id) as GateReviewRecord | undefined) ?? null;
}

export function getOpenReviewOf(db: Db, initiativeId: number): GateReviewRecord | null {
  return (
    (db.prepare(`SELECT * FROM gate_reviews WHERE initiative_id = ? AND status = 'open'`).get(initiativeId) as
      GateReviewRecord | undefined) ?? null
  );
}

export function countOpenConditions(db: Db, reviewId: number): number {
  return (
    db.prepare(`SELECT count(*) AS n FROM gate_conditions WHERE review_id = ? AND status = 'open'`).get(reviewId) as {
      n: number;
    }
  ).n;
}

/** An initiative's reviews, newest first (walks gate_reviews_initiative). */
export function listReviewRecords(db: Db, initiativeId: number): GateReviewRecord[] {
  return db
    .prepare('SELECT * FROM gate_reviews WHERE initiative_id = ? ORDER BY requested_at DESC, id DESC')
    .all(initiativeId) as GateReviewRecord[];
}

export function listReviewSummaries(db: Db, initiativeId: number): GateReviewSummary[] {
  const rows = db
    .prepare(
      `SELECT r.*, ${OPEN_CONDITIONS} AS open_conditions FROM gate_reviews r
       WHERE r.initiative_id = ? ORDER BY r.requested_at DESC, r.id DESC`,
    )
    .all(initiativeId) as (GateReviewRecord & { open_conditions: number })[];
  return rows.map((r) => toSummary(r, r.open_conditions));
}

/** Open reviews across the portfolio: scheduled ones by date, then unscheduled by request time. */
export function listOpenReviewSummaries(db: Db): (GateReviewSummary & { initiativeName: string })[] {
  const rows = db
    .prepare(
      `SELECT r.*, i.name AS initiative_name, ${OPEN_CONDITIONS} AS open_conditions
       FROM gate_reviews r JOIN initiatives i ON i.id = r.initiative_id
       WHERE r.status = 'open'
       ORDER BY r.scheduled_date IS NULL, r.scheduled_date, r.requested_at, r.id`,
    )
    .all() as (GateReviewRecord & { initiative_name: string; open_conditions: number })[];
  return rows.map((r) => ({ ...toSummary(r, r.open_conditions), initiativeName: r.initiative_name }));
}

export function insertReview(db: Db, rec: Omit<GateReviewRecord, 'id'> & { id?: number }): number {
  return Number(db.prepare(insertSql('gate_reviews', REVIEW_COLUMNS, rec.id !== undefined)).run(rec).lastInsertRowid);
}

export function updateReview(db: Db, rec: GateReviewRecord): void {
  const sets = REVIEW_COLUMNS.map((c) => `${c} = @${c}`).join(', ');
  db.prepare(`UPDATE gate_reviews SET ${sets} WHERE id = @id`).run(rec);
}

export function deleteReview(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM gate_reviews WHERE id = ?').run(id).changes > 0;
}

// ─── Criterion results ───────────────────────────────────────────────────────────────────────────

export function listResultRecords(db: Db, reviewId: number): CriterionResultRecord[] {
  return db
    .prepare('SELECT * FROM gate_criterion_results WHERE review_id = ? ORDER BY criterion_id')
    .all(reviewId) as CriterionResultRecord[];
}

export function upsertResult(db: Db, rec: CriterionResultRecord): void {
  db.prepare(
    `${insertSql('gate_criterion_results', RESULT_COLUMNS, false)}
     ON CONFLICT (review_id, criterion_id) DO UPDATE SET result = excluded.result, score = excluded.score,
       waiver_reason = excluded.waiver_reason, note = excluded.note, updated_at = excluded.updated_at,
       updated_by = excluded.updated_by`,
  ).run(rec);
}

// ─── Evidence ────────────────────────────────────────────────────────────────────────────────────

export function listEvidenceRecords(db: Db, reviewId: number): EvidenceRecord[] {
  return db.prepare('SELECT * FROM gate_evidence WHERE review_id = ? ORDER BY id').all(reviewId) as EvidenceRecord[];
}

export function getEvidenceRecord(db: Db, id: number): EvidenceRecord | null {
  return (db.prepare('SELECT * FROM gate_evidence WHERE id = ?').get(id) as EvidenceRecord | undefined) ?? null;
}

export function insertEvidence(db: Db, rec: Omit<EvidenceRecord, 'id'> & { id?: number }): number {
  return Number(
    db.prepare(insertSql('gate_evidence', EVIDENCE_COLUMNS, rec.id !== undefined)).run(rec).lastInsertRowid,
  );
}

export function deleteEvidence(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM gate_evidence WHERE id = ?').run(id).changes > 0;
}

/** How many evidence rows point at a stored file (walks gate_evidence_sha256). */
export function countEvidenceWithHash(db: Db, sha256: string): number {
  return (db.prepare('SELECT count(*) AS n FROM gate_evidence WHERE sha256 = ?').get(sha256) as { n: number }).n;
}

// ─── Sign-offs ───────────────────────────────────────────────────────────────────────────────────

export function listSignOffRecords(db: Db, reviewId: number): SignOffRecord[] {
  return db.prepare('SELECT * FROM gate_signoffs WHERE review_id = ? ORDER BY id').all(reviewId) as SignOffRecord[];
}

export function listSignOffRows(db: Db, reviewId: number): (SignOffRecord & { person_name: string })[] {
  return db
    .prepare(
      `SELECT s.*, p.name AS person_name FROM gate_signoffs s JOIN people p ON p.id = s.person_id
       WHERE s.review_id = ? ORDER BY s.id`,
    )
    .all(reviewId) as (SignOffRecord & { person_name: string })[];
}

export function getSignOffRecord(db: Db, id: number): SignOffRecord | null {
  return (db.prepare('SELECT * FROM gate_signoffs WHERE id = ?').get(id) as SignOffRecord | undefined) ?? null;
}

/** One sign-off per role and person: signing again replaces the vote and comment. */
export function upsertSignOff(db: Db, rec: Omit<SignOffRecord, 'id'>): void {
  db.prepare(
    `${insertSql('gate_signoffs', SIGNOFF_COLUMNS, false)}
     ON CONFLICT (review_id, role, person_id) DO UPDATE SET vote = excluded.vote, comment = excluded.comment,
       signed_at = excluded.signed_at`,
  ).run(rec);
}

export function insertSignOff(db: Db, rec: SignOffRecord): void {
  db.prepare(insertSql('gate_signoffs', SIGNOFF_COLUMNS, true)).run(rec);
}

export function deleteSignOff(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM gate_signoffs WHERE id = ?').run(id).changes > 0;
}

// ─── Conditions ──────────────────────────────────────────────────────────────────────────────────

export function listConditionRecords(db: Db, reviewId: number): ConditionRecord[] {
  return db.prepare('SELECT * FROM gate_conditions WHERE review_id = ? ORDER BY id').all(reviewId) as ConditionRecord[];
}

export function listConditionViews(db: Db, reviewId: number, today: string): ConditionView[] {
  const rows = db
    .prepare(
      `SELECT c.*, p.name AS owner_name FROM gate_conditions c JOIN people p ON p.id = c.owner_id
       WHERE c.review_id = ? ORDER BY c.id`,
    )
    .all(reviewId) as ConditionRow[];
  return rows.map((r) => toConditionView(r, today));
}

export function getConditionRecord(db: Db, id: number): ConditionRecord | null {
  return (db.prepare('SELECT * FROM gate_conditions WHERE id = ?').get(id) as ConditionRecord | undefined) ?? null;
}

export function getConditionView(db: Db, id: number, today: string): ConditionView | null {
  const r = db
    .prepare(
      `SELECT c.*, p.name AS owner_name FROM gate_conditions c JOIN people p ON p.id = c.owner_id WHERE c.id = ?`,
    )
    .get(id) as ConditionRow | undefined;
  return r ? toConditionView(r, today) : null;
}

/** Open conditions across the portfolio, due first (walks gate_conditions_open). */
export function listOpenConditionViews(
  db: Db,
  today: string,
): (ConditionView & { initiativeId: number; initiativeName: string; gate: string })[] {
  const rows = db
    .prepare(
      `SELECT c.*, p.name AS owner_name, r.initiative_id, r.gate, i.name AS initiative_name
       FROM gate_conditions c
       JOIN people p ON p.id = c.owner_id
       JOIN gate_reviews r ON r.id = c.review_id
       JOIN initiatives i ON i.id = r.initiative_id
       WHERE c.status = 'open'
       ORDER BY c.due_date, c.id`,
    )
    .all() as (ConditionRow & { initiative_id: number; gate: string; initiative_name: string })[];
  return rows.map((r) => ({
    ...toConditionView(r, today),
    initiativeId: r.initiative_id,
    initiativeName: r.initiative_name,
    gate: r.gate,
  }));
}

export function insertCondition(db: Db, rec: Omit<ConditionRecord, 'id'> & { id?: number }): number {
  return Number(
    db.prepare(insertSql('gate_conditions', CONDITION_COLUMNS, rec.id !== undefined)).run(rec).lastInsertRowid,
  );
}

export function updateCondition(db: Db, rec: ConditionRecord): void {
  const sets = CONDITION_COLUMNS.map((c) => `${c} = @${c}`).join(', ');
  db.prepare(`UPDATE gate_conditions SET ${sets} WHERE id = @id`).run(rec);
}

// ─── Aggregates (undo) ───────────────────────────────────────────────────────────────────────────

export function captureReview(db: Db, id: number): GateReviewAggregate | null {
  const record = getReviewRecord(db, id);
  if (!record) return null;
  return {
    record,
    results: listResultRecords(db, id),
    evidence: listEvidenceRecords(db, id),
    signoffs: listSignOffRecords(db, id),
    conditions: listConditionRecords(db, id),
  };
}

/** Every review of an initiative with its children, for the initiative's undo snapshot. */
export function captureReviewsOf(db: Db, initiativeId: number): GateReviewAggregate[] {
  const ids = db.prepare('SELECT id FROM gate_reviews WHERE initiative_id = ? ORDER BY id').pluck().all(initiativeId);
  return (ids as number[]).map((id) => captureReview(db, id)).filter((a): a is GateReviewAggregate => a !== null);
}

/** Puts a review back exactly as captured: the row updated in place (or re-inserted), its children replaced. */
export function restoreReview(db: Db, a: GateReviewAggregate): void {
  const id = a.record.id;
  if (getReviewRecord(db, id)) updateReview(db, a.record);
  else insertReview(db, a.record);
  for (const table of ['gate_criterion_results', 'gate_evidence', 'gate_signoffs', 'gate_conditions']) {
    db.prepare(`DELETE FROM ${table} WHERE review_id = ?`).run(id);
  }
  for (const r of a.results) upsertResult(db, r);
  for (const e of a.evidence) insertEvidence(db, e);
  for (const s of a.signoffs) insertSignOff(db, s);
  for (const c of a.conditions) insertCondition(db, c);
}

/** Review ids of an initiative, for its audit timeline. */
export function reviewIdsOf(db: Db, initiativeId: number): number[] {
  return db.prepare('SELECT id FROM gate_reviews WHERE initiative_id = ?').pluck().all(initiativeId) as number[];
}

/**
 * The audited form of a review: its row plus its children in compact form (results as "MET", "PARTIAL 3",
 * sign-offs as "ROLE: VOTE by person id", evidence and conditions by title/text and state), so a timeline
 * entry shows what changed without repeating every stored column.
 */
export function auditedReview(a: GateReviewAggregate): Record<string, unknown> {
  const { updated_at: _u, ...row } = a.record;
  return {
    ...row,
    results: Object.fromEntries(
      a.results.map((r) => [r.criterion_id, r.score === null ? r.result : `${r.result} ${r.score}`]),
    ),
    evidence: a.evidence.map((e) => `${e.kind}: ${e.title}${e.sha256 ? ` (${e.sha256.slice(0, 12)})` : ''}`),
    signoffs: a.signoffs.map((s) => `${s.role}: ${s.vote} by person ${s.person_id}`),
    conditions: a.conditions.map((c) => `${c.text} (${c.status}, due ${c.due_date}, owner ${c.owner_id})`),
  };
}

/** Sign-offs and Conditional-go conditions that name a person (people are RESTRICTed while named). */
export function countGateRolesOf(db: Db, personId: number): number {
  return (
    db
      .prepare(
        `SELECT (SELECT count(*) FROM gate_signoffs WHERE person_id = ?)
              + (SELECT count(*) FROM gate_conditions WHERE owner_id = ?) AS n`,
      )
      .get(personId, personId) as { n: number }
  ).n;
}

/** The stored gate settings value for the audit log: parsed JSON, or the raw text when it does not parse. */
export function parseGateSettingsValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
