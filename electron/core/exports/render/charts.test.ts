import { describe, expect, it } from 'vitest';
import { packCharts, ragHeatmap } from './charts';
import { HOSTILE_TEXTS, fixtureSnapshot } from './fixture';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('fixtureSnapshot', () => {
  it('is deterministic and carries the hostile texts', () => {
    const a = fixtureSnapshot({ initiatives: 50, seed: 3 });
    const b = fixtureSnapshot({ initiatives: 50, seed: 3 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.initiatives).toHaveLength(50);
    const names = a.initiatives.map((x) => x.name);
    for (const t of Object.values(HOSTILE_TEXTS)) expect(names).toContain(t);
    expect(a.totals.byRag.red + a.totals.byRag.amber + a.totals.byRag.green).toBe(50);
    expect(a.topRisks.length).toBeLessThanOrEqual(5);
    expect(fixtureSnapshot({ initiatives: 1 }).scope.kind).toBe('initiative');
  });
});

describe('charts', () => {
  it('draws every chart as a PNG from escaped SVG, without animation or remote content', () => {
    const s = fixtureSnapshot({ initiatives: 50 });
    const charts = packCharts(s);
    for (const c of [charts.funnel, charts.ragHeatmap, charts.value, charts.spend, charts.topRisks]) {
      expect(c).not.toBeNull();
      if (!c) continue;
      expect(c.png.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
      expect(c.png.length).toBeGreaterThan(2000);
      expect(c.svg).not.toMatch(/<script/i);
      expect(c.svg).not.toMatch(/@keyframes|animation:/);
      expect(c.svg).not.toMatch(/(href|src)="https?:/);
      expect(c.alt.length).toBeGreaterThan(10);
    }
    // The hostile name is a label in the heat map: present, but only as escaped text.
    expect(charts.ragHeatmap.svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('caps the heat map and says so in its title', () => {
    const s = fixtureSnapshot({ initiatives: 50 });
    const c = ragHeatmap(s, 10);
    expect(c.title).toContain('worst 10 of 50');
  });

  it('skips the risk chart when there are no risks', () => {
    const s = fixtureSnapshot({ initiatives: 3 });
    const charts = packCharts({ ...s, topRisks: [] });
    expect(charts.topRisks).toBeNull();
  });
});
