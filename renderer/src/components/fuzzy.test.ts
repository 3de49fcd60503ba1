import { describe, expect, it } from 'vitest';
import { fuzzyScore } from './fuzzy';

describe('fuzzyScore', () => {
  it('rejects text missing a letter', () => {
    expect(fuzzyScore('xyz', 'New initiative')).toBe(-1);
  });
  it('ranks a substring above a scattered match', () => {
    expect(fuzzyScore('new', 'New initiative')).toBeGreaterThan(fuzzyScore('new', 'Never mind the weather'));
  });
  it('matches an in-order subsequence', () => {
    expect(fuzzyScore('nwi', 'New initiative')).toBeGreaterThan(0);
  });
  it('treats an empty query as a neutral match', () => {
    expect(fuzzyScore('  ', 'anything')).toBe(0);
  });
});
