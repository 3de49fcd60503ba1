import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kpiCreateInput, measurementAddInput } from '../../../shared/domain/kpi';
import { epochDay } from '../../../shared/domain/governance/days';
import { evaluatePortfolio } from '../services/signals';
import { openOrThrow } from '../testing/portfolio-files';
import { TempDirs } from '../testing/temp-dir';
import { verifyAuditChain } from '../audit/verify';
import { generateDemo, writeDemo } from './generate';

const temp = new TempDirs();
afterEach(() => temp.cleanup());
const now = new Date('2026-06-01T09:00:00.000Z');

describe('demo governance', () => {
  it('leaves the base demo of a seed unchanged and is itself deterministic', () => {
    const a = generateDemo({ size: 120, seed: 4, now });
    const b = generateDemo({ size: 120, seed: 4, now });
    expect(b.governance).toEqual(a.governance);
    expect(a.governance.kpis.length).toBeGreaterThan(60);
    expect(a.governance.reviews.length).toBeGreaterThan(100);
    expect(a.governance.agents.length).toBeGreaterThan(0);
  });

  it('produces KPIs and measurements the app’s own input rules accept', () => {
    const { governance: g } = generateDemo({ size: 300, seed: 9, now });
    for (const k of g.kpis) {
      const parsed = kpiCreateInput.safeParse({
        initiativeId: k.initiative_id,
        name: k.name,
        unit: k.unit,
        kind: k.kind,
        direction: k.direction,
        baselineValue: k.baseline_value,
        baselineDate: k.baseline_date,
        baselineSource: k.baseline_source,
        targetValue: k.target_value,
        targetDate: k.target_date,
        cadence: k.cadence,
      });
      expect(parsed.error?.issues ?? [], k.name).toEqual([]);
    }
    for (const m of g.measurements.slice(0, 500)) {
      const parsed = measurementAddInput.safeParse({
        kpiId: m.kpi_id,
        periodEnd: m.period_end,
        value: m.value,
        source: m.source,
      });
      expect(parsed.error?.issues ?? []).toEqual([]);
    }
  });

  it('writes into the latest schema with a verifiable audit chain, and several radar rules fire on 300 initiatives', () => {
    const db = openOrThrow(join(temp.make(), 'demo.flightdeck'), { create: true });
    writeDemo(db, generateDemo({ size: 300, seed: 20_260_101, now }), { actor: 'demo', at: now.toISOString() });
    expect(verifyAuditChain(db).ok).toBe(true);
    const report = evaluatePortfolio(db, epochDay(now.toISOString()));
    const rules = new Set(report.signals.map((s) => s.ruleId));
    for (const rule of ['TIME_IN_PHASE', 'MISSING_OWNER', 'NO_KPI_BASELINE', 'KPI_NOT_MEASURED']) {
      expect(rules, rule).toContain(rule);
    }
    expect(rules.size).toBeGreaterThanOrEqual(6);
    db.close();
  });
});

describe('demo ROI models', () => {
  it('store the figures the engine gives for the stored model, and vary: some never pay back, some pilot-only', async () => {
    const { evaluateModel } = await import('../../../shared/domain/roi/evaluate');
    const { figuresOf } = await import('../services/roiFigures');
    const { phaseNumber } = await import('../../../shared/domain/phases');
    const d = generateDemo({ size: 300, seed: 20_260_101, now });
    const scenarios = d.governance.roiScenarios;
    expect(scenarios.length).toBeGreaterThan(150);
    const phaseOf = new Map(d.initiatives.map((i) => [i.id, i.phase]));
    for (const s of scenarios.slice(0, 60)) {
      const e = evaluateModel(JSON.parse(s.model_json), { phase: phaseNumber(phaseOf.get(s.initiative_id) as never) });
      expect(e.ok).toBe(true);
      if (!e.ok) continue;
      const f = figuresOf(e);
      for (const [k, v] of Object.entries(f)) {
        const stored = (s as unknown as Record<string, number | null>)[k] ?? null;
        if (v === null || stored === null) expect(stored, k).toBe(v);
        else expect(Math.abs(stored - v), k).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(v)));
      }
    }
    expect(scenarios.some((s) => s.payback_months === null)).toBe(true);
    expect(scenarios.some((s) => s.has_production_categories === 0)).toBe(true);
    expect(scenarios.some((s) => s.kind === 'baseline')).toBe(true);
  });

  it('make the pilot-only-economics signal fire on the 300-initiative demo', () => {
    const db = openOrThrow(join(temp.make(), 'demo.flightdeck'), { create: true });
    writeDemo(db, generateDemo({ size: 300, seed: 20_260_101, now }), { actor: 'demo', at: now.toISOString() });
    const rules = new Set(evaluatePortfolio(db, epochDay(now.toISOString())).signals.map((s) => s.ruleId));
    expect(rules).toContain('PILOT_ONLY_ECONOMICS');
    db.close();
  });
});
