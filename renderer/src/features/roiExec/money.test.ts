import { describe, expect, it } from 'vitest';
import { money } from './money';

describe('money', () => {
  it('writes three significant figures with a scale', () => {
    expect(money(36_030_000)).toBe('$36M');
    expect(money(4_493_000)).toBe('$4.49M');
    expect(money(-14_040_000)).toBe('−$14M');
    expect(money(1_234_567)).toBe('$1.23M');
    expect(money(-575_400)).toBe('−$575k');
    expect(money(45_250)).toBe('$45.3k');
    expect(money(9_980_000_000)).toBe('$9.98B');
    expect(money(1_234_000_000_000)).toBe('$1,230B');
    expect(money(950)).toBe('$950');
  });

  it('rounds into the next scale instead of writing $1,000k', () => {
    expect(money(999_600)).toBe('$1M');
    expect(money(999.7)).toBe('$1k');
  });

  it('never shows NaN, Infinity or −$0', () => {
    expect(money(Number.NaN)).toBe('—');
    expect(money(Infinity)).toBe('—');
    expect(money(null)).toBe('—');
    expect(money(-0.2)).toBe('$0');
    expect(money(0)).toBe('$0');
  });
});
