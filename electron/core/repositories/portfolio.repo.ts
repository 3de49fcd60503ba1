import { TABLE_COLUMNS, type PackedTable } from '../../../shared/domain/portfolio';
import type { Db } from '../db/sqlite';

const TUPLE = `json_array(i.id, i.name, i.description, i.business_unit, i.type, i.phase, i.status, i.risk_tier, json(i.tags),
  i.sponsor_id, i.product_owner_id, i.tech_lead_id, s.name, po.name, tl.name, i.planned_end, i.phase_entered_at,
  i.archived_at, i.updated_at)`;

/**
 * The portfolio table query: SQLite assembles the JSON itself (see shared/domain/portfolio.ts for why).
 * The inner query walks initiatives_portfolio, so rows arrive in name order without a sort step.
 */
export const TABLE_SQL = `
  SELECT json_group_array(${TUPLE}) AS rows
  FROM (SELECT * FROM initiatives WHERE archived_at IS NULL ORDER BY archived_at, name COLLATE NOCASE) i
  LEFT JOIN people s ON s.id = i.sponsor_id
  LEFT JOIN people po ON po.id = i.product_owner_id
  LEFT JOIN people tl ON tl.id = i.tech_lead_id`;

const TABLE_ALL_SQL = TABLE_SQL.replace('WHERE archived_at IS NULL ', '');

export function portfolioTable(db: Db, includeArchived: boolean): PackedTable {
  const json = db
    .prepare(includeArchived ? TABLE_ALL_SQL : TABLE_SQL)
    .pluck()
    .get() as string;
  return { columns: TABLE_COLUMNS, json };
}
