import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/verify';
import { createTestCore, type TestCore } from '../testing/test-core';
import { dumpRecords, dumpTables } from '../testing/portfolio-files';

let t: TestCore;
let initiativeId: number;
beforeEach(async () => {
  t = createTestCore();
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'empty' });
  initiativeId = (await t.ok('initiative/create', { name: 'Claims triage' })).id;
});
afterEach(() => t.dispose());

const AHT = {
  name: 'Average handle time',
  unit: 'min',
  kind: 'operational',
  direction: 'lower_is_better',
  baselineValue: 12,
  baselineDate: '2026-01-01',
  baselineSource: 'Call-centre report',
  targetValue: 8,
  targetDate: '2026-12-31',
  cadence: 'monthly',
} as const;

const auditActions = () =>
  (
    t.db().prepare('SELECT action, entity_kind FROM audit_log ORDER BY seq').all() as {
      action: string;
      entity_kind: string;
    }[]
  )
    .filter((r) => r.entity_kind === 'kpi')
    .map((r) => r.action);

describe('KPIs through the core', () => {
  it('creates and lists a KPI, emitting db/changed for the KPI tables', async () => {
    t.events.clear();
    const kpi = await t.ok('kpi/create', { initiativeId, ...AHT });
    expect(kpi).toMatchObject({ ...AHT, initiativeId, measurements: [], createdAt: t.clock.iso() });
    expect(await t.ok('kpi/list', { initiativeId })).toEqual([kpi]);
    expect(t.events.of('db/changed')).toEqual([{ tables: ['kpis', 'kpi_measurements', 'audit_log'] }]);
    expect(await t.ok('history/state')).toMatchObject({ canUndo: true, undoLabel: 'Add KPI “Average handle time”' });
    expect(auditActions()).toEqual(['kpi.create']);
  });

  it('refuses a target date before the baseline date on targetDate, and writes nothing', async () => {
    const before = dumpTables(t.db());
    const history = await t.ok('history/state');
    const r = await t.invoke('kpi/create', { initiativeId, ...AHT, targetDate: '2025-12-31' });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!r.ok)
      expect(r.error.issues).toEqual([{ path: 'targetDate', message: 'Target date is before the baseline date' }]);
    expect(dumpTables(t.db())).toEqual(before);
    expect(await t.ok('history/state')).toEqual(history);
  });

  it('checks an edit that moves one date against the stored other one', async () => {
    const kpi = await t.ok('kpi/create', { initiativeId, ...AHT });
    const before = dumpTables(t.db());
    const r = await t.invoke('kpi/update', { id: kpi.id, patch: { baselineDate: '2027-01-01' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'patch.targetDate' }] } });
    expect(dumpTables(t.db())).toEqual(before);

    t.clock.advanceDays(1);
    const updated = await t.ok('kpi/update', { id: kpi.id, patch: { targetValue: 7, baselineSource: '' } });
    expect(updated).toEqual({ ...kpi, targetValue: 7, baselineSource: '', updatedAt: t.clock.iso() });
    await t.ok('history/undo');
    expect(await t.ok('kpi/list', { initiativeId })).toEqual([kpi]);
  });

  it('the file itself refuses a target date before the baseline date (CHECK), for writers other than the app', () => {
    const insert = () =>
      t
        .db()
        .prepare(
          `INSERT INTO kpis (initiative_id, name, kind, direction, cadence, baseline_date, target_date, created_at, updated_at)
           VALUES (?, 'x', 'operational', 'higher_is_better', 'monthly', '2026-02-01', '2026-01-01', 'now', 'now')`,
        )
        .run(initiativeId);
    expect(insert).toThrow(/CHECK constraint failed/);
  });

  it('refuses a KPI for an initiative that does not exist', async () => {
    const r = await t.invoke('kpi/create', { initiativeId: 999, ...AHT });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('adds measurements, lists them by period end, removes one, and undo puts it back', async () => {
    const kpi = await t.ok('kpi/create', { initiativeId, ...AHT });
    await t.ok('kpi/addMeasurement', { kpiId: kpi.id, periodEnd: '2026-03-31', value: 10 });
    const after = await t.ok('kpi/addMeasurement', {
      kpiId: kpi.id,
      periodEnd: '2026-02-28',
      value: 11,
      source: 'CRM',
    });
    expect(after.measurements.map((m) => [m.periodEnd, m.value, m.source, m.enteredBy])).toEqual([
      ['2026-02-28', 11, 'CRM', 'Flightdeck user'],
      ['2026-03-31', 10, '', 'Flightdeck user'],
    ]);
    const removed = await t.ok('kpi/deleteMeasurement', { id: after.measurements[0]!.id });
    expect(removed.measurements.map((m) => m.value)).toEqual([10]);
    await t.ok('history/undo');
    expect((await t.ok('kpi/list', { initiativeId }))[0]?.measurements).toEqual(after.measurements);
    expect(auditActions()).toEqual(['kpi.create', 'kpi.update', 'kpi.update', 'kpi.update', 'undo']);
    expect(verifyAuditChain(t.db())).toMatchObject({ ok: true });
  });

  it('undo of a KPI delete restores the KPI and its measurements with the same ids', async () => {
    const kpi = await t.ok('kpi/create', { initiativeId, ...AHT });
    const full = await t.ok('kpi/addMeasurement', { kpiId: kpi.id, periodEnd: '2026-02-28', value: 11 });
    const records = dumpRecords(t.db());
    await t.ok('kpi/delete', { id: kpi.id });
    expect(await t.ok('kpi/list', { initiativeId })).toEqual([]);
    expect(t.db().prepare('SELECT count(*) AS n FROM kpi_measurements').get()).toEqual({ n: 0 });
    await t.ok('history/undo');
    expect(await t.ok('kpi/list', { initiativeId })).toEqual([full]);
    expect(dumpRecords(t.db())).toEqual(records);
    await t.ok('history/redo');
    expect(await t.ok('kpi/list', { initiativeId })).toEqual([]);
  });

  it('deleting the initiative cascades to its KPIs, and undo of that delete brings them back', async () => {
    const kpi = await t.ok('kpi/create', { initiativeId, ...AHT });
    await t.ok('kpi/addMeasurement', { kpiId: kpi.id, periodEnd: '2026-02-28', value: 11 });
    const full = await t.ok('kpi/list', { initiativeId });
    const records = dumpRecords(t.db());
    await t.ok('initiative/delete', { id: initiativeId });
    expect(
      t.db().prepare('SELECT (SELECT count(*) FROM kpis) + (SELECT count(*) FROM kpi_measurements) AS n').get(),
    ).toEqual({
      n: 0,
    });
    await t.ok('history/undo');
    expect(await t.ok('kpi/list', { initiativeId })).toEqual(full);
    expect(dumpRecords(t.db())).toEqual(records);
    // And the KPI's own history still works on the restored rows.
    await t.ok('history/undo');
    expect((await t.ok('kpi/list', { initiativeId }))[0]?.measurements).toEqual([]);
  });
});

