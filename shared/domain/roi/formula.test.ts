import { describe, expect, it } from 'vitest';
import { buildFormula, driverRefs, parseFormula, type Evaluator } from './formula';

// Drivers a = 2, b = 5 (value drivers), s = a series with base 10 / 20 / 30 for years 1..3 × its multiplier.
const values = Float64Array.from([2, 5, 1.5]);
const seriesBase = [10, 10, 20, 30];
const resolve = (key: string): Evaluator | null =>
  key === 'a' ? (v) => v[0]! : key === 'b' ? (v) => v[1]! : key === 's' ? (v, y) => seriesBase[y]! * v[2]! : null;

function evaluate(text: string, year = 1): number {
  const c = buildFormula(text, resolve);
  if (!c.ok) throw new Error(c.error.message);
  return c.fn(values, year);
}

function errorOf(text: string): string {
  const c = buildFormula(text, resolve);
  if (c.ok) throw new Error(`expected an error for ${text}`);
  return c.error.message;
}

describe('formula: evaluation', () => {
  it('reads numbers in the usual notations', () => {
    expect(evaluate('42')).toBe(42);
    expect(evaluate('1.5')).toBe(1.5);
    expect(evaluate('.25')).toBe(0.25);
    expect(evaluate('1e6')).toBe(1e6);
    expect(evaluate('2.5E-3')).toBe(0.0025);
  });
  it('follows precedence, associativity and parentheses', () => {
    expect(evaluate('1 + 2 * 3')).toBe(7);
    expect(evaluate('(1 + 2) * 3')).toBe(9);
    expect(evaluate('10 - 4 - 3')).toBe(3);
    expect(evaluate('12 / 3 / 2')).toBe(2);
    expect(evaluate('2 * -3')).toBe(-6);
    expect(evaluate('--4')).toBe(4);
    expect(evaluate('-a * b')).toBe(-10);
    expect(evaluate('+a')).toBe(2);
  });
  it('reads drivers by index, series as base for the year × multiplier', () => {
    expect(evaluate('a * b + 1')).toBe(11);
    expect(evaluate('s', 1)).toBe(15);
    expect(evaluate('s', 3)).toBe(45);
    expect(evaluate('s * (1 - a / 10)', 2)).toBeCloseTo(24, 12);
  });
  it('has min and max of two values', () => {
    expect(evaluate('min(a, b)')).toBe(2);
    expect(evaluate('max(a, b * 2)')).toBe(10);
    expect(evaluate('MIN(3, max(1, 2))')).toBe(2);
  });
  it('folds constants and says so', () => {
    const c = buildFormula('3000 * 3 / 1e6', resolve);
    expect(c.ok && c.constant).toBe(true);
    expect(c.ok && c.fn(values, 1)).toBeCloseTo(0.009, 15);
    const d = buildFormula('a * 2', resolve);
    expect(d.ok && d.constant).toBe(false);
  });
  it('lets division by zero through as Infinity for the caller to report with the line named', () => {
    expect(evaluate('a / (b - 5)')).toBe(Infinity);
  });
  it('lists driver references with their positions', () => {
    const p = parseFormula('a + max(b, a)');
    expect(p.ok && driverRefs(p.ast)).toEqual([
      { key: 'a', position: 1 },
      { key: 'b', position: 9 },
      { key: 'a', position: 12 },
    ]);
  });
});

describe('formula: errors', () => {
  it('names an unknown driver and where it is (1-based)', () => {
    expect(errorOf('2400 * tickts')).toBe('Unknown driver ‘tickts’ at position 8');
    expect(errorOf('tickts')).toBe('Unknown driver ‘tickts’ at position 1');
  });
  it('points at unexpected characters and tokens', () => {
    expect(errorOf('a + )')).toBe('Unexpected ‘)’ at position 5');
    expect(errorOf('a b')).toBe('Unexpected ‘b’ at position 3');
    expect(errorOf('(a + b))')).toBe('Unexpected ‘)’ at position 8');
    expect(errorOf('a % 2')).toBe('Unexpected ‘%’ at position 3');
    expect(errorOf('a * * b')).toBe('Unexpected ‘*’ at position 5');
  });
  it('says when the formula stops early', () => {
    expect(errorOf('a +')).toBe('Unexpected end of formula');
    expect(errorOf('(a + b')).toBe('Missing ‘)’ at the end');
    expect(errorOf('   ')).toBe('Enter a number or a formula');
  });
  it('knows only min and max, with two arguments', () => {
    expect(errorOf('sqrt(a)')).toBe('Unknown function ‘sqrt’ at position 1');
    expect(errorOf('min(a)')).toBe('min() needs two values, as in min(a, b)');
    expect(errorOf('max(a, b, 3)')).toBe('Unexpected ‘,’ at position 9');
  });
  it('never runs code: names that are not drivers are just unknown drivers', () => {
    expect(errorOf('constructor')).toBe('Unknown driver ‘constructor’ at position 1');
    expect(errorOf('process.exit')).toBe('Unexpected ‘.’ at position 8');
  });
});
