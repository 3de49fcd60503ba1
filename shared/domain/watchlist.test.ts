import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGNAL_THRESHOLDS } from './governance/signals';
import { mergeThresholds, minimalOverrides, parseStoredOverrides, thresholdOverrides } from './signalThresholds';
import { effectiveState, seenToday, type StoredLifecycle } from './watchlist';

const row = (over: Partial<StoredLifecycle>): StoredLifecycle => ({
  state: 'open',
  firstSeen: '2026-02-01',
  lastSeen: '2026-02-10',
  snoozedUntil: null,
  decidedDay: '2026-02-05',
  ...over,
});

describe('signal lifecycle rules', () => {
  it('a new signal is open, first and last seen today', () => {
    expect(seenToday(undefined, '2026-03-01')).toEqual({
      state: 'open',
      firstSeen: '2026-03-01',
      lastSeen: '2026-03-01',
      snoozedUntil: null,
    });
  });

  it('open and acknowledged keep their state and first-seen day; last seen moves on', () => {
    for (const state of ['open', 'acknowledged'] as const) {
      expect(seenToday(row({ state }), '2026-03-01')).toEqual({
        state,
        firstSeen: '2026-02-01',
        lastSeen: '2026-03-01',
        snoozedUntil: null,
      });
    }
  });

  it('a snooze hides until its day (exclusive) and is over on it', () => {
    const snoozed = row({ state: 'snoozed', snoozedUntil: '2026-03-01' });
    expect(effectiveState(snoozed, '2026-02-28')).toBe('snoozed');
    expect(effectiveState(snoozed, '2026-03-01')).toBe('open');
    expect(seenToday(snoozed, '2026-02-28').snoozedUntil).toBe('2026-03-01');
    expect(seenToday(snoozed, '2026-03-01')).toMatchObject({
      state: 'open',
      snoozedUntil: null,
      firstSeen: '2026-02-01',
    });
  });

  it('resolved stays resolved on its day and reopens as a new episode on a later one', () => {
    const resolved = row({ state: 'resolved', decidedDay: '2026-03-01' });
    expect(seenToday(resolved, '2026-03-01').state).toBe('resolved');
    expect(seenToday(resolved, '2026-03-02')).toEqual({
      state: 'open',
      firstSeen: '2026-03-02',
      lastSeen: '2026-03-02',
      snoozedUntil: null,
    });
  });
});

describe('threshold overrides', () => {
  it('merge field by field over the defaults; null turns a phase budget off', () => {
    const m = mergeThresholds({
      timeInPhase: { STRATEGY: { warnDays: 10 }, MONITOR_OBSERVE: null },
      kpiCadenceDays: { WEEKLY: 8 },
      scopeChurnMaxChanges: 4,
    });
    expect(m.timeInPhase.STRATEGY).toEqual({ warnDays: 10, critDays: 90 });
    expect(m.timeInPhase.MONITOR_OBSERVE).toBeNull();
    expect(m.kpiCadenceDays).toEqual({ ...DEFAULT_SIGNAL_THRESHOLDS.kpiCadenceDays, WEEKLY: 8 });
    expect(m.scopeChurnMaxChanges).toBe(4);
    expect(mergeThresholds({})).toEqual(DEFAULT_SIGNAL_THRESHOLDS);
  });

  it('keeps only what differs from the defaults', () => {
    expect(minimalOverrides({ scopeChurnMaxChanges: 2, severityWeights: { info: 1, warning: 4 } })).toEqual({
      severityWeights: { warning: 4 },
    });
  });

  it('refuses out-of-range values and inconsistent pairs, naming the field', () => {
    const paths = (v: unknown) => thresholdOverrides.safeParse(v).error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths({ scopeChurnWindowDays: 0 })).toEqual(['scopeChurnWindowDays']);
    expect(paths({ conversionBenchmark: 2 })).toEqual(['conversionBenchmark']);
    expect(paths({ timeInPhase: { DEPLOY: { warnDays: 1 } } })).toEqual(['timeInPhase']);
    expect(paths({ timeInPhase: { PRODUCTION_DEPLOY: { critDays: 20 } } })).toEqual([
      'timeInPhase.PRODUCTION_DEPLOY.critDays',
    ]);
    expect(paths({ burnIndexWarn: 2 })).toEqual(['burnIndexWarn']);
    expect(paths({ severityWeights: { info: 5 } })).toEqual(['severityWeights.info']);
    expect(paths({ timeInPhase: { STRATEGY: { warnDays: 30, critDays: 60 } } })).toEqual([]);
  });

  it('reads a stored value it cannot use as an error, not as thresholds', () => {
    expect(parseStoredOverrides(null)).toEqual({ ok: true, overrides: {} });
    expect(parseStoredOverrides('{').ok).toBe(false);
    expect(parseStoredOverrides('{"kpiMissedCadences":0}').ok).toBe(false);
  });
});
