import { describe, expect, it } from 'vitest';
import {
  formatMoney,
  formatMoneyCompact,
  formatMonths,
  formatMultiplier,
  formatNumber,
  formatPercent,
  fractionToPercentText,
  numberText,
  parseNumber,
  percentTextToFraction,
} from './roiFormat';

const NOT_NUMBERS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null, undefined];

describe('ROI formatting', () => {
  it('never shows NaN or Infinity: unknowns are a dash', () => {
    for (const x of NOT_NUMBERS) {
      for (const f of [formatMoney, formatMoneyCompact, formatPercent, formatMonths, formatNumber, formatMultiplier]) {
        expect(f(x)).toBe('—');
      }
    }
  });
  it('writes money in whole dollars with a real minus sign', () => {
    expect(formatMoney(1_443_745.4)).toBe('$1,443,745');
    expect(formatMoney(-630_000)).toBe('−$630,000');
    expect(formatMoney(-0.2)).toBe('$0');
    expect(formatMoneyCompact(2_720_556)).toBe('$2.72M');
    expect(formatMoneyCompact(-1_110_000)).toBe('−$1.11M');
    expect(formatMoneyCompact(845_300)).toBe('$845k');
    expect(formatMoneyCompact(999_700)).toBe('$1M');
    expect(formatMoneyCompact(950)).toBe('$950');
    expect(formatMoneyCompact(-0.3)).toBe('$0');
    expect(formatMoneyCompact(3_200_000_000)).toBe('$3.2B');
  });
  it('writes fractions as percentages and months to one decimal', () => {
    expect(formatPercent(0.526)).toBe('52.6 %');
    expect(formatPercent(1.1146, 0)).toBe('111 %');
    expect(formatPercent(-0.25)).toBe('−25.0 %');
    expect(formatPercent(-0.00001)).toBe('0.0 %');
    expect(formatMonths(14.7649)).toBe('14.8 months');
    expect(formatMultiplier(0.3912)).toBe('0.391×');
  });
  it('reads typed numbers, refusing what is not one', () => {
    expect(parseNumber('2,400,000')).toBe(2_400_000);
    expect(parseNumber(' 1_000 ')).toBe(1000);
    expect(parseNumber('−3')).toBe(-3);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('1e3')).toBe(1000);
    for (const bad of ['', 'abc', '1.2.3', '1e400', '--1', '5%x']) expect(parseNumber(bad)).toBeNull();
  });
  it('round-trips percent inputs without float noise', () => {
    expect(fractionToPercentText(0.1)).toBe('10');
    expect(fractionToPercentText(0.075)).toBe('7.5');
    expect(fractionToPercentText(0.15)).toBe('15');
    expect(percentTextToFraction('12.5')).toBe(0.125);
    expect(percentTextToFraction('7 %')).toBe(0.07);
    expect(percentTextToFraction('x')).toBeNull();
    expect(numberText(0.1 + 0.2)).toBe('0.3');
  });
});
