import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unpackTable } from '../../../shared/domain/portfolio';
import { openPortfolio } from '../db/open';
import type { Db } from '../db/sqlite';
import { generateDemo, writeDemo } from '../demo/generate';
import { listInitiatives } from './initiatives.repo';
import { portfolioTable, TABLE_SQL } from './portfolio.repo';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fd-portfolio-'));
  const opened = openPortfolio(join(dir, 'p.flightdeck'), { create: true });
  if (!opened.ok) throw new Error(opened.message);
  db = opened.db;
  writeDemo(db, generateDemo({ size: 300, seed: 7, now: new Date('2026-06-01T00:00:00Z') }));
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('portfolio table query', () => {
  it('returns the same rows as the object query, in name order', () => {
    const packed = unpackTable(portfolioTable(db, false));
    const objects = listInitiatives(db, false);
    expect(packed.map((r) => r.id)).toEqual(objects.map((r) => r.id));
    const sample = objects[17]!;
    const row = packed[17]!;
    expect(row).toEqual({
      id: sample.id,
      name: sample.name,
      description: sample.description,
      businessUnit: sample.businessUnit,
      type: sample.type,
      phase: sample.phase,
      status: sample.status,
      riskTier: sample.riskTier,
      tags: sample.tags,
      sponsorId: sample.sponsorId,
      productOwnerId: sample.productOwnerId,
      techLeadId: sample.techLeadId,
      sponsorName: sample.sponsorName,
      productOwnerName: sample.productOwnerName,
      techLeadName: sample.techLeadName,
      plannedEnd: sample.plannedEnd,
      phaseEnteredAt: sample.phaseEnteredAt,
      archivedAt: sample.archivedAt,
      updatedAt: sample.updatedAt,
    });
  });

  it('hides archived rows unless asked', () => {
    const live = unpackTable(portfolioTable(db, false));
    const all = unpackTable(portfolioTable(db, true));
    expect(live.every((r) => r.archivedAt === null)).toBe(true);
    expect(all.length).toBeGreaterThan(live.length);
  });

  it('walks the portfolio index instead of sorting', () => {
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${TABLE_SQL}`).all() as { detail: string }[]).map((r) => r.detail);
    expect(plan.some((d) => d.includes('USING INDEX initiatives_portfolio'))).toBe(true);
    expect(plan.some((d) => d.includes('TEMP B-TREE'))).toBe(false);
  });

  it('survives names with quotes, backslashes and emoji', () => {
    db.prepare(`UPDATE initiatives SET name = ? WHERE id = 1`).run('He said "hi" \\ 🚀 \u2028');
    const row = unpackTable(portfolioTable(db, true)).find((r) => r.id === 1);
    expect(row?.name).toBe('He said "hi" \\ 🚀 \u2028');
  });

  it('refuses a payload with unknown columns', () => {
    expect(() => unpackTable({ columns: ['id'], json: '[]' })).toThrow(/Unexpected portfolio columns/);
  });
});
