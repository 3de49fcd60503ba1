import type { Kpi, KpiMeasurement, KpiWithMeasurements } from '../../../shared/domain/kpi';
import type { Db } from '../db/sqlite';

/** A kpis row as stored. */
export interface KpiRecord {
  id: number;
  initiative_id: number;
  name: string;
  unit: string;
  kind: Kpi['kind'];
  direction: Kpi['direction'];
  baseline_value: number | null;
  baseline_date: string | null;
  baseline_source: string;
  target_value: number | null;
  target_date: string | null;
  cadence: Kpi['cadence'];
  created_at: string;
  updated_at: string;
}

/** A kpi_measurements row as stored. */
export interface MeasurementRecord {
  id: number;
  kpi_id: number;
  period_end: string;
  value: number;
  source: string;
  entered_by: string;
  created_at: string;
}

const KPI_COLUMNS = [
  'initiative_id',
  'name',
  'unit',
  'kind',
  'direction',
  'baseline_value',
  'baseline_date',
  'baseline_source',
  'target_value',
  'target_date',
  'cadence',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof KpiRecord)[];

const MEASUREMENT_COLUMNS = [
  'kpi_id',
  'period_end',
  'value',
  'source',
  'entered_by',
  'created_at',
] as const satisfies readonly (keyof MeasurementRecord)[];

export function toKpi(r: KpiRecord): Kpi {
  return {
    id: r.id,
    initiativeId: r.initiative_id,
    name: r.name,
    unit: r.unit,
    kind: r.kind,
    direction: r.direction,
    baselineValue: r.baseline_value,
    baselineDate: r.baseline_date,
    baselineSource: r.baseline_source,
    targetValue: r.target_value,
    targetDate: r.target_date,
    cadence: r.cadence,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toMeasurement(r: MeasurementRecord): KpiMeasurement {
  return {
    id: r.id,
    kpiId: r.kpi_id,
    periodEnd: r.period_end,
    value: r.value,
    source: r.source,
    enteredBy: r.entered_by,
    createdAt: r.created_at,
  };
}

export function getKpiRecord(db: Db, id: number): KpiRecord | null {
  return (db.prepare('SELECT * FROM kpis WHERE id = ?').get(id) as KpiRecord | undefined) ?? null;
}

export function listKpiRecords(db: Db, initiativeId: number): KpiRecord[] {
  return db.prepare('SELECT * FROM kpis WHERE initiative_id = ? ORDER BY id').all(initiativeId) as KpiRecord[];
}

/** A KPI's series in time order; id breaks ties so two entries for one period keep their entry order. */
export function listMeasurementRecords(db: Db, kpiId: number): MeasurementRecord[] {
  return db
    .prepare('SELECT * FROM kpi_measurements WHERE kpi_id = ? ORDER BY period_end, id')
    .all(kpiId) as MeasurementRecord[];
}

/** All measurements of an initiative's KPIs, for its snapshot (undo of an initiative delete). */
export function listInitiativeMeasurementRecords(db: Db, initiativeId: number): MeasurementRecord[] {
  return db
    .prepare(
      `SELECT m.* FROM kpi_measurements m JOIN kpis k ON k.id = m.kpi_id
       WHERE k.initiative_id = ? ORDER BY m.id`,
    )
    .all(initiativeId) as MeasurementRecord[];
}

export function getMeasurementRecord(db: Db, id: number): MeasurementRecord | null {
  return (db.prepare('SELECT * FROM kpi_measurements WHERE id = ?').get(id) as MeasurementRecord | undefined) ?? null;
}

export function listKpis(db: Db, initiativeId: number): KpiWithMeasurements[] {
  return listKpiRecords(db, initiativeId).map((k) => ({
    ...toKpi(k),
    measurements: listMeasurementRecords(db, k.id).map(toMeasurement),
  }));
}

function insertSql(table: string, columns: readonly string[], withId: boolean): string {
  const cols = withId ? ['id', ...columns] : [...columns];
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`;
}

/** Inserts a KPI; an id is given only when undo puts a deleted one back. */
export function insertKpi(db: Db, rec: Omit<KpiRecord, 'id'> & { id?: number }): number {
  const sql = insertSql('kpis', KPI_COLUMNS, rec.id !== undefined);
  return Number(db.prepare(sql).run(rec).lastInsertRowid);
}

export function updateKpi(db: Db, rec: KpiRecord): void {
  const sets = KPI_COLUMNS.map((c) => `${c} = @${c}`).join(', ');
  db.prepare(`UPDATE kpis SET ${sets} WHERE id = @id`).run(rec);
}

export function deleteKpi(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM kpis WHERE id = ?').run(id).changes > 0;
}

export function insertMeasurement(db: Db, rec: Omit<MeasurementRecord, 'id'> & { id?: number }): number {
  const sql = insertSql('kpi_measurements', MEASUREMENT_COLUMNS, rec.id !== undefined);
  return Number(db.prepare(sql).run(rec).lastInsertRowid);
}

export function deleteMeasurement(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM kpi_measurements WHERE id = ?').run(id).changes > 0;
}

export function deleteMeasurementsOf(db: Db, kpiId: number): void {
  db.prepare('DELETE FROM kpi_measurements WHERE kpi_id = ?').run(kpiId);
}
