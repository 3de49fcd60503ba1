import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/random';
import { isoDay, isoStamp } from './stamps';

describe('demo stamps', () => {
  it('format exactly like toISOString, across days, years and before 1970', () => {
    const u = seededRandom(99);
    const cases = [
      0,
      -1,
      1,
      86_399_999,
      86_400_000,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(1969, 11, 31, 12),
    ];
    for (let i = 0; i < 20_000; i++) cases.push(Math.floor((u() - 0.3) * 4e12));
    for (const ms of cases) {
      expect(isoStamp(ms)).toBe(new Date(ms).toISOString());
      expect(isoDay(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
    }
  });

  it('truncates fractional milliseconds toward zero, as Date does', () => {
    for (const ms of [1.9, -1.5, -86_400_000.5]) expect(isoStamp(ms)).toBe(new Date(ms).toISOString());
  });
});
