import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GateReviewDetail } from '../../../shared/domain/gateReview';
import { verifyAuditChain } from '../audit/verify';
import { evidencePath } from './evidenceStore';
import type { Db } from '../db/sqlite';
import { createTestCore, type TestCore } from '../testing/test-core';
import { TempDirs } from '../testing/temp-dir';

let t: TestCore;
let initiativeId: number;
let people: { sponsor: number; po: number; lead: number };
const temps = new TempDirs();
let files: string;

beforeEach(async () => {
  t = createTestCore();
  files = temps.make('flightdeck-evidence-src-');
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'empty' });
  const p = async (name: string) => (await t.ok('person/create', { name })).id;
  people = { sponsor: await p('Sam Sponsor'), po: await p('Pat Owner'), lead: await p('Lee Lead') };
  initiativeId = (
    await t.ok('initiative/create', {
      name: 'Claims triage',
      riskTier: 'minimal',
      type: 'other',
      sponsorId: people.sponsor,
      productOwnerId: people.po,
      techLeadId: people.lead,
    })
  ).id;
  // G1.M3 checks for a business KPI with a baseline and a target: give it one so MET is not outvoted.
  await t.ok('kpi/create', {
    initiativeId,
    name: 'Claims closed per day',
    kind: 'business_outcome',
    direction: 'higher_is_better',
    baselineValue: 100,
    baselineDate: '2026-01-01',
    baselineSource: 'Ops report',
    targetValue: 140,
    targetDate: '2026-12-31',
    cadence: 'monthly',
  });
  // G1.M4 checks for a 3-year ROI model with production costs: the worked example is one.
  await t.ok('roi/fromTemplate', { initiativeId, templateId: 'support-assistant' });
});
afterEach(() => {
  t.dispose();
  temps.cleanup();
});

/** Every row of every table, sorted, so WITHOUT ROWID tables (no rowid to order by) compare too. */
function dumpTables(db: Db): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const tables = db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[];
  for (const name of tables) {
    out[name] = (db.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort();
  }
  return out;
}
/** The records without the audit trail (which only grows, undo included). */
function dumpRecords(db: Db): Record<string, string[]> {
  const { audit_log: _log, ...rest } = dumpTables(db);
  return { ...rest, settings: (rest['settings'] ?? []).filter((s) => !s.includes('"audit_head"')) };
}

const evidenceDir = () => join(t.dir, 'evidence');
/** Every file under the evidence folder (temp files included), relative. */
function evidenceFiles(): string[] {
  const root = evidenceDir();
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(root, f)).isFile());
}
const evidenceRows = () => t.db().prepare('SELECT * FROM gate_evidence').all();
const transitions = () =>
  t
    .db()
    .prepare('SELECT from_phase, to_phase, reason, gate_review_id, is_override FROM phase_transitions ORDER BY id')
    .all() as {
    from_phase: string;
    to_phase: string;
    reason: string;
    gate_review_id: number | null;
    is_override: number;
  }[];

async function request(): Promise<GateReviewDetail> {
  return t.ok('gate/request', { initiativeId, scheduledDate: '2026-03-20' });
}

/** Marks every criterion of the review MET. */
async function meetAll(d: GateReviewDetail): Promise<GateReviewDetail> {
  let cur = d;
  for (const c of d.criteria) {
    cur = await t.ok('gate/setResult', { reviewId: d.review.id, criterionId: c.criterion.id, result: 'MET' });
  }
  return cur;
}

async function signTriad(reviewId: number): Promise<GateReviewDetail> {
  await t.ok('gate/signOff', { reviewId, role: 'BUSINESS_SPONSOR', personId: people.sponsor, vote: 'APPROVE' });
  await t.ok('gate/signOff', { reviewId, role: 'AI_PRODUCT_OWNER', personId: people.po, vote: 'APPROVE' });
  return t.ok('gate/signOff', { reviewId, role: 'TECH_LEAD', personId: people.lead, vote: 'APPROVE' });
}

