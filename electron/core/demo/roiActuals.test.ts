import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { phaseNumber, type PhaseId } from '../../../shared/domain/phases';
import { categoryFits, monthIndex } from '../../../shared/domain/roiActuals';
import { openOrThrow } from '../testing/portfolio-files';
import { createTestCore } from '../testing/test-core';
import { TempDirs } from '../testing/temp-dir';
import { generateDemo, writeDemo } from './generate';
import { generateDemoActuals, MAX_WITH_ACTUALS } from './roiActuals';

const temp = new TempDirs();
afterEach(() => temp.cleanup());
const now = new Date('2026-11-01T09:00:00.000Z');
const asOf = now.toISOString();

const startOf = (json: string) => (JSON.parse(json) as { startMonth: string | null }).startMonth;

describe('demo plan vs actual', () => {
  const d = generateDemo({ size: 600, seed: 20_260_101, now });
  const phaseOf = new Map(d.initiatives.map((i) => [i.id, phaseNumber(i.phase as PhaseId)]));
  const rows = generateDemoActuals(d.initiatives, d.governance.roiScenarios, asOf);

  it('dates the models of initiatives in phases 4–7 and leaves the earlier ones without a start month', () => {
    for (const s of d.governance.roiScenarios) {
      const start = startOf(s.model_json);
      if (phaseOf.get(s.initiative_id)! >= 4) expect(start).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
      else expect(start).toBeNull();
    }
  });

  it('is deterministic', () => {
    const again = generateDemo({ size: 600, seed: 20_260_101, now });
    expect(generateDemoActuals(again.initiatives, again.governance.roiScenarios, asOf)).toEqual(rows);
  });

  it('writes valid, plausible rows: up to this month, categories that fit, benefits only in production', () => {
    expect(rows.length).toBeGreaterThan(100);
    const initiatives = new Set(rows.map((r) => r.initiative_id));
    expect(initiatives.size).toBeLessThanOrEqual(MAX_WITH_ACTUALS);
    for (const r of rows) {
      expect(Number.isFinite(r.amount) && r.amount > 0).toBe(true);
      expect(monthIndex(r.month)).toBeLessThanOrEqual(monthIndex('2026-11'));
      expect(categoryFits(r.side, r.category)).toBe(true);
      expect(phaseOf.get(r.initiative_id)!).toBeGreaterThanOrEqual(4);
      if (r.side === 'benefit') expect(phaseOf.get(r.initiative_id)!).toBeGreaterThanOrEqual(6);
    }
    expect(rows.some((r) => r.side === 'benefit')).toBe(true);
    expect(rows.some((r) => r.note !== '')).toBe(true);
  });

  it('keeps most initiatives near plan and lets some overrun by 30–60 %, as the app computes it', async () => {
    const t = createTestCore({ demoSize: 300 });
    try {
      await t.ok('workspace/openDefault');
      await t.ok('workspace/setup', { mode: 'demo' });
      const ids = (
        t.db().prepare('SELECT DISTINCT initiative_id FROM roi_actuals ORDER BY 1').pluck().all() as number[]
      ).slice(0, 60);
      expect(ids.length).toBeGreaterThan(10);
      const burns: number[] = [];
      for (const initiativeId of ids) {
        const v = await t.ok('roi/planVsActual', { initiativeId });
        if (v.result?.state !== 'ok') throw new Error(`initiative ${initiativeId}: ${v.result?.state}`);
        for (const c of v.result.categories) if (c.side === 'cost' && c.burn !== null) burns.push(c.burn);
        expect(v.result.outsideHorizon.entryIds).toEqual([]);
      }
      const near = burns.filter((b) => b > 0.75 && b < 1.25).length;
      const over = burns.filter((b) => b >= 1.25 && b <= 1.75).length;
      expect(near / burns.length).toBeGreaterThan(0.6);
      expect(over).toBeGreaterThan(0);
      const p = await t.ok('roi/portfolio');
      expect(p.totals.actualCost).toBeGreaterThan(0);
      expect(p.totals.realisedValue).toBeGreaterThan(0);
    } finally {
      t.dispose();
    }
  });

  it('is written by writeDemo in the same transaction as the rest', () => {
    const db = openOrThrow(join(temp.make(), 'demo.flightdeck'));
    try {
      writeDemo(db, generateDemo({ size: 200, seed: 5, now }), { actor: 'demo', at: asOf });
      const n = db.prepare('SELECT count(*) FROM roi_actuals').pluck().get() as number;
      expect(n).toBeGreaterThan(0);
      expect(db.prepare("SELECT count(*) FROM roi_actuals WHERE month > '2026-11'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
