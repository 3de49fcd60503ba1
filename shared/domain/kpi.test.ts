import { describe, expect, it } from 'vitest';
import { kpiCreateInput, kpiDateIssue, kpiUpdateInput, measurementAddInput } from './kpi';

describe('kpiCreateInput', () => {
  it('fills defaults and trims text', () => {
    const v = kpiCreateInput.parse({ initiativeId: 1, name: '  Handle time ' });
    expect(v).toEqual({
      initiativeId: 1,
      name: 'Handle time',
      unit: '',
      kind: 'business_outcome',
      direction: 'higher_is_better',
      baselineValue: null,
      baselineDate: null,
      baselineSource: '',
      targetValue: null,
      targetDate: null,
      cadence: 'monthly',
    });
  });

  it('reports a target date before the baseline date on targetDate', () => {
    const r = kpiCreateInput.safeParse({
      initiativeId: 1,
      name: 'AHT',
      baselineDate: '2026-03-01',
      targetDate: '2026-02-28',
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['targetDate', 'Target date is before the baseline date'],
    ]);
  });

  it('accepts the same day for baseline and target, and either date alone', () => {
    expect(
      kpiCreateInput.safeParse({ initiativeId: 1, name: 'x', baselineDate: '2026-03-01', targetDate: '2026-03-01' })
        .success,
    ).toBe(true);
    expect(kpiCreateInput.safeParse({ initiativeId: 1, name: 'x', targetDate: '2026-03-01' }).success).toBe(true);
  });

  it('refuses unknown keys, empty names, bad enums, unreal dates and non-finite values', () => {
    const bad = [
      { initiativeId: 1, name: 'x', extra: 1 },
      { initiativeId: 1, name: '   ' },
      { initiativeId: 1, name: 'x', direction: 'sideways' },
      { initiativeId: 1, name: 'x', baselineDate: '2026-02-30' },
      { initiativeId: 1, name: 'x', targetValue: Number.POSITIVE_INFINITY },
      { initiativeId: 1, name: 'x', baselineValue: Number.NaN },
    ];
    for (const b of bad) expect(kpiCreateInput.safeParse(b).success, JSON.stringify(b)).toBe(false);
  });
});

describe('kpiUpdateInput and measurements', () => {
  it('checks the dates inside a patch on patch.targetDate', () => {
    const r = kpiUpdateInput.safeParse({ id: 1, patch: { baselineDate: '2026-05-01', targetDate: '2026-04-01' } });
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['patch.targetDate']);
  });

  it('kpiDateIssue ignores missing dates', () => {
    expect(kpiDateIssue({ baselineDate: null, targetDate: '2020-01-01' })).toBeNull();
    expect(kpiDateIssue({ baselineDate: '2021-01-01', targetDate: '2020-01-01' })).toMatch(/before/);
  });

  it('a measurement needs a real period end and a number', () => {
    expect(measurementAddInput.parse({ kpiId: 3, periodEnd: '2026-01-31', value: 4.5 })).toEqual({
      kpiId: 3,
      periodEnd: '2026-01-31',
      value: 4.5,
      source: '',
    });
    expect(measurementAddInput.safeParse({ kpiId: 3, periodEnd: '2026-1-31', value: 1 }).success).toBe(false);
    expect(measurementAddInput.safeParse({ kpiId: 3, periodEnd: '2026-01-31', value: '1' }).success).toBe(false);
  });
});
