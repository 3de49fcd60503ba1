import { describe, expect, it } from 'vitest';
import { phaseNumber, type PhaseId } from '../../../shared/domain/phases';
import { generateDemo } from './generate';
import { generateDemoMetrics, HISTORY_DAYS, MAX_WITH_HISTORY, STEP } from './metrics';

const NOW = '2026-03-02T09:00:00.000Z';
const demo = generateDemo({ size: 60, seed: 7, now: new Date(NOW) });

describe('generateDemoMetrics', () => {
  const m = generateDemoMetrics(demo.initiatives, NOW);
  const ids = [...new Set(m.series.map((s) => s.initiativeId))];

  it('covers a bounded set of initiatives from build & validate on, with every canonical metric but drift', () => {
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThanOrEqual(MAX_WITH_HISTORY);
    const byId = new Map(demo.initiatives.map((i) => [i.id, i]));
    for (const id of ids) expect(phaseNumber(byId.get(id)!.phase as PhaseId)).toBeGreaterThanOrEqual(4);
    const metrics = new Set(m.series.filter((s) => s.initiativeId === ids[0]).map((s) => s.metric));
    expect(metrics.size).toBe(8);
    expect(metrics.has('drift')).toBe(false);
  });

  it('spans 90 days ending at now, ascending, finite and non-negative', () => {
    const nowSec = Date.parse(NOW) / 1000;
    for (const s of m.series) {
      expect(s.ts.at(-1)!).toBeLessThanOrEqual(nowSec);
      expect(nowSec - s.ts.at(-1)!).toBeLessThan(86_400);
      expect(nowSec - s.ts[0]!).toBeLessThanOrEqual(HISTORY_DAYS * 86_400);
      expect(s.ts.every((t, i) => i === 0 || t > s.ts[i - 1]!)).toBe(true);
      expect(s.values.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    }
    const requests = m.series.find((s) => s.metric === 'requests')!;
    expect(requests.ts.length).toBe((HISTORY_DAYS * 86_400) / STEP);
  });

  it('creeps the cost per request on some and has a latency incident on others', () => {
    const cprTrend = ids.map((id) => {
      const get = (metric: string) => m.series.find((s) => s.initiativeId === id && s.metric === metric)!.values;
      const spend = get('spend_usd');
      const req = get('requests');
      const cpr = (from: number, to?: number) =>
        spend.slice(from, to).reduce((a, b) => a + b, 0) / req.slice(from, to).reduce((a, b) => a + b, 0);
      // The last week against the week four weeks earlier (8 points a day).
      return cpr(-56) / cpr(-8 * 28, -8 * 21);
    });
    expect(cprTrend.filter((r) => r > 1.2).length).toBeGreaterThanOrEqual(1);
    const spikes = ids.filter((id) => {
      const p95 = m.series.find((s) => s.initiativeId === id && s.metric === 'latency_p95_s')!.values;
      const sorted = [...p95].sort((a, b) => a - b);
      return sorted.at(-1)! > 3 * sorted[Math.floor(sorted.length / 2)]!;
    });
    expect(spikes.length).toBeGreaterThanOrEqual(1);
  });

  it('is deterministic', () => {
    expect(generateDemoMetrics(demo.initiatives, NOW)).toEqual(m);
  });
});