describe('gate reviews through the core', () => {
  it('request → results → file evidence → sign-offs → Go moves the initiative on', async () => {
    const d = await request();
    expect(d.review).toMatchObject({
      gate: 'G1',
      status: 'open',
      fromPhase: 'STRATEGY',
      toPhase: 'DATA_FOUNDATION',
      catalogueVersion: '2026.1',
      scheduledDate: '2026-03-20',
      requestedBy: 'Flightdeck user',
    });
    expect(d.gateName).toBe('Fund discovery / data work');
    expect(d.requiredRoles).toEqual(['BUSINESS_SPONSOR', 'AI_PRODUCT_OWNER', 'TECH_LEAD']);
    expect(d.notApplicable.map((n) => n.criterion.id)).toEqual(['G1.S2']); // lite gate for minimal risk
    expect(d.evaluation.passes).toBe(false);
    // Auto-checks run on the initiative's data: the owner triad is named, the risk tier is classified.
    const m1 = d.criteria.find((c) => c.criterion.id === 'G1.M1')!;
    expect(m1.autoCheck?.status).toBe('passed');
    expect(m1.unmetReason).toBe('Not assessed');

    const met = await meetAll(d);
    expect(met.evaluation).toMatchObject({ mustMet: true, passes: true, score: 1 });

    // A real file: its SHA-256 and size are recorded, the copy sits under evidence/<2>/<sha>.
    const src = join(files, 'Business case v3.pdf');
    const bytes = Buffer.from('%PDF-1.7 business case '.repeat(5000));
    writeFileSync(src, bytes);
    const sha = createHash('sha256').update(bytes).digest('hex');
    t.dialogs.queueEvidence(src);
    const withFile = await t.ok('gate/addEvidenceFile', {
      reviewId: d.review.id,
      criterionId: 'G1.M2',
      validUntil: '2026-02-01',
    });
    const ev = withFile.criteria.find((c) => c.criterion.id === 'G1.M2')!.evidence;
    expect(ev).toEqual([
      expect.objectContaining({
        kind: 'file',
        title: 'Business case v3.pdf',
        fileName: 'Business case v3.pdf',
        sha256: sha,
        sizeBytes: bytes.length,
        validUntil: '2026-02-01',
        expired: true, // the test clock is 2026-03-02
        addedBy: 'Flightdeck user',
      }),
    ]);
    expect(readFileSync(evidencePath(t.dir, sha))).toEqual(bytes);
    expect(evidenceFiles()).toEqual([join(sha.slice(0, 2), sha)]);

    // Attaching the same content again reuses the stored copy.
    t.dialogs.queueEvidence(src);
    await t.ok('gate/addEvidenceFile', { reviewId: d.review.id, criterionId: null, title: 'Same again' });
    expect(evidenceFiles()).toHaveLength(1);
    const link = await t.ok('gate/addEvidence', {
      reviewId: d.review.id,
      criterionId: null,
      kind: 'link',
      title: 'Funding memo',
      url: 'https://intranet.example.com/memo',
    });
    expect(link.generalEvidence.map((e) => e.title)).toEqual(['Same again', 'Funding memo']);

    const signed = await signTriad(d.review.id);
    expect(signed.signOffs.map((s) => [s.role, s.personName, s.vote])).toEqual([
      ['BUSINESS_SPONSOR', 'Sam Sponsor', 'APPROVE'],
      ['AI_PRODUCT_OWNER', 'Pat Owner', 'APPROVE'],
      ['TECH_LEAD', 'Lee Lead', 'APPROVE'],
    ]);

    const decided = await t.ok('gate/decide', { reviewId: d.review.id, decision: 'GO', notes: 'Funded' });
    expect(decided.review).toMatchObject({
      status: 'decided',
      decision: 'GO',
      isOverride: false,
      scoreAtDecision: 1,
      decidedBy: 'Flightdeck user',
      notes: 'Funded',
    });
    const detail = await t.ok('initiative/get', { id: initiativeId });
    expect(detail.initiative.phase).toBe('DATA_FOUNDATION');
    expect(detail.history.at(-1)).toMatchObject({
      phase: 'DATA_FOUNDATION',
      reason: 'G1 Fund discovery / data work: Go',
      gateReviewId: d.review.id,
    });
    expect(detail.history.at(-1)?.isOverride).toBeUndefined();
    expect(transitions().at(-1)).toMatchObject({ gate_review_id: d.review.id, is_override: 0 });

    // Decided reviews are a record: no more results.
    const late = await t.invoke('gate/setResult', { reviewId: d.review.id, criterionId: 'G1.M1', result: 'NOT_MET' });
    expect(late).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    expect(await t.ok('gate/list', { initiativeId })).toEqual([expect.objectContaining({ id: d.review.id })]);
    const labels = (await t.ok('audit/timeline', { initiativeId })).map((e) => e.label);
    expect(labels).toContain('Requested G1 review');
    expect(labels).toContain('Decision on G1: Go');
    expect(labels).toContain('Business sponsor sign-off on G1: Approve');
    expect(verifyAuditChain(t.db()).ok).toBe(true);
  });

  it('refuses Go while a must-meet is unmet (field issue, nothing saved) and accepts an override with a reason', async () => {
    const d = await meetAll(await request());
    await t.ok('gate/setResult', { reviewId: d.review.id, criterionId: 'G1.M6', result: 'NOT_MET' });
    await signTriad(d.review.id);
    const before = dumpTables(t.db());
    const history = await t.ok('history/state');

    const refused = await t.invoke('gate/decide', { reviewId: d.review.id, decision: 'GO' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!refused.ok) {
      expect(refused.error.issues).toEqual([
        { path: 'decision', message: expect.stringContaining('must-meets not met: G1.M6') as string },
      ]);
    }
    expect(dumpTables(t.db())).toEqual(before);
    expect(await t.ok('history/state')).toEqual(history);

    const blank = await t.invoke('gate/decide', { reviewId: d.review.id, decision: 'GO', overrideReason: '   ' });
    expect(blank).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(dumpTables(t.db())).toEqual(before);

    const ok = await t.ok('gate/decide', {
      reviewId: d.review.id,
      decision: 'GO',
      overrideReason: 'Board accepted the data-access risk',
    });
    expect(ok.review).toMatchObject({ isOverride: true, overrideReason: 'Board accepted the data-access risk' });
    expect(transitions().at(-1)).toEqual({
      from_phase: 'STRATEGY',
      to_phase: 'DATA_FOUNDATION',
      reason: 'G1 Fund discovery / data work: Go (override: Board accepted the data-access risk)',
      gate_review_id: d.review.id,
      is_override: 1,
    });
    expect((await t.ok('history/state')).undoLabel).toBe('Decision on G1: Go (override)');
    const stint = (await t.ok('initiative/get', { id: initiativeId })).history.at(-1);
    expect(stint).toMatchObject({ isOverride: true, gateReviewId: d.review.id });
  });

  it('asks a Conditional go for each condition’s owner and due date, then tracks the conditions', async () => {
    const d = await meetAll(await request());
    await signTriad(d.review.id);
    const before = dumpTables(t.db());
    const r = await t.invoke('gate/decide', {
      reviewId: d.review.id,
      decision: 'CONDITIONAL_GO',
      conditions: [{ text: 'Sign the data-sharing agreement', ownerId: null, dueDate: null }],
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!r.ok) {
      expect(r.error.issues?.map((i) => i.path)).toEqual(['conditions.0.ownerId', 'conditions.0.dueDate']);
    }
    const none = await t.invoke('gate/decide', { reviewId: d.review.id, decision: 'CONDITIONAL_GO' });
    if (!none.ok) expect(none.error.issues?.map((i) => i.path)).toEqual(['conditions']);
    const ghost = await t.invoke('gate/decide', {
      reviewId: d.review.id,
      decision: 'CONDITIONAL_GO',
      conditions: [{ text: 'DPA', ownerId: 999, dueDate: '2026-04-01' }],
    });
    if (!ghost.ok) expect(ghost.error.issues?.map((i) => i.path)).toEqual(['conditions.0.ownerId']);
    expect(dumpTables(t.db())).toEqual(before);

    const ok = await t.ok('gate/decide', {
      reviewId: d.review.id,
      decision: 'CONDITIONAL_GO',
      conditions: [
        { text: 'Sign the data-sharing agreement', ownerId: people.po, dueDate: '2026-04-01' },
        { text: 'Name a data steward', ownerId: people.lead, dueDate: '2026-03-10' },
      ],
    });
    expect(ok.review).toMatchObject({ decision: 'CONDITIONAL_GO', openConditions: 2 });
    expect(ok.conditions.map((c) => [c.text, c.ownerName, c.status, c.overdue])).toEqual([
      ['Sign the data-sharing agreement', 'Pat Owner', 'open', false],
      ['Name a data steward', 'Lee Lead', 'open', false],
    ]);
    expect((await t.ok('initiative/get', { id: initiativeId })).initiative.phase).toBe('DATA_FOUNDATION');

    t.clock.advanceDays(10); // 2026-03-12: the steward condition is overdue
    const open = await t.ok('gate/openConditions');
    expect(open.map((c) => [c.text, c.overdue, c.initiativeName, c.gate])).toEqual([
      ['Name a data steward', true, 'Claims triage', 'G1'],
      ['Sign the data-sharing agreement', false, 'Claims triage', 'G1'],
    ]);
    const waivedNoNote = await t.invoke('gate/setConditionStatus', { id: open[0]!.id, status: 'waived' });
    expect(waivedNoNote).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'note' }] } });
    const met = await t.ok('gate/setConditionStatus', { id: open[0]!.id, status: 'met', note: 'Dana named' });
    expect(met).toMatchObject({ status: 'met', closedAt: t.clock.iso(), overdue: false, note: 'Dana named' });
    expect(await t.ok('gate/openConditions')).toHaveLength(1);
  });

  it('undoes a decision: phase, status and the review come back together; redo re-applies it', async () => {
    const d = await meetAll(await request());
    await signTriad(d.review.id);
    const before = dumpRecords(t.db());
    await t.ok('gate/decide', {
      reviewId: d.review.id,
      decision: 'CONDITIONAL_GO',
      conditions: [{ text: 'DPA signed', ownerId: people.po, dueDate: '2026-04-01' }],
    });
    await t.ok('history/undo');
    expect(dumpRecords(t.db())).toEqual(before);
    expect((await t.ok('gate/get', { id: d.review.id })).review.status).toBe('open');
    expect((await t.ok('initiative/get', { id: initiativeId })).initiative.phase).toBe('STRATEGY');
    await t.ok('history/redo');
    const redone = await t.ok('gate/get', { id: d.review.id });
    expect(redone.review.status).toBe('decided');
    expect(redone.conditions).toHaveLength(1);
    expect((await t.ok('initiative/get', { id: initiativeId })).initiative.phase).toBe('DATA_FOUNDATION');
    expect(verifyAuditChain(t.db()).ok).toBe(true);
  });

  it('KILL kills the initiative and HOLD puts it on hold; neither moves the phase', async () => {
    const d = await request();
    const killed = await t.ok('gate/decide', { reviewId: d.review.id, decision: 'KILL', notes: 'No value case' });
    expect(killed.review).toMatchObject({ decision: 'KILL', status: 'decided' });
    const i = (await t.ok('initiative/get', { id: initiativeId })).initiative;
    expect(i).toMatchObject({ status: 'killed', phase: 'STRATEGY' });
    const again = await t.invoke('gate/request', { initiativeId });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    await t.ok('history/undo');
    const d2 = await t.ok('gate/decide', { reviewId: d.review.id, decision: 'HOLD' });
    expect(d2.review.decision).toBe('HOLD');
    expect((await t.ok('initiative/get', { id: initiativeId })).initiative).toMatchObject({
      status: 'on_hold',
      phase: 'STRATEGY',
    });
  });

  it('refuses a second open review, and allows a new one once the first is cancelled', async () => {
    const d = await request();
    const before = dumpTables(t.db());
    const r = await t.invoke('gate/request', { initiativeId });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('open G1') } });
    expect(dumpTables(t.db())).toEqual(before);
    expect(await t.ok('gate/openReviews')).toEqual([
      expect.objectContaining({ id: d.review.id, initiativeName: 'Claims triage' }),
    ]);
    const cancelled = await t.ok('gate/cancel', { id: d.review.id });
    expect(cancelled.status).toBe('cancelled');
    expect(await t.ok('gate/openReviews')).toEqual([]);
    expect((await t.ok('gate/request', { initiativeId })).review.status).toBe('open');
  });

  it('refuses bad results through the router with field issues, writing nothing', async () => {
    const d = await request();
    const before = dumpTables(t.db());
    const cases: [unknown, string][] = [
      [{ reviewId: d.review.id, criterionId: 'G1.S1', result: 'MET', score: 7 }, 'score'],
      [{ reviewId: d.review.id, criterionId: 'G1.S1', result: 'MAYBE' }, 'result'],
      [{ reviewId: d.review.id, criterionId: 'G1.M1', result: 'WAIVED' }, 'waiverReason'],
      [{ reviewId: d.review.id, criterionId: 'G1.M1', result: 'WAIVED', waiverReason: '  ' }, 'waiverReason'],
      [{ reviewId: d.review.id, criterionId: 'G1.M1', result: 'MET', score: 3 }, 'score'],
      [{ reviewId: d.review.id, criterionId: 'G4.M1', result: 'MET' }, 'criterionId'],
      [{ reviewId: d.review.id, criterionId: 'G1.S2', result: 'MET' }, 'criterionId'], // lite: not applicable
      [{ reviewId: d.review.id, criterionId: 'G1.M1', result: 'MET', extra: 1 }, ''],
    ];
    for (const [input, path] of cases) {
      const r = await t.dispatch({ url: 'app://flightdeck/index.html', isMainFrame: true }, 'gate/setResult', input);
      expect(r, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      if (!r.ok)
        expect(
          r.error.issues?.map((i) => i.path),
          JSON.stringify(input),
        ).toContain(path);
    }
    const badSign = await t.invoke('gate/signOff', {
      reviewId: d.review.id,
      role: 'TECH_LEAD',
      personId: 999,
      vote: 'APPROVE',
    });
    expect(badSign).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'personId' }] } });
    const badRole = await t.dispatch({ url: 'app://flightdeck/index.html', isMainFrame: true }, 'gate/signOff', {
      reviewId: d.review.id,
      role: 'JANITOR',
      personId: people.lead,
      vote: 'APPROVE',
    });
    expect(badRole).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'role' }] } });
    const badLink = await t.invoke('gate/addEvidence', {
      reviewId: d.review.id,
      criterionId: null,
      kind: 'link',
      title: 'x',
      url: 'javascript:alert(1)',
    });
    expect(badLink).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'url' }] } });
    expect(dumpTables(t.db())).toEqual(before);

    // A waiver with a reason counts; a should-meet takes a score.
    const w = await t.ok('gate/setResult', {
      reviewId: d.review.id,
      criterionId: 'G1.M6',
      result: 'WAIVED',
      waiverReason: 'Covered by the group policy',
    });
    expect(w.criteria.find((c) => c.criterion.id === 'G1.M6')).toMatchObject({
      result: 'WAIVED',
      waiverReason: 'Covered by the group policy',
      unmetReason: null,
    });
    const s = await t.ok('gate/setResult', {
      reviewId: d.review.id,
      criterionId: 'G1.S1',
      result: 'PARTIAL',
      score: 3,
    });
    expect(s.criteria.find((c) => c.criterion.id === 'G1.S1')).toMatchObject({ result: 'PARTIAL', score: 3 });
  });

  it('gate settings: defaults, extra sign-off roles, the evidence limit; a broken stored value reads as defaults', async () => {
    expect(await t.ok('gate/settings')).toEqual({ extraRoles: {}, evidenceMaxBytes: 100 * 1024 * 1024 });
    await t.ok('gate/setSettings', { extraRoles: { G1: ['FINANCE', 'FINANCE'] }, evidenceMaxBytes: 2048 });
    expect(await t.ok('gate/settings')).toEqual({ extraRoles: { G1: ['FINANCE'] }, evidenceMaxBytes: 2048 });
    expect((await request()).requiredRoles).toEqual(['BUSINESS_SPONSOR', 'AI_PRODUCT_OWNER', 'TECH_LEAD', 'FINANCE']);
    const bad = await t.invoke('gate/setSettings', { extraRoles: {}, evidenceMaxBytes: 10 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'evidenceMaxBytes' }] } });
    t.db().prepare(`UPDATE settings SET value = '{"evidenceMaxBytes":"lots"}' WHERE key = 'gate.settings'`).run();
    expect(await t.ok('gate/settings')).toEqual({ extraRoles: {}, evidenceMaxBytes: 100 * 1024 * 1024 });
  });

  it('marks a forward phase move without a decided gate as an override; backward is a plain move', async () => {
    await t.ok('initiative/changePhase', { id: initiativeId, toPhase: 'ARCHITECTURE', reason: 'Fast-tracked' });
    await t.ok('initiative/changePhase', { id: initiativeId, toPhase: 'DATA_FOUNDATION', reason: 'Data gaps' });
    expect(
      transitions()
        .slice(1)
        .map((x) => x.is_override),
    ).toEqual([1, 0]);
    const history = (await t.ok('initiative/get', { id: initiativeId })).history;
    expect(history.map((h) => h.isOverride ?? false)).toEqual([false, true, false]);
  });

  it('G7 recurs: a Go keeps the initiative in Scale & optimize but still records the passage', async () => {
    const scaled = await t.ok('initiative/create', {
      name: 'Invoice matching',
      riskTier: 'minimal',
      phase: 'SCALE_OPTIMIZE',
      sponsorId: people.sponsor,
      productOwnerId: people.po,
      techLeadId: people.lead,
    });
    const entered = scaled.phaseEnteredAt;
    t.clock.advanceDays(30);
    const d = await t.ok('gate/request', { initiativeId: scaled.id });
    expect(d.review).toMatchObject({ gate: 'G7', fromPhase: 'SCALE_OPTIMIZE', toPhase: 'SCALE_OPTIMIZE' });
    for (const c of d.criteria) {
      // A waiver with a reason stands even where an auto-check has no data yet.
      await t.ok('gate/setResult', {
        reviewId: d.review.id,
        criterionId: c.criterion.id,
        result: c.criterion.autoCheck ? 'WAIVED' : 'MET',
        ...(c.criterion.autoCheck ? { waiverReason: 'Checked by hand in the quarterly review' } : {}),
      });
    }
    await signTriad(d.review.id);
    await t.ok('gate/decide', { reviewId: d.review.id, decision: 'GO' });
    const after = await t.ok('initiative/get', { id: scaled.id });
    expect(after.initiative).toMatchObject({ phase: 'SCALE_OPTIMIZE', phaseEnteredAt: entered });
    expect(transitions().at(-1)).toMatchObject({
      from_phase: 'SCALE_OPTIMIZE',
      to_phase: 'SCALE_OPTIMIZE',
      gate_review_id: d.review.id,
      reason: 'G7 Expand / optimize / retire: Go',
    });
    expect((await t.ok('gate/request', { initiativeId: scaled.id })).review.gate).toBe('G7');
  });

  it('undoes a settings change', async () => {
    await t.ok('gate/setSettings', { extraRoles: { G4: ['RISK'] }, evidenceMaxBytes: 5 * 1024 * 1024 });
    expect((await t.ok('history/state')).undoLabel).toBe('Gate settings: evidence limit 5 MB');
    await t.ok('history/undo');
    expect(await t.ok('gate/settings')).toEqual({ extraRoles: {}, evidenceMaxBytes: 100 * 1024 * 1024 });
  });

  it('keeps a person who signed off a review: delete is refused as in use', async () => {
    const d = await request();
    await t.ok('gate/signOff', { reviewId: d.review.id, role: 'CHAIR', personId: people.lead, vote: 'ABSTAIN' });
    await t.ok('initiative/update', { id: initiativeId, patch: { techLeadId: null } });
    const r = await t.invoke('person/delete', { id: people.lead });
    expect(r).toMatchObject({ ok: false, error: { code: 'IN_USE' } });
  });

  it('deleting an initiative and undoing it brings its gate reviews back with their children', async () => {
    const d = await meetAll(await request());
    await signTriad(d.review.id);
    await t.ok('gate/addEvidence', {
      reviewId: d.review.id,
      criterionId: 'G1.M2',
      kind: 'note',
      title: 'Minutes',
      note: 'Agreed',
    });
    const before = dumpRecords(t.db());
    await t.ok('initiative/delete', { id: initiativeId });
    expect(t.db().prepare('SELECT count(*) AS n FROM gate_reviews').get()).toEqual({ n: 0 });
    await t.ok('history/undo');
    expect(dumpRecords(t.db())).toEqual(before);
  });
});

