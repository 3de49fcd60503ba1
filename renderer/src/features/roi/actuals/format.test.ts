import { describe, expect, it } from 'vitest';
import type { PlanVsActualPeriod } from '../../../../../shared/domain/roiActuals';
import { axisLabels } from './PlanVsActualChart';
import { formatVariance } from './summary';

describe('plan vs actual formatting', () => {
  it('writes a variance with its sign and never NaN or Infinity', () => {
    expect(formatVariance(12_500)).toBe('+$12,500');
    expect(formatVariance(-655)).toBe('−$655');
    expect(formatVariance(0)).toBe('$0');
    expect(formatVariance(0.2)).toBe('$0');
    expect(formatVariance(null)).toBe('—');
    expect(formatVariance(Number.NaN)).toBe('—');
    expect(formatVariance(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('labels the axis by year, or by month for monthly plans', () => {
    const period = (index: number, fromMonth: string | null, label: string) =>
      ({ index, fromMonth, label }) as PlanVsActualPeriod;
    const periods = [period(0, null, 'Before 2026-01'), period(1, '2026-01', 'Year 1'), period(2, '2027-01', 'Year 2')];
    expect(axisLabels(periods, false)).toEqual(['Before', 'Y1', 'Y2']);
    expect(axisLabels(periods, true)).toEqual(['Before', '2026-01', '2027-01']);
  });
});
