import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../../store/filters';
import { baseName, formatBytes, newJobId, packFilterFromFilters, progressText, shortHash } from './exportFormat';
import { peopleCsv } from './peopleCsv';
import { spendCsv } from './spendCsv';
import { watchlistCsv } from './watchlistCsv';

describe('packFilterFromFilters', () => {
  it('passes phase, business unit and archived, and names the filters a pack cannot apply', () => {
    const out = packFilterFromFilters({
      ...EMPTY_FILTERS,
      phase: 'ARCHITECTURE',
      businessUnit: 'Claims',
      showArchived: true,
      text: 'fraud',
      status: 'active',
    });
    expect(out.filter).toEqual({ phases: ['ARCHITECTURE'], businessUnits: ['Claims'], includeArchived: true });
    expect(out.applied).toEqual(['Phase 3. Architecture', 'Business unit Claims', 'Archived included']);
    expect(out.ignored).toEqual(['search text', 'status']);
  });

  it('is empty without filters', () => {
    expect(packFilterFromFilters(EMPTY_FILTERS)).toEqual({ filter: {}, applied: [], ignored: [] });
  });
});

describe('formatting', () => {
  it('sizes, hashes, names and progress', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_234)).toBe('1.2 kB');
    expect(formatBytes(45_600)).toBe('46 kB');
    expect(formatBytes(3_400_000)).toBe('3.4 MB');
    expect(formatBytes(-1)).toBe('—');
    expect(shortHash('a'.repeat(64))).toBe('aaaaaaaaaaaa');
    expect(baseName('/tmp/out/pack.pdf')).toBe('pack.pdf');
    expect(baseName('C:\\Users\\me\\pack.pptx')).toBe('pack.pptx');
    expect(progressText(null)).toBe('Starting…');
    expect(progressText({ phase: 'collecting', done: 0, total: 3 })).toBe('Collecting the figures · step 1 of 3');
    expect(progressText({ phase: 'rendering', done: 1, total: 3 })).toBe('Rendering the file · step 2 of 3');
    expect(progressText({ phase: 'done', done: 3, total: 3 })).toBe('Done · step 3 of 3');
    expect(progressText({ phase: 'reading rows', done: 999, total: 1200 })).toBe('Reading rows · step 1,000 of 1,200');
    expect(progressText({ phase: 'writing', done: 0, total: 0 })).toBe('Writing the file');
  });

  it('job ids are unique', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newJobId('pack')));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(100);
  });
});

describe('table CSVs', () => {
  it('people: the visible columns, one row each, numbers as numbers', () => {
    const t = peopleCsv([
      {
        id: 1,
        name: '=HYPERLINK("x")',
        title: 'CFO',
        businessUnit: 'Finance',
        email: 'a@b.c',
        ownedCount: 3,
      } as Parameters<typeof peopleCsv>[0][number],
    ]);
    expect(t.columns).toEqual(['Name', 'Title', 'Business unit', 'Email', 'Owned roles']);
    // Neutralising formula-like text is the core's job (it writes the file); the renderer sends what it shows.
    expect(t.rows).toEqual([['=HYPERLINK("x")', 'CFO', 'Finance', 'a@b.c', 3]]);
  });

  it('spend: rows biggest first as given, then the total; shares in percent', () => {
    const t = spendCsv(
      'Initiative',
      90,
      [
        { label: 'A', total: 75.456 },
        { label: 'B', total: 24.544 },
      ],
      100,
    );
    expect(t.defaultName).toBe('spend-by-initiative-90d');
    expect(t.columns).toEqual(['Initiative', 'Spend (USD)', 'Share (%)']);
    expect(t.rows).toEqual([
      ['A', 75.46, 75.5],
      ['B', 24.54, 24.5],
      ['Total', 100, 100],
    ]);
    expect(spendCsv('Model', 30, [{ label: 'x', total: 0 }], 0).rows[0]).toEqual(['x', 0, null]);
  });

  it('watchlist: one row per signal with the initiative repeated', () => {
    const signal = {
      initiativeId: 7,
      initiativeName: 'Claims triage',
      ruleId: 'time_in_phase',
      severity: 'high',
      value: 200,
      threshold: 120,
      message: '200 days in phase',
      state: 'snoozed',
      firstSeen: '2026-10-01',
      lastSeen: null,
      snoozedUntil: '2026-12-01',
      note: '',
    } as unknown as Parameters<typeof watchlistCsv>[0][number]['signals'][number];
    const t = watchlistCsv([
      {
        name: 'Claims triage',
        entry: { score: 9, phase: 'DEVELOP_VALIDATE' },
        signals: [signal, { ...signal, state: 'open', message: 'No KPI baseline' }],
      },
    ]);
    expect(t.rows).toEqual([
      [9, 'Claims triage', 'Build & validate', 'high', '200 days in phase', 'Snoozed to 2026-12-01', '2026-10-01', ''],
      [9, 'Claims triage', 'Build & validate', 'high', 'No KPI baseline', 'Open', '2026-10-01', ''],
    ]);
  });
});
