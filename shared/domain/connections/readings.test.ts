import { describe, expect, it } from 'vitest';
import { olsSlopeShare, staleAfterSec } from './readings';

describe('staleAfterSec', () => {
  it('is three poll intervals with a 15 minute floor, a day without a connection', () => {
    expect(staleAfterSec(60)).toBe(900);
    expect(staleAfterSec(600)).toBe(1800);
    expect(staleAfterSec(null)).toBe(86_400);
  });
});

describe('olsSlopeShare', () => {
  it('gives the rise over the window as a share of the mean', () => {
    // y = 10 + x over 28 days: slope 1/day, 28 over the window, mean 23.5.
    const x = Array.from({ length: 28 }, (_, i) => i);
    expect(
      olsSlopeShare(
        x,
        x.map((d) => 10 + d),
        28,
      ),
    ).toBeCloseTo(28 / 23.5, 10);
    expect(
      olsSlopeShare(
        x,
        x.map(() => 5),
        28,
      ),
    ).toBe(0);
    expect(
      olsSlopeShare(
        x,
        x.map((d) => 50 - d),
        28,
      ),
    ).toBeLessThan(0);
  });

  it('is null with too few points or a zero mean', () => {
    expect(olsSlopeShare([1], [1], 28)).toBeNull();
    expect(olsSlopeShare([1, 2], [0, 0], 28)).toBeNull();
  });
});
