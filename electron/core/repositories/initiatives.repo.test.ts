import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InitiativeRow } from '../../../shared/domain/initiative';
import type { Db } from '../db/sqlite';
import { generateDemo, writeDemo } from '../demo/generate';
import { openOrThrow } from '../testing/portfolio-files';
import { TempDirs } from '../testing/temp-dir';
import { getInitiativeRow, listInitiatives, toInitiative, type InitiativeRecord } from './initiatives.repo';

const temp = new TempDirs();
let db: Db;

beforeEach(() => {
  db = openOrThrow(join(temp.make(), 'repo.flightdeck'));
  writeDemo(db, generateDemo({ size: 400, seed: 9, now: new Date('2026-06-01T00:00:00Z') }));
  // Edge cases the demo does not produce: odd text, unicode tags, every owner missing.
  db.prepare(
    `UPDATE initiatives SET name = ?, tags = ?, sponsor_id = NULL, product_owner_id = NULL, tech_lead_id = NULL WHERE id = 3`,
  ).run('Ünïcode "quotes" \\ 🚀', JSON.stringify(['ki-strategie', 'données', '数据']));
});
afterEach(() => {
  db.close();
  temp.cleanup();
});

/**
 * The straightforward mapping the list used before it switched to raw arrays: driver objects from
 * `i.*` plus the owner names. The fast path must produce exactly this, key order included.
 */
function referenceList(includeArchived: boolean, id?: number): InitiativeRow[] {
  const where = id !== undefined ? 'WHERE i.id = ?' : includeArchived ? '' : 'WHERE i.archived_at IS NULL';
  const rows = db
    .prepare(
      `SELECT i.*, s.name AS sponsor_name, po.name AS product_owner_name, tl.name AS tech_lead_name
       FROM initiatives i
       LEFT JOIN people s ON s.id = i.sponsor_id
       LEFT JOIN people po ON po.id = i.product_owner_id
       LEFT JOIN people tl ON tl.id = i.tech_lead_id
       ${where}
       ORDER BY i.archived_at, i.name COLLATE NOCASE`,
    )
    .all(...(id !== undefined ? [id] : [])) as (InitiativeRecord & {
    sponsor_name: string | null;
    product_owner_name: string | null;
    tech_lead_name: string | null;
  })[];
  return rows.map((r) => ({
    ...toInitiative(r),
    sponsorName: r.sponsor_name,
    productOwnerName: r.product_owner_name,
    techLeadName: r.tech_lead_name,
  }));
}

describe('listInitiatives', () => {
  it('returns exactly what the plain object mapping returns, live and with archived', () => {
    for (const includeArchived of [false, true]) {
      const fast = listInitiatives(db, includeArchived);
      const reference = referenceList(includeArchived);
      expect(fast).toEqual(reference);
      // Same key order too: the renderer and exports may rely on it.
      expect(JSON.stringify(fast)).toBe(JSON.stringify(reference));
    }
    expect(listInitiatives(db, true).length).toBeGreaterThan(listInitiatives(db, false).length);
  });

  it('getInitiativeRow matches the plain mapping and answers null for a missing id', () => {
    expect(getInitiativeRow(db, 3)).toEqual(referenceList(true, 3)[0]);
    expect(getInitiativeRow(db, 3)?.tags).toEqual(['ki-strategie', 'données', '数据']);
    expect(getInitiativeRow(db, 999_999)).toBeNull();
  });

  it('gives every row its own tags array, even when the stored tags are equal', () => {
    const rows = listInitiatives(db, true);
    const [a, b] = rows.filter((r) => JSON.stringify(r.tags) === JSON.stringify(rows[0]!.tags));
    expect(a && b).toBeTruthy();
    a!.tags.push('mutated');
    expect(b!.tags).not.toContain('mutated');
    expect(listInitiatives(db, true).find((r) => r.id === a!.id)?.tags).not.toContain('mutated');
  });

  it('sees writes made after the statement was first prepared', () => {
    const before = listInitiatives(db, false).length;
    db.prepare(
      'UPDATE initiatives SET archived_at = ? WHERE archived_at IS NULL AND id = (SELECT min(id) FROM initiatives WHERE archived_at IS NULL)',
    ).run('2026-06-01T00:00:00.000Z');
    expect(listInitiatives(db, false)).toHaveLength(before - 1);
  });
});
