import { describe, expect, it } from 'vitest';
import { compactMoney, money, months, percent, plainNumber, signed } from './format';

describe('simulation formats', () => {
  it('never shows NaN or Infinity', () => {
    for (const f of [money, compactMoney, percent, months, plainNumber]) {
      expect(f(Number.NaN)).toBe('—');
      expect(f(Number.POSITIVE_INFINITY)).toBe('—');
      expect(f(null)).toBe('—');
    }
    expect(signed(Number.NaN, money)).toBe('—');
  });
  it('formats money, compact money, percentages and differences', () => {
    expect(money(1234567.4)).toBe('$1,234,567');
    expect(money(-1500)).toBe('\u2212$1,500');
    expect(compactMoney(1_250_000)).toBe('$1.3M');
    expect(compactMoney(-350_000)).toBe('\u2212$350k');
    expect(compactMoney(2_000)).toBe('$2k');
    expect(compactMoney(0)).toBe('$0');
    expect(percent(0.1234)).toBe('12.3 %');
    expect(percent(-0.05, 0)).toBe('\u22125 %');
    expect(signed(1200, money)).toBe('+$1,200');
    expect(signed(-300, money)).toBe('\u2212$300');
    expect(signed(0, money)).toBe('±$0');
    expect(plainNumber(0.123456)).toBe('0.1235');
    expect(plainNumber(12500)).toBe('12,500');
  });
});