describe('file evidence refusals', () => {
  let reviewId: number;
  beforeEach(async () => {
    reviewId = (await request()).review.id;
  });

  async function refused(path: string | null) {
    const before = dumpTables(t.db());
    t.dialogs.queueEvidence(path);
    const r = await t.invoke('gate/addEvidenceFile', { reviewId, criterionId: null });
    expect(r.ok).toBe(false);
    expect(dumpTables(t.db())).toEqual(before);
    expect(evidenceRows()).toEqual([]);
    expect(evidenceFiles()).toEqual([]);
    return r.ok ? null : r.error;
  }

  it('a cancelled dialog', async () => {
    expect(await refused(null)).toMatchObject({ code: 'CANCELLED' });
  });

  it('a missing file, named', async () => {
    expect(await refused(join(files, 'gone.pdf'))).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('“gone.pdf” does not exist') as string,
    });
  });

  it('a folder', async () => {
    const dir = join(files, 'Reports');
    mkdirSync(dir);
    expect(await refused(dir)).toMatchObject({
      code: 'VALIDATION',
      message: '“Reports” is a folder; attach a single file.',
      issues: [{ path: 'file' }],
    });
  });

  it('a symbolic link, even to a readable file', async () => {
    const target = join(files, 'secret.txt');
    writeFileSync(target, 'x');
    const link = join(files, 'looks-harmless.pdf');
    symlinkSync(target, link);
    expect(await refused(link)).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('a path outside what you picked') as string,
    });
  });

  it('a device', async () => {
    expect(await refused('/dev/null')).toMatchObject({
      code: 'VALIDATION',
      message: '“null” is a device, not a file.',
    });
  });

  it('a file over the limit, with its size and the limit in MB', async () => {
    await t.ok('gate/setSettings', { extraRoles: {}, evidenceMaxBytes: 1024 * 1024 });
    const big = join(files, 'dump.csv');
    writeFileSync(big, Buffer.alloc(1024 * 1024 + 300 * 1024, 1));
    expect(await refused(big)).toMatchObject({
      code: 'VALIDATION',
      message: '“dump.csv” is 1.3 MB; evidence files can be at most 1 MB.',
    });
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file', async () => {
    const locked = join(files, 'locked.pdf');
    writeFileSync(locked, 'x');
    chmodSync(locked, 0o000);
    expect(await refused(locked)).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('not allowed to read “locked.pdf”') as string,
    });
  });

  it('a review cancelled while the dialog was open: the copy is removed again', async () => {
    const src = join(files, 'late.pdf');
    writeFileSync(src, 'late evidence');
    t.dialogs.chooseEvidenceFile = async () => {
      await t.ok('gate/cancel', { id: reviewId });
      return src;
    };
    const r = await t.invoke('gate/addEvidenceFile', { reviewId, criterionId: null });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(evidenceRows()).toEqual([]);
    expect(evidenceFiles()).toEqual([]);
  });

  it('a review that is no longer open, before any dialog', async () => {
    await t.ok('gate/cancel', { id: reviewId });
    t.dialogs.queueEvidence(join(files, 'never-asked.pdf'));
    const r = await t.invoke('gate/addEvidenceFile', { reviewId, criterionId: null });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
