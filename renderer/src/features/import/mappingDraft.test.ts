import { describe, expect, it } from 'vitest';
import { mappingProfileSchema, type MappingProfile } from '../../../../shared/domain/import/types';
import {
  absentHeaders,
  draftFromProfile,
  draftProblem,
  keyNote,
  normalizeHeader,
  profileFromDraft,
  sameDraft,
  setDefault,
  setFieldColumn,
  unmappedHeaders,
} from './mappingDraft';

const profile: MappingProfile = mappingProfileSchema.parse({
  name: 'Agency sheet',
  description: 'Two columns and a fallback',
  columns: [
    { field: 'name', headers: ['use case name'] },
    { field: 'businessUnit', headers: ['Bureau', 'Agency'] },
    { field: 'description', headers: ['Summary', 'Purpose and benefits'] },
    { field: 'plannedStart', headers: ['Start date'] },
  ],
  values: { phase: { 'in production': 'PRODUCTION_DEPLOY' } },
  defaults: { phase: 'STRATEGY', businessUnit: 'Treasury' },
  dateOrder: 'MDY',
  key: 'name',
  headerRow: 2,
});

const headers = ['Use Case Name', 'Bureau', 'Agency', 'Summary', 'Notes', 'Stage'];

describe('mapping draft', () => {
  it('resolves profile headers to the sheet’s spelling and keeps the ones the sheet lacks', () => {
    const d = draftFromProfile(profile, headers);
    expect(d.columns.name).toEqual(['Use Case Name']);
    expect(d.columns.businessUnit).toEqual(['Bureau', 'Agency']);
    expect(d.columns.description).toEqual(['Summary', 'Purpose and benefits']);
    expect(d.columns.phase).toEqual([]);
    expect(d.defaults).toEqual({ businessUnit: 'Treasury', type: '', phase: 'STRATEGY', status: '', riskTier: '' });
    expect(absentHeaders(d, headers)).toEqual(['Purpose and benefits', 'Start date']);
    expect(unmappedHeaders(d, headers)).toEqual(['Notes', 'Stage']);
  });

  it('round-trips to a profile the schema accepts, with its value synonyms, date order, key and header row', () => {
    const back = profileFromDraft(draftFromProfile(profile, headers), 'Agency sheet');
    expect(mappingProfileSchema.parse(back)).toEqual(back);
    expect(back.values).toEqual(profile.values);
    expect(back.dateOrder).toBe('MDY');
    expect(back.key).toBe('name');
    expect(back.headerRow).toBe(2);
    expect(back.defaults).toEqual({ businessUnit: 'Treasury', phase: 'STRATEGY' });
    expect(back.columns.map((c) => c.field)).toEqual(['name', 'description', 'businessUnit', 'plannedStart']);
    expect(back.columns.find((c) => c.field === 'name')?.headers).toEqual(['Use Case Name']);
  });

  it('adds, replaces and removes columns of a field without duplicates', () => {
    let d = draftFromProfile(profile, headers);
    d = setFieldColumn(d, 'phase', 0, 'Stage');
    expect(d.columns.phase).toEqual(['Stage']);
    d = setFieldColumn(d, 'tags', 0, 'Notes');
    d = setFieldColumn(d, 'tags', 1, 'Stage');
    expect(d.columns.tags).toEqual(['Notes', 'Stage']);
    d = setFieldColumn(d, 'tags', 1, 'Notes');
    expect(d.columns.tags).toEqual(['Notes']);
    d = setFieldColumn(d, 'businessUnit', 0, '');
    expect(d.columns.businessUnit).toEqual(['Agency']);
    expect(unmappedHeaders(d, headers)).toEqual(['Bureau']);
  });

  it('drops cleared defaults and trims the business unit', () => {
    let d = draftFromProfile(profile, headers);
    d = setDefault(d, 'phase', '');
    d = setDefault(d, 'businessUnit', '  ');
    d = setDefault(d, 'riskTier', 'high');
    expect(profileFromDraft(d, 'x').defaults).toEqual({ riskTier: 'high' });
  });

  it('says what blocks a preview (no name column) and when matching on the ID falls back', () => {
    const d = draftFromProfile(profile, headers);
    expect(draftProblem(d)).toBeNull();
    expect(draftProblem(setFieldColumn(d, 'name', 0, ''))).toMatch(/name/);
    expect(keyNote(d, 'id', headers)).toMatch(/name and business unit/);
    expect(keyNote(setFieldColumn(d, 'id', 0, 'ID'), 'id', headers)).toMatch(/name and business unit/);
    expect(keyNote(setFieldColumn(d, 'id', 0, 'Notes'), 'id', headers)).toBeNull();
    expect(keyNote(d, 'name', headers)).toBeNull();
  });

  it('tells an edited draft from the one it came from', () => {
    const d = draftFromProfile(profile, headers);
    expect(sameDraft(d, draftFromProfile(profile, headers))).toBe(true);
    expect(sameDraft(d, { ...d, dateOrder: 'DMY' })).toBe(false);
  });

  it('ignores case, spacing and punctuation in headers', () => {
    expect(normalizeHeader(' Use-Case  Name\n')).toBe(normalizeHeader('use case name'));
    expect(normalizeHeader('Stage')).not.toBe(normalizeHeader('Stages'));
  });
});