describe('KPIs in the initiative timeline', () => {
  it('shows “Added KPI …”, “Changed KPI …” and “Removed KPI …”, and only on its own initiative', async () => {
    const kpi = await t.ok('kpi/create', { initiativeId, ...AHT });
    await t.ok('kpi/addMeasurement', { kpiId: kpi.id, periodEnd: '2026-02-28', value: 11 });
    await t.ok('kpi/delete', { id: kpi.id });
    // Another initiative's KPI may reuse the row id; it stays out of this timeline.
    const other = (await t.ok('initiative/create', { name: 'Fraud scoring' })).id;
    await t.ok('kpi/create', { initiativeId: other, ...AHT, name: 'False positive rate' });

    const labels = (await t.ok('audit/timeline', { initiativeId })).map((e) => e.label);
    expect(labels.slice(0, 3)).toEqual([
      'Removed KPI “Average handle time”',
      'Changed KPI “Average handle time”',
      'Added KPI “Average handle time”',
    ]);
    expect(labels.join('\n')).not.toMatch(/False positive rate/);
    const otherLabels = (await t.ok('audit/timeline', { initiativeId: other })).map((e) => e.label);
    expect(otherLabels).toContain('Added KPI “False positive rate”');
    expect(otherLabels.join('\n')).not.toMatch(/Average handle time/);
  });
});
