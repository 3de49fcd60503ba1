import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { clip, day, escapeHtml, money, pct, throwIfAborted, toDate } from './format';

describe('escapeHtml', () => {
  it('turns markup into text', () => {
    expect(escapeHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml(`"><img src=x onerror='a'>&amp;`)).toBe(
      '&quot;&gt;&lt;img src=x onerror=&#39;a&#39;&gt;&amp;amp;',
    );
    expect(escapeHtml('`${x}`')).toBe('&#96;${x}&#96;');
  });

  it('keeps unicode, drops control characters, and prints nothing for null', () => {
    expect(escapeHtml('Prévision — 需求预测 ✓')).toBe('Prévision — 需求预测 ✓');
    expect(escapeHtml('a\u0000b\u0007c\td\ne')).toBe('abc\td\ne');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(42)).toBe('42');
  });
});

describe('formatting', () => {
  it('formats money compactly and survives an unknown currency', () => {
    expect(money(1_234_567, 'USD')).toBe('$1.2M');
    expect(money(0, 'USD')).toBe('$0');
    expect(money(null, 'USD')).toBe('–');
    expect(money(1500, 'XQQ')).toMatch(/1\.5K/);
    expect(money(1500, 'not a code')).toBe('1.5K not a code');
  });

  it('formats percentages, days and clips text', () => {
    expect(pct(12.345, 1)).toBe('12.3%');
    expect(pct(null)).toBe('–');
    expect(day('2026-03-31T10:00:00Z')).toBe('2026-03-31');
    expect(day(null)).toBe('–');
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('需求预测需求预测', 3)).toBe('需求…');
  });

  it('makes real dates from ISO days and date-times', () => {
    expect(toDate('2026-03-31')?.toISOString()).toBe('2026-03-31T00:00:00.000Z');
    expect(toDate('2026-03-31T08:30:00.000Z')?.toISOString()).toBe('2026-03-31T08:30:00.000Z');
    expect(toDate('not a date')).toBeNull();
    expect(toDate(null)).toBeNull();
  });

  it('throws CANCELLED once the signal is aborted', () => {
    const c = new AbortController();
    expect(() => throwIfAborted(c.signal)).not.toThrow();
    c.abort();
    expect(() => throwIfAborted(c.signal)).toThrow(AppError);
    try {
      throwIfAborted(c.signal);
    } catch (e) {
      expect((e as AppError).code).toBe('CANCELLED');
    }
  });
});
