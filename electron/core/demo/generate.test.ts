import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initiativeCreateInput } from '../../../shared/domain/initiative';
import { INITIATIVE_TYPES } from '../../../shared/domain/enums';
import { PHASE_IDS } from '../../../shared/domain/phases';
import { listInitiatives, toInitiative } from '../repositories/initiatives.repo';
import { openOrThrow } from '../testing/portfolio-files';
import { TempDirs } from '../testing/temp-dir';
import { generateDemo, writeDemo } from './generate';

const temp = new TempDirs();
afterEach(() => temp.cleanup());
const now = new Date('2026-03-02T09:00:00.000Z');

describe('demo generator', () => {
  it('is deterministic: same size, seed and now give identical data', () => {
    const a = generateDemo({ size: 300, seed: 11, now });
    const b = generateDemo({ size: 300, seed: 11, now });
    expect(b).toEqual(a);
    expect(generateDemo({ size: 300, seed: 12, now })).not.toEqual(a);
  });

  it('covers every phase and every type at the default size of 40, with several units', () => {
    const d = generateDemo({ size: 40, seed: 20_260_101, now });
    expect(d.initiatives).toHaveLength(40);
    expect(new Set(d.initiatives.map((i) => i.phase))).toEqual(new Set(PHASE_IDS));
    expect(new Set(d.initiatives.map((i) => i.type))).toEqual(new Set(INITIATIVE_TYPES.ids));
    expect(new Set(d.initiatives.map((i) => i.business_unit)).size).toBeGreaterThanOrEqual(4);
  });

  it('produces records the app’s own input rules accept, with histories that end in the current phase', () => {
    const d = generateDemo({ size: 500, seed: 3, now });
    const byInitiative = new Map<number, typeof d.transitions>();
    for (const t of d.transitions) byInitiative.set(t.initiative_id, [...(byInitiative.get(t.initiative_id) ?? []), t]);
    for (const rec of d.initiatives) {
      const i = toInitiative(rec);
      const parsed = initiativeCreateInput.safeParse({
        name: i.name,
        description: i.description,
        businessUnit: i.businessUnit,
        type: i.type,
        phase: i.phase,
        status: i.status,
        riskTier: i.riskTier,
        tags: i.tags,
        plannedStart: i.plannedStart,
        plannedEnd: i.plannedEnd,
        actualStart: i.actualStart,
        actualEnd: i.actualEnd,
      });
      expect(parsed.success, `${rec.id}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      const history = byInitiative.get(rec.id) ?? [];
      expect(history[0]?.from_phase).toBeNull();
      expect(history.at(-1)?.to_phase).toBe(rec.phase);
      expect(history.at(-1)?.at).toBe(rec.phase_entered_at);
      expect(Date.parse(rec.created_at)).toBeLessThanOrEqual(now.getTime());
    }
  });

  it('writes 10,000 initiatives into a fresh file and reads them all back', () => {
    const data = generateDemo({ size: 10_000, seed: 5, now });
    const db = openOrThrow(join(temp.make(), 'big.flightdeck'));
    try {
      writeDemo(db, data);
      expect(db.prepare('SELECT count(*) AS n FROM initiatives').get()).toEqual({ n: 10_000 });
      expect(db.prepare('SELECT count(*) AS n FROM phase_transitions').get()).toEqual({ n: data.transitions.length });
      const archived = data.initiatives.filter((i) => i.archived_at !== null).length;
      expect(listInitiatives(db, false)).toHaveLength(10_000 - archived);
      expect(listInitiatives(db, true)).toHaveLength(10_000);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });

  it('refuses to write into a file that already has data, and writes nothing', () => {
    const db = openOrThrow(join(temp.make(), 'twice.flightdeck'));
    try {
      writeDemo(db, generateDemo({ size: 10, seed: 1, now }));
      expect(() => writeDemo(db, generateDemo({ size: 20, seed: 2, now }))).toThrow(/empty file/);
      expect(db.prepare('SELECT count(*) AS n FROM initiatives').get()).toEqual({ n: 10 });
    } finally {
      db.close();
    }
  });
});
