import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResult, MappingProfileInput } from '../../../shared/domain/import/types';
import { verifyAuditChain } from '../audit/verify';
import { DHS_2025, FEDERAL_2024, generatedRows, TREASURY_2025, writeFlightdeckCsv } from '../import/testFiles';
import { createTestCore, type TestCore } from '../testing/test-core';
import { UNDO_MAX_ROWS } from './imports';

let t: TestCore;
beforeEach(async () => {
  t = createTestCore(); // the clock reads 2026-03-02
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'empty' });
});
afterEach(() => t.dispose());

const count = (table: string) => (t.db().prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** Everything an import may touch, to prove a failed or refused import changed nothing. */
function state() {
  return {
    initiatives: count('initiatives'),
    people: count('people'),
    transitions: count('phase_transitions'),
    audit: count('audit_log'),
    rows: t.db().prepare('SELECT * FROM initiatives ORDER BY id').all(),
  };
}

async function open(path: string): Promise<string> {
  t.dialogs.queueImport(path);
  return (await t.ok('import/open')).token;
}

const FLIGHTDECK = 'builtin:flightdeck';

const THREE = [
  {
    name: 'Claims triage',
    businessUnit: 'Claims',
    type: 'Document intelligence',
    phase: 'Data foundation',
    status: 'Active',
    riskTier: 'High risk',
    tags: 'genai, pilot',
    sponsor: 'Rita Sponsor',
    productOwner: 'Omar Owner',
    techLead: 'Tess Lead',
    plannedStart: '2026-01-05',
    plannedEnd: '2026-09-30',
  },
  {
    name: 'Invoice matching',
    businessUnit: 'Finance',
    phase: 'Strategy & opportunity assessment',
    sponsor: 'rita sponsor',
  },
  { name: 'HR chatbot', businessUnit: 'HR', type: 'Chatbot / assistant' },
];

describe('import profiles', () => {
  const PROFILE: MappingProfileInput = {
    name: 'Our register',
    columns: [
      { field: 'name', headers: ['Project'] },
      { field: 'businessUnit', headers: ['Department'] },
    ],
  };

  it('lists the built-in profiles, saves, renames, refuses clashes and deletes', async () => {
    const builtIn = await t.ok('import/profiles');
    expect(builtIn.length).toBeGreaterThanOrEqual(3);
    expect(builtIn.every((p) => p.builtIn)).toBe(true);
    expect(builtIn.map((p) => p.id)).toContain(FLIGHTDECK);

    const saved = await t.ok('import/saveProfile', { profile: PROFILE });
    expect(saved).toMatchObject({ id: 'saved:1', name: 'Our register', builtIn: false, key: 'nameAndUnit' });
    expect((await t.ok('import/profiles'))[0]).toMatchObject({ id: 'saved:1' });

    const clash = await t.invoke('import/saveProfile', { profile: { ...PROFILE, name: 'OUR REGISTER' } });
    expect(clash).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const builtInName = builtIn[0]!.name;
    const overwrite = await t.invoke('import/saveProfile', { profile: { ...PROFILE, name: builtInName } });
    expect(overwrite).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const renamed = await t.ok('import/saveProfile', { id: 1, profile: { ...PROFILE, name: 'Our register v2' } });
    expect(renamed).toMatchObject({ id: 'saved:1', name: 'Our register v2' });
    expect(count('import_profiles')).toBe(1);

    expect(await t.ok('import/deleteProfile', { id: 1 })).toEqual({ id: 1 });
    expect(await t.invoke('import/deleteProfile', { id: 1 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(count('import_profiles')).toBe(0);
    // Saving and deleting are in the audit trail.
    const actions = t.db().prepare('SELECT action FROM audit_log ORDER BY seq').pluck().all();
    expect(actions).toEqual(['importProfile.create', 'importProfile.update', 'importProfile.delete']);
    expect(verifyAuditChain(t.db()).ok).toBe(true);
  });

  it('refuses an invalid profile with the field at fault', async () => {
    const r = await t.invoke('import/saveProfile', { profile: { ...PROFILE, columns: [] } });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('import/open', () => {
  it('is CANCELLED when no file is chosen, and describes the file otherwise', async () => {
    expect(await t.invoke('import/open')).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    const path = writeFlightdeckCsv(t.dir, 'three.csv', THREE);
    t.dialogs.queueImport(path);
    const src = await t.ok('import/open');
    expect(src).toMatchObject({ fileName: 'three.csv', kind: 'csv', sheets: [{ name: 'three.csv', rows: 4 }] });
    expect(src.token).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(src)).not.toContain(t.dir);
  });

  it('passes the reader’s message on for a file that is not a spreadsheet', async () => {
    const path = join(t.dir, 'photo.csv');
    writeFileSync(
      path,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
    );
    t.dialogs.queueImport(path);
    const r = await t.invoke('import/open');
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!r.ok) expect(r.error.message).toContain('photo.csv');
  });

  it('forgets a token it does not know', async () => {
    expect(await t.invoke('import/preview', { token: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});

describe('import/preview', () => {
  it('fits the Flightdeck profile and shows every row with its action and problems', async () => {
    const token = await open(
      writeFlightdeckCsv(t.dir, 'mixed.csv', [
        ...THREE,
        { name: '', businessUnit: 'Claims' },
        { name: 'Claims triage', businessUnit: 'claims ' },
        { name: 'Late plan', plannedStart: '2026-05-01', plannedEnd: '2026-01-01' },
      ]),
    );
    const p = await t.ok('import/preview', { token });
    expect(p.profileId).toBe(FLIGHTDECK);
    expect(p.headerRow).toBe(1);
    expect(p.counts).toEqual({ total: 6, create: 3, update: 0, reject: 3 });
    expect(p.rows.map((r) => [r.row, r.action])).toEqual([
      [2, 'create'],
      [3, 'create'],
      [4, 'create'],
      [5, 'reject'],
      [6, 'reject'],
      [7, 'reject'],
    ]);
    expect(p.rows[0]!.values).toMatchObject({ name: 'Claims triage', businessUnit: 'Claims' });
    expect(p.rows[4]!.problems[0]!.reason).toMatch(/Duplicate of row 2/);
    for (const r of p.rows.filter((x) => x.action === 'reject')) expect(r.problems.length).toBeGreaterThan(0);
    // Nothing is written by a preview.
    expect(count('initiatives')).toBe(0);
  });

  it('marks rows that match an initiative as updates', async () => {
    await t.ok('initiative/create', { name: 'HR chatbot', businessUnit: 'HR' });
    const token = await open(writeFlightdeckCsv(t.dir, 'three.csv', THREE));
    const p = await t.ok('import/preview', { token });
    expect(p.counts).toMatchObject({ create: 2, update: 1, reject: 0 });
    expect(p.rows[2]!.action).toBe('update');
  });

  it('suggests a mapping (profileId null) when no profile fits, and imports with the mapping the user confirms', async () => {
    const path = join(t.dir, 'people.csv');
    writeFileSync(path, 'Name,Age,City\nAda,36,London\n');
    const token = await open(path);
    const p = await t.ok('import/preview', { token });
    expect(p.profileId).toBeNull();
    expect(p.fits.every((f) => !f.usable)).toBe(true);
    expect(p.profile.columns.length).toBeGreaterThan(0);
    // Never imported on a guess.
    const run = await t.invoke('import/run', { token });
    expect(run).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(count('initiatives')).toBe(0);
    // The wizard sends the (edited) mapping back explicitly.
    const profile = {
      name: 'People list',
      columns: [
        { field: 'name' as const, headers: ['Name'] },
        { field: 'businessUnit' as const, headers: ['City'] },
      ],
    };
    const edited = await t.ok('import/preview', { token, profile });
    expect(edited).toMatchObject({ profileId: null, counts: { create: 1 } });
    expect(edited.rows[0]!.values).toMatchObject({ name: 'Ada', businessUnit: 'London' });
    expect(await t.ok('import/run', { token, profile })).toMatchObject({ profile: 'People list', imported: 1 });
  });
});

describe('import/run', () => {
  it('imports valid rows in one undoable change with people, phase history and audit entries', async () => {
    await t.ok('person/create', { name: 'Rita Sponsor' });
    const token = await open(
      writeFlightdeckCsv(t.dir, 'three.csv', [...THREE, { name: 'No unit but bad tier', riskTier: 'Galactic' }]),
    );
    t.events.clear();
    const r = await t.ok('import/run', { token, profileId: FLIGHTDECK });
    expect(r).toMatchObject({ profile: 'Flightdeck', imported: 3, updated: 0, rejected: 1, committed: true });
    expect(r.rejects).toEqual([expect.objectContaining({ row: 5, column: 'Risk tier' })]);
    expect(r.peopleCreated).toBe(2); // Omar Owner, Tess Lead; "rita sponsor" is Rita Sponsor

    const rows = await t.ok('initiative/list');
    const triage = rows.find((i) => i.name === 'Claims triage')!;
    expect(triage).toMatchObject({
      businessUnit: 'Claims',
      type: 'document_intelligence',
      phase: 'DATA_FOUNDATION',
      riskTier: 'high',
      tags: ['genai', 'pilot'],
      sponsorName: 'Rita Sponsor',
      productOwnerName: 'Omar Owner',
      techLeadName: 'Tess Lead',
      plannedStart: '2026-01-05',
      plannedEnd: '2026-09-30',
    });
    expect(rows.find((i) => i.name === 'Invoice matching')!.sponsorId).toBe(triage.sponsorId);
    const detail = await t.ok('initiative/get', { id: triage.id });
    expect(detail.history).toHaveLength(1);
    const transitions = t.db().prepare('SELECT * FROM phase_transitions WHERE initiative_id = ?').all(triage.id);
    expect(transitions).toEqual([
      expect.objectContaining({ from_phase: null, to_phase: 'DATA_FOUNDATION', reason: 'Imported from three.csv' }),
    ]);

    const actions = t
      .db()
      .prepare("SELECT action, label FROM audit_log WHERE action LIKE '%.create' ORDER BY seq")
      .all();
    expect(actions.filter((a) => (a as { action: string }).action === 'initiative.create')).toHaveLength(3);
    expect(actions.filter((a) => (a as { action: string }).action === 'person.create')).toHaveLength(3); // 1 by hand + 2
    expect(verifyAuditChain(t.db()).ok).toBe(true);

    expect(t.events.of('db/changed').at(-1)!.tables).toEqual(expect.arrayContaining(['initiatives', 'people']));
    const history = t.events.of('history/changed').at(-1)!;
    expect(history).toMatchObject({ canUndo: true, undoLabel: 'Import of 3 initiatives from three.csv' });

    // One undo takes the whole import back, people it created included.
    await t.ok('history/undo');
    expect(count('initiatives')).toBe(0);
    expect(count('people')).toBe(1);
    await t.ok('history/redo');
    expect(count('initiatives')).toBe(3);
    expect(count('people')).toBe(3);
  });

  it('imports nothing in allOrNothing mode when a row is rejected', async () => {
    await t.ok('initiative/create', { name: 'Existing' });
    const before = state();
    const token = await open(writeFlightdeckCsv(t.dir, 'bad.csv', [...THREE, { name: '', businessUnit: 'Sales' }]));
    const r = await t.ok('import/run', { token, mode: 'allOrNothing' });
    expect(r).toMatchObject({ imported: 0, updated: 0, rejected: 1, committed: false });
    expect(state()).toEqual(before);
    // Without the bad row the same mode imports everything.
    const ok = await t.ok('import/run', {
      token: await open(writeFlightdeckCsv(t.dir, 'good.csv', THREE)),
      mode: 'allOrNothing',
    });
    expect(ok).toMatchObject({ imported: 3, rejected: 0, committed: true });
  });

  it('updates instead of duplicating on re-import, recording a phase change in the history', async () => {
    const path = writeFlightdeckCsv(t.dir, 'three.csv', THREE);
    await t.ok('import/run', { token: await open(path) });
    const ids = (await t.ok('initiative/list')).map((i) => i.id).sort();
    t.clock.advanceDays(1);
    writeFlightdeckCsv(t.dir, 'three.csv', [
      { ...THREE[0]!, phase: 'Architecture design', description: 'Now with OCR' },
      ...THREE.slice(1),
    ]);
    const again = await t.ok('import/run', { token: await open(path) });
    expect(again).toMatchObject({ imported: 0, updated: 3, rejected: 0 });
    const list = await t.ok('initiative/list');
    expect(list.map((i) => i.id).sort()).toEqual(ids);
    const triage = list.find((i) => i.name === 'Claims triage')!;
    expect(triage).toMatchObject({ phase: 'ARCHITECTURE', description: 'Now with OCR' });
    const moves = t
      .db()
      .prepare('SELECT from_phase, to_phase, reason FROM phase_transitions WHERE initiative_id = ? ORDER BY id')
      .all(triage.id);
    expect(moves).toEqual([
      { from_phase: null, to_phase: 'DATA_FOUNDATION', reason: 'Imported from three.csv' },
      { from_phase: 'DATA_FOUNDATION', to_phase: 'ARCHITECTURE', reason: 'Imported from three.csv' },
    ]);
    // Only the row that changed is in the audit trail as an update.
    const updates = t.db().prepare("SELECT entity_id FROM audit_log WHERE action = 'initiative.update'").pluck().all();
    expect(updates).toEqual([triage.id]);
    // Undo puts the row and its phase history back as they were before the re-import.
    await t.ok('history/undo');
    const undone = await t.ok('initiative/get', { id: triage.id });
    expect(undone.initiative).toMatchObject({ phase: 'DATA_FOUNDATION', description: '' });
    expect(
      t.db().prepare('SELECT count(*) FROM phase_transitions WHERE initiative_id = ?').pluck().get(triage.id),
    ).toBe(1);
    expect(count('initiatives')).toBe(3);
    expect(verifyAuditChain(t.db()).ok).toBe(true);
  });

  it('leaves fields the file does not give as they are on update', async () => {
    const first = await t.ok('initiative/create', {
      name: 'Kept',
      businessUnit: 'Ops',
      description: 'Hand-written',
      riskTier: 'limited',
    });
    const path = join(t.dir, 'partial.csv');
    writeFileSync(path, 'Name,Business unit,Status\nKept,Ops,On hold\n');
    const r = await t.ok('import/run', { token: await open(path), profileId: FLIGHTDECK });
    expect(r).toMatchObject({ imported: 0, updated: 1 });
    const after = (await t.ok('initiative/get', { id: first.id })).initiative;
    expect(after).toMatchObject({ status: 'on_hold', description: 'Hand-written', riskTier: 'limited' });
  });

  it('round-trips a Flightdeck-columns file on the ID key: updates, no duplicates', async () => {
    const a = await t.ok('initiative/create', { name: 'Alpha', businessUnit: 'Sales' });
    const b = await t.ok('initiative/create', { name: 'Beta', businessUnit: 'Legal', phase: 'DATA_FOUNDATION' });
    // As an export writes it: IDs, labels, and a renamed initiative that only the ID can still find.
    const path = writeFlightdeckCsv(t.dir, 'export.csv', [
      {
        id: String(a.id),
        name: 'Alpha (renamed)',
        businessUnit: 'Sales',
        phase: 'Strategy & opportunity assessment',
        status: 'Active',
        type: 'Other',
        riskTier: 'Unclassified',
      },
      {
        id: String(b.id),
        name: 'Beta',
        businessUnit: 'Legal',
        phase: 'Data foundation',
        status: 'Retired',
        type: 'Other',
        riskTier: 'Unclassified',
      },
    ]);
    const token = await open(path);
    const preview = await t.ok('import/preview', { token, key: 'id' });
    expect(preview.profileId).toBe(FLIGHTDECK);
    expect(preview.counts).toMatchObject({ create: 0, update: 2, reject: 0 });
    const r = await t.ok('import/run', { token, key: 'id' });
    expect(r).toMatchObject({ imported: 0, updated: 2, rejected: 0 });
    expect(count('initiatives')).toBe(2);
    expect((await t.ok('initiative/get', { id: a.id })).initiative.name).toBe('Alpha (renamed)');
    expect((await t.ok('initiative/get', { id: b.id })).initiative.status).toBe('retired');
    // And again: still two.
    await t.ok('import/run', { token, key: 'id' });
    expect(count('initiatives')).toBe(2);
  });

  it('rolls everything back when a write fails part-way (the 5,000th insert)', async () => {
    await t.ok('initiative/create', { name: 'Existing' });
    const path = writeFlightdeckCsv(t.dir, 'big.csv', generatedRows(5_200));
    t.db().exec(`CREATE TRIGGER fail_5000 BEFORE INSERT ON initiatives WHEN NEW.name = 'Initiative 5000'
                 BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;`);
    const before = state();
    const r = await t.invoke('import/run', { token: await open(path) });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatchObject({
        code: 'DB_ERROR',
        message: expect.stringMatching(/nothing was changed: disk on fire/),
      });
    expect(state()).toEqual(before);
    expect(verifyAuditChain(t.db()).ok).toBe(true);
  });

  it('rolls back an undoable (small) import too', async () => {
    const path = writeFlightdeckCsv(t.dir, 'small.csv', generatedRows(30));
    t.db().exec(`CREATE TRIGGER fail_20 BEFORE INSERT ON initiatives WHEN NEW.name = 'Initiative 20'
                 BEGIN SELECT RAISE(ABORT, 'no'); END;`);
    const before = state();
    expect((await t.invoke('import/run', { token: await open(path) })).ok).toBe(false);
    expect(state()).toEqual(before);
    expect(await t.ok('history/state')).toMatchObject({ canUndo: false });
  });

  it('is cancelled before writing: CANCELLED and nothing changed', async () => {
    const token = await open(writeFlightdeckCsv(t.dir, 'three.csv', THREE));
    const before = state();
    const running = t.invoke('import/run', { token, jobId: 'job-1' });
    // The handler registered the job synchronously; the cancel lands while the file is being read.
    expect(await t.ok('job/cancel', { jobId: 'job-1' })).toEqual({ cancelled: true });
    const r = await running;
    expect(r).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(state()).toEqual(before);
    // The job is gone; the same id can run again.
    expect(await t.ok('import/run', { token, jobId: 'job-1' })).toMatchObject({ imported: 3 });
  });

  it('reports progress phases for a job', async () => {
    const token = await open(writeFlightdeckCsv(t.dir, 'three.csv', THREE));
    t.events.clear();
    await t.ok('import/run', { token, jobId: 'job-2' });
    const phases = new Set(t.events.of('job/progress').map((e) => e.phase));
    expect(phases).toEqual(new Set(['reading', 'checking', 'writing']));
  });
});

describe('import/saveRejects', () => {
  it('writes the rejects of the last run as RFC 4180 CSV, formulas neutralised', async () => {
    const path = join(t.dir, 'evil.csv');
    writeFileSync(path, 'Name,Business unit,Risk tier\n"=HYPERLINK(""x"")",Ops,"@SUM(1,2)"\nFine,Ops,\n');
    const token = await open(path);
    expect(await t.invoke('import/saveRejects', { token })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const r: ImportResult = await t.ok('import/run', { token, profileId: FLIGHTDECK });
    expect(r.rejected).toBe(1);
    const out = join(t.dir, 'rejects.csv');
    t.dialogs.queueSave(out);
    expect(await t.ok('import/saveRejects', { token })).toEqual({ path: out });
    const text = readFileSync(out, 'utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('row,column,reason');
    expect(lines[1]).toMatch(/^2,Risk tier,/);
    expect(text).not.toMatch(/(^|,)"?[=@]/m);
    t.dialogs.queueSave(null);
    expect(await t.ok('import/saveRejects', { token })).toEqual({ cancelled: true });
  });
});

describe('bad input', () => {
  it('passes the reader’s message on when the file turned bad after it was opened, and writes nothing', async () => {
    const path = writeFlightdeckCsv(t.dir, 'three.csv', THREE);
    const token = await open(path);
    writeFileSync(path, '');
    const before = state();
    const r = await t.invoke('import/run', { token });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!r.ok) expect(r.error.message).toMatch(/three\.csv.*empty/);
    expect(state()).toEqual(before);
  });

  it('reads formulas in cells as text and imports them as plain values', async () => {
    const path = join(t.dir, 'formulas.csv');
    writeFileSync(path, 'Name,Business unit,Description\n"=1+2",Ops,"@cmd|calc"\n');
    const r = await t.ok('import/run', { token: await open(path), profileId: FLIGHTDECK });
    expect(r.imported + r.rejected).toBe(1);
    if (r.imported === 1) {
      const row = (await t.ok('initiative/list'))[0]!;
      expect(row.name).toBe('=1+2');
    }
  });
});

describe('real inventories', () => {
  it('lists the sheets of the raw 2025 DHS workbook and imports the chosen one', async () => {
    const token = await open(DHS_2025);
    const src = (await t.ok('import/preview', { token })).sheet;
    expect(src.length).toBeGreaterThan(0);
    const p = await t.ok('import/preview', { token, sheet: src });
    expect(p.profileId).toBe('builtin:federal-2025');
    const r = await t.ok('import/run', { token, sheet: src });
    expect(r.imported).toBeGreaterThan(100);
    expect(r.imported + r.rejected).toBe(p.counts.total);
    const missing = await t.invoke('import/preview', { token, sheet: 'No such sheet' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('imports the 1,757-row 2024 federal inventory: every row imported or rejected with a reason', async () => {
    const token = await open(FEDERAL_2024);
    const r = await t.ok('import/run', { token });
    expect(r.profile).toMatch(/2024/);
    expect(r.imported + r.updated + r.rejected).toBe(1_757);
    expect(r.imported).toBeGreaterThan(1_500);
    for (const p of r.rejects) expect(p.reason.length).toBeGreaterThan(5);
    expect(count('initiatives')).toBe(r.imported);
    expect(await t.ok('history/state')).toMatchObject({ canUndo: r.imported <= UNDO_MAX_ROWS });
    expect(verifyAuditChain(t.db()).ok).toBe(true);
  });

  it('imports the raw 2025 Treasury file (header below a section row)', async () => {
    const token = await open(TREASURY_2025);
    const p = await t.ok('import/preview', { token });
    expect(p.headerRow).toBeGreaterThan(1);
    expect(p.profileId).not.toBeNull();
    const r = await t.ok('import/run', { token });
    expect(r.imported).toBeGreaterThan(0);
    expect(r.imported + r.rejected).toBe(p.counts.total);
  });
});
