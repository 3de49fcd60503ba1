// The shared mapping code (shared/domain/import) against the real federal inventories; here because reading
// the files needs node:fs, which shared/ must not import.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FLIGHTDECK_COLUMNS } from '../../../shared/domain/import/columns';
import { fitProfiles, resolveRules } from '../../../shared/domain/import/fit';
import { BUILT_IN_PROFILES } from '../../../shared/domain/import/profiles';
import { suggestProfile } from '../../../shared/domain/import/suggest';
import { DHS_2025_HEADERS, TREASURY_2025_HEADERS } from '../../../shared/domain/import/testdata';
import { mappingProfileSchema, type ProfileInfo } from '../../../shared/domain/import/types';

const DATASETS = new URL('../testing/fixtures/datasets/', import.meta.url);

function csvRows(file: string): string[][] {
  return parse(readFileSync(new URL(file, DATASETS), 'utf8').replace(/^\uFEFF/, ''), {
    relax_column_count: true,
  }) as string[][];
}

const HEADERS_2024 = (csvRows('2024-consolidated.csv')[0] ?? []).map((h) => h.trim());
const FLIGHTDECK_HEADERS = FLIGHTDECK_COLUMNS.map((c) => c.header);

describe('built-in profiles', () => {
  it('are valid mapping profiles', () => {
    for (const p of BUILT_IN_PROFILES) {
      const { id: _id, builtIn: _b, ...profile } = p;
      expect(mappingProfileSchema.parse(profile)).toEqual(profile);
    }
    expect(BUILT_IN_PROFILES.map((p) => p.id)).toEqual([
      'builtin:flightdeck',
      'builtin:federal-2024',
      'builtin:federal-2025',
    ]);
  });

  it('copies the real 2025 Treasury header row (trimmed, as the reader gives it)', () => {
    expect(csvRows('2025-treasury-raw.csv')[1]?.map((h) => h.trim())).toEqual(TREASURY_2025_HEADERS);
  });

  it.each([
    ['2024 consolidated', HEADERS_2024, 'builtin:federal-2024'],
    ['2025 Treasury', TREASURY_2025_HEADERS, 'builtin:federal-2025'],
    ['2025 DHS', DHS_2025_HEADERS, 'builtin:federal-2025'],
    ["Flightdeck's own export", FLIGHTDECK_HEADERS, 'builtin:flightdeck'],
  ])('the %s headers fit %s best, fully, and no other profile', (_what, headers, id) => {
    const fits = fitProfiles(BUILT_IN_PROFILES, headers);
    expect(fits[0]).toMatchObject({ profileId: id, usable: true, score: 1, missing: [] });
    for (const other of fits.slice(1)) expect(other.usable).toBe(false);
  });

  it('finds every 2025 rule column in both agencies’ files, despite DHS’s longer headers', () => {
    const p = BUILT_IN_PROFILES.find((x) => x.id === 'builtin:federal-2025')!;
    // As written, and as the sheet reader gives them (whitespace runs collapsed).
    const collapsed = (hs: readonly string[]) => hs.map((h) => h.replace(/\s+/g, ' ').trim());
    for (const headers of [
      TREASURY_2025_HEADERS,
      DHS_2025_HEADERS,
      collapsed(TREASURY_2025_HEADERS),
      collapsed(DHS_2025_HEADERS),
    ]) {
      for (const r of resolveRules(p.columns, headers)) {
        expect(r.columns.length, r.field).toBe(p.columns.find((c) => c.field === r.field)!.headers.length);
      }
    }
  });

  it('lists what the best profile reads and what it leaves', () => {
    const [fit] = fitProfiles(BUILT_IN_PROFILES, HEADERS_2024);
    expect(fit?.matched).toEqual([
      '2_use_case_name',
      '3_abr',
      '4_bureau',
      '8_topic_area',
      '11_purpose_benefits',
      '12_outputs',
      '16_dev_stage',
      '17_impact_type',
      '18_date_initiated',
      '19_date_acq_dev_began',
      '21_date_retired',
    ]);
    expect(fit?.unmatched).toHaveLength(HEADERS_2024.length - 11);
    expect(fit?.unmatched).toContain('20_date_implemented');
  });

  it('refuses a sheet that only shares a "Name" column', () => {
    const fits = fitProfiles(BUILT_IN_PROFILES, ['Name', 'Age', 'City']);
    expect(fits.every((f) => !f.usable)).toBe(true);
    const fd = fits.find((f) => f.profileId === 'builtin:flightdeck');
    expect(fd?.matched).toEqual(['Name']);
    expect(fd?.unmatched).toEqual(['Age', 'City']);
    expect(fd?.missing).toContain('businessUnit');
  });

  it('is not usable without the name column, however much else matches', () => {
    const headers = FLIGHTDECK_HEADERS.filter((h) => h !== 'Name');
    const fd = fitProfiles(BUILT_IN_PROFILES, headers).find((f) => f.profileId === 'builtin:flightdeck');
    expect(fd).toMatchObject({ usable: false, missing: ['name'] });
    expect(fd?.score).toBeGreaterThan(0.8);
  });

  it('matches headers whatever their case, spacing and punctuation', () => {
    const headers = FLIGHTDECK_HEADERS.map((h) => `  ${h.toUpperCase().replace(/ /g, '_')} `);
    expect(fitProfiles(BUILT_IN_PROFILES, headers)[0]).toMatchObject({ profileId: 'builtin:flightdeck', score: 1 });
  });

  it('puts a saved profile before a built-in one on equal terms', () => {
    const saved: ProfileInfo = {
      ...BUILT_IN_PROFILES[0]!,
      id: 'saved:3',
      name: 'My export',
      builtIn: false,
    };
    const fits = fitProfiles([...BUILT_IN_PROFILES, saved], FLIGHTDECK_HEADERS);
    expect(fits.map((f) => f.profileId).slice(0, 2)).toEqual(['saved:3', 'builtin:flightdeck']);
  });

  it('lets a small saved profile fit when it finds most of what it expects', () => {
    const saved: ProfileInfo = {
      ...BUILT_IN_PROFILES[0]!,
      id: 'saved:4',
      name: 'Projects',
      columns: [
        { field: 'name', headers: ['Project'] },
        { field: 'businessUnit', headers: ['Dept'] },
      ],
    };
    const [fit] = fitProfiles([...BUILT_IN_PROFILES, saved], ['Project', 'Dept', 'Budget']);
    expect(fit).toMatchObject({ profileId: 'saved:4', usable: true, unmatched: ['Budget'] });
  });
});

