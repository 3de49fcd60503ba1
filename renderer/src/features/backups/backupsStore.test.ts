import { describe, expect, it } from 'vitest';
import type { BackupInfo } from '../../../../shared/domain/workspace';
import { formatSize, isRestorable, relativeTime, validateSettings } from './backupsStore';

const NOW = new Date('2026-11-01T09:00:00.000Z');

describe('relativeTime', () => {
  it('says how long ago in the largest whole unit', () => {
    expect(relativeTime('2026-11-01T08:59:40.000Z', NOW)).toBe('just now');
    expect(relativeTime('2026-11-01T08:55:00.000Z', NOW)).toBe('5 minutes ago');
    expect(relativeTime('2026-11-01T06:00:00.000Z', NOW)).toBe('3 hours ago');
    expect(relativeTime('2026-10-31T09:00:00.000Z', NOW)).toBe('yesterday');
    expect(relativeTime('2026-10-11T09:00:00.000Z', NOW)).toBe('3 weeks ago');
  });
  it('shows a time it cannot read as given', () => {
    expect(relativeTime('not a time', NOW)).toBe('not a time');
  });
});

describe('formatSize', () => {
  it('uses decimal units with one decimal below 10', () => {
    expect(formatSize(999)).toBe('999 B');
    expect(formatSize(1_900_000)).toBe('1.9 MB');
    expect(formatSize(45_000_000)).toBe('45 MB');
    expect(formatSize(-1)).toBe('—');
  });
});

describe('isRestorable', () => {
  const b = (ok: boolean | null) => ({ ok }) as BackupInfo;
  it('refuses only backups whose check failed', () => {
    expect([b(true), b(null), b(false)].map(isRestorable)).toEqual([true, true, false]);
  });
});

describe('validateSettings', () => {
  it('accepts whole numbers within the limits', () => {
    expect(validateSettings({ enabled: false, keep: ' 7 ', intervalMinutes: '90' })).toEqual({
      value: { enabled: false, keep: 7, intervalMinutes: 90 },
      errors: {},
    });
    expect(validateSettings({ enabled: true, keep: '1', intervalMinutes: '1440' }).value).not.toBeNull();
    expect(validateSettings({ enabled: true, keep: '100', intervalMinutes: '5' }).value).not.toBeNull();
  });
  it('names the range for anything else, field by field', () => {
    for (const keep of ['0', '101', '2.5', '', 'ten', '-3', '1e2']) {
      const r = validateSettings({ enabled: true, keep, intervalMinutes: '30' });
      expect(r.value, keep).toBeNull();
      expect(r.errors.keep).toBe('Enter a whole number from 1 to 100.');
      expect(r.errors.intervalMinutes).toBeUndefined();
    }
    for (const interval of ['4', '1441', '30.5']) {
      const r = validateSettings({ enabled: true, keep: '10', intervalMinutes: interval });
      expect(r.value, interval).toBeNull();
      expect(r.errors.intervalMinutes).toContain('from 5 to 1440');
    }
  });
});