describe('suggestProfile', () => {
  const mapped = (headers: string[]) =>
    Object.fromEntries(suggestProfile(headers).columns.map((c) => [c.field, c.headers.join('|')]));

  it('maps common headers by similarity, each header once', () => {
    expect(
      mapped(['Project', 'Owner', 'Department', 'Stage', 'Start date', 'End date', 'Risk', 'Notes', 'Budget']),
    ).toEqual({
      name: 'Project',
      sponsor: 'Owner',
      businessUnit: 'Department',
      phase: 'Stage',
      plannedStart: 'Start date',
      plannedEnd: 'End date',
      riskTier: 'Risk',
      description: 'Notes',
    });
  });

  it('keeps Status as the status beside a phase column, and reads a lone Status as the phase', () => {
    expect(mapped(['Use case', 'Phase', 'Status'])).toEqual({ name: 'Use case', phase: 'Phase', status: 'Status' });
    expect(mapped(['Initiative', 'Status', 'BU'])).toEqual({ name: 'Initiative', phase: 'Status', businessUnit: 'BU' });
  });

  it('prefers the exact header when two could name a field', () => {
    expect(mapped(['Project name', 'Project status', 'Business unit', 'Tech lead', 'Go-live date'])).toEqual({
      name: 'Project name',
      phase: 'Project status',
      businessUnit: 'Business unit',
      techLead: 'Tech lead',
      plannedEnd: 'Go-live date',
    });
  });

  it("never reads a sheet's own ID column as Flightdeck ids", () => {
    expect(mapped(['ID', 'Name'])).toEqual({ name: 'Name' });
  });

  it('is named and valid', () => {
    const p = suggestProfile(['Name', 'Age', 'City']);
    expect(p.name).toBe('Suggested mapping');
    expect(mappingProfileSchema.parse(p)).toEqual(p);
    expect(p.columns).toEqual([{ field: 'name', headers: ['Name'] }]);
  });
});
