// The shared mapping code (shared/domain/import) against the real federal inventories; here because reading
// the files needs node:fs, which shared/ must not import.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { initiativeCreateInput } from '../../../shared/domain/initiative';
import { FLIGHTDECK_COLUMNS } from '../../../shared/domain/import/columns';
import {
  displayValues,
  importKeyOf,
  mapRow,
  prepareMapping,
  unmappedHeaders,
} from '../../../shared/domain/import/mapRow';
import { BUILT_IN_PROFILES } from '../../../shared/domain/import/profiles';
import { DHS_2025_HEADERS } from '../../../shared/domain/import/testdata';
import type { Cell, MappedFields, MappedRow, MappingProfile } from '../../../shared/domain/import/types';

const DATASETS = new URL('../testing/fixtures/datasets/', import.meta.url);

function csvRows(file: string): string[][] {
  return parse(readFileSync(new URL(file, DATASETS), 'utf8').replace(/^\uFEFF/, ''), {
    relax_column_count: true,
  }) as string[][];
}

const profile = (id: string) => BUILT_IN_PROFILES.find((p) => p.id === id)!;

/** The fields initiativeCreateInput takes (people arrive as names and become ids in the importer). */
function asCreateInput(f: MappedFields) {
  const { id: _id, sponsor: _s, productOwner: _p, techLead: _t, ...rest } = f;
  return rest;
}

function mapAll(p: MappingProfile, headers: string[], rows: Cell[][], firstRow: number): MappedRow[] {
  const prepared = prepareMapping(p, headers, rows);
  return rows.map((r, i) => mapRow(prepared, r, firstRow + i));
}

describe('the 2024 consolidated federal inventory (1,757 rows)', () => {
  const all = csvRows('2024-consolidated.csv');
  const headers = (all[0] ?? []).map((h) => h.trim());
  const rows = all.slice(1);
  const mapped = mapAll(profile('builtin:federal-2024'), headers, rows, 2);
  const ok = mapped.filter((m) => m.ok);
  const rejected = mapped.filter((m) => !m.ok);

  it('maps every row to fields or to problems with reasons', () => {
    expect(rows).toHaveLength(1757);
    expect(mapped).toHaveLength(1757);
    expect(ok).toHaveLength(1746);
    expect(rejected).toHaveLength(11);
    for (const r of rejected) {
      if (r.ok) continue;
      expect(r.problems.length).toBeGreaterThan(0);
      for (const p of r.problems) {
        expect(p.row).toBe(r.row);
        expect(headers).toContain(p.column.split(' + ')[0]);
        expect(p.reason.length).toBeGreaterThan(10);
      }
    }
    const reasons = rejected.flatMap((r) => (r.ok ? [] : r.problems.map((p) => p.reason)));
    expect(reasons.filter((r) => /^Name is \d+ characters; at most 200$/.test(r))).toHaveLength(8);
    expect(reasons).toContain('Actual start: "Pre-2021" is not a date (expected e.g. 7/1/2023 or 2023-07-01)');
  });

  it('gives only fields that initiativeCreateInput accepts', () => {
    for (const r of ok) {
      if (!r.ok) continue;
      const parsed = initiativeCreateInput.safeParse(asCreateInput(r.fields));
      expect(parsed.success, `row ${r.row}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });

  it('reads the first row as the inventory says', () => {
    expect(mapped[0]).toMatchObject({
      row: 2,
      ok: true,
      fields: {
        name: 'Non-Intrusive Inspection (NII) 3D Imaging Tool',
        businessUnit: 'DHS / CBP',
        phase: 'PRODUCTION_DEPLOY',
        status: 'active',
        riskTier: 'minimal',
        tags: ['law and justice'],
        actualStart: '2023-07-01',
      },
      warnings: [],
    });
    const first = mapped[0];
    expect(first?.ok && first.fields.description).toMatch(
      /^Utilizes AI\/ML .*\n\nDetection alerts for Items of Interest\.$/s,
    );
  });

  it('maps the stages and impact types of the whole file', () => {
    const count = (pred: (f: MappedFields) => boolean) => ok.filter((r) => r.ok && pred(r.fields)).length;
    expect(count((f) => f.status === 'retired')).toBe(131);
    expect(count((f) => f.status === 'retired' && f.phase !== 'MONITOR_OBSERVE')).toBe(0);
    expect(count((f) => f.phase === undefined)).toBe(4);
    expect(count((f) => f.riskTier === 'high')).toBe(226);
    expect(count((f) => f.riskTier === undefined)).toBe(39);
    // Every row with a stage got a phase; every row with an impact type got a tier.
    for (const r of ok) {
      if (!r.ok) continue;
      const row = rows[r.row - 2] ?? [];
      if ((row[9] ?? '').trim()) expect(r.fields.phase, `row ${r.row}`).toBeDefined();
      if ((row[10] ?? '').trim()) expect(r.fields.riskTier, `row ${r.row}`).toBeDefined();
    }
  });

  it('warns about what it repaired', () => {
    const warnings = mapped.flatMap((r) => r.warnings);
    expect(
      warnings.some((w) => w.column === '8_topic_area' && /shortened to "government services"/.test(w.reason)),
    ).toBe(true);
    expect(warnings.some((w) => /looks like the year \d{4} typed into a date cell/.test(w.reason))).toBe(true);
    expect(warnings.some((w) => w.column === '21_date_retired' && /read as no date/.test(w.reason))).toBe(true);
  });
});

describe('the 2025 Treasury inventory', () => {
  const all = csvRows('2025-treasury-raw.csv');
  const headers = (all[1] ?? []).map((h) => h.trim());
  const rows = all.slice(2);
  const mapped = mapAll(profile('builtin:federal-2025'), headers, rows, 3);

  it('maps all 129 rows', () => {
    expect(rows).toHaveLength(129);
    expect(mapped.filter((m) => !m.ok)).toEqual([]);
    const fields = mapped.flatMap((m) => (m.ok ? [m.fields] : []));
    const by = (pred: (f: MappedFields) => boolean) => fields.filter(pred).length;
    expect(by((f) => f.phase === 'DEVELOP_VALIDATE' && f.status === 'active')).toBe(92); // 70 pre-deployment + 22 pilots
    expect(by((f) => f.phase === 'MONITOR_OBSERVE' && f.status === 'active')).toBe(26);
    expect(by((f) => f.status === 'retired')).toBe(11);
    expect(by((f) => f.riskTier === 'high')).toBe(4);
    expect(by((f) => f.riskTier === 'limited')).toBe(3);
    for (const f of fields) expect(initiativeCreateInput.safeParse(asCreateInput(f)).success).toBe(true);
  });

  it('reads the first use case', () => {
    expect(mapped[0]).toMatchObject({
      row: 3,
      ok: true,
      fields: {
        name: 'OCC.Chat',
        businessUnit: 'Office of the Comptroller of the Currency (OCC)',
        phase: 'MONITOR_OBSERVE',
        status: 'active',
        riskTier: 'minimal',
        type: 'other',
        tags: ['information technology', 'generative ai'],
        actualStart: '2024-07-01',
      },
    });
  });
});

describe('the 2025 DHS inventory (rows as the XLSX reader gives them)', () => {
  const row = (stage: string, impact: string, cls: string, date: Cell): Cell[] => {
    const r: Cell[] = DHS_2025_HEADERS.map(() => null);
    r[0] = 'DHS-313';
    r[1] = 'Advanced Analytics for X-ray Images (AAXI)';
    r[2] = 'CBP';
    r[4] = stage;
    r[5] = impact;
    r[7] = 'Law Enforcement';
    r[8] = cls;
    r[9] = 'Reduction of low risk empty commercial vehicles.';
    r[12] = date;
    return r;
  };
  const rows = [
    row(
      'a) Pre-deployment – The use case is in a development or acquisition status.',
      'a) High-impact ',
      'Computer Vision',
      null,
    ),
    row(
      'c)  Deployed – The use case is being actively authorized or utilized to support the functions or mission of an agency.',
      'b) Presumed high-impact but determined not high-impact',
      'Classical/Predictive Machine Learning',
      '2024-09-15',
    ),
    row(
      'd) Retired – The use case was reported in the agency’s prior year’s inventory',
      'c) Not high-impact',
      'Agentic-AI',
      null,
    ),
  ];
  const mapped = mapAll(profile('builtin:federal-2025'), [...DHS_2025_HEADERS], rows, 3);

  it('reads the lettered answers', () => {
    expect(mapped.map((m) => (m.ok ? [m.fields.phase, m.fields.status, m.fields.riskTier, m.fields.type] : m))).toEqual(
      [
        ['DEVELOP_VALIDATE', 'active', 'high', 'other'],
        ['MONITOR_OBSERVE', 'active', 'limited', 'predictive'],
        ['MONITOR_OBSERVE', 'retired', 'minimal', 'autonomous_agent'],
      ],
    );
    expect(mapped[1]?.ok && mapped[1].fields.actualStart).toBe('2024-09-15');
    expect(mapped[0]?.ok && mapped[0].fields.tags).toEqual(['law enforcement', 'computer vision']);
  });
});

describe("Flightdeck's own table (round trip)", () => {
  const headers = FLIGHTDECK_COLUMNS.map((c) => c.header);
  const exported: Cell[] = [
    12,
    'Claims triage copilot',
    'Operations',
    'Reads claims.\nSuggests a queue.',
    'Chatbot / assistant',
    'Development & validation',
    'On hold',
    'High risk',
    'claims, nlp, pilot 2',
    'Ana Ruiz',
    'Ben Okafor',
    '',
    '2025-01-06',
    '2025-06-30',
    '2025-01-13',
    null,
  ];

  it('reads labels back to ids, tags split, dates as dates, and matches on ID', () => {
    const prepared = prepareMapping(profile('builtin:flightdeck'), headers, [exported]);
    expect(prepared.key).toBe('id');
    expect(unmappedHeaders(prepared)).toEqual([]);
    const r = mapRow(prepared, exported, 2);
    expect(r).toEqual({
      row: 2,
      ok: true,
      warnings: [],
      fields: {
        id: 12,
        name: 'Claims triage copilot',
        businessUnit: 'Operations',
        description: 'Reads claims.\nSuggests a queue.',
        type: 'chatbot',
        phase: 'DEVELOP_VALIDATE',
        status: 'on_hold',
        riskTier: 'high',
        tags: ['claims', 'nlp', 'pilot 2'],
        sponsor: 'Ana Ruiz',
        productOwner: 'Ben Okafor',
        plannedStart: '2025-01-06',
        plannedEnd: '2025-06-30',
        actualStart: '2025-01-13',
      },
    });
    expect(r.ok && importKeyOf(r.fields, prepared.key)).toBe('id:12');
    expect(r.ok && displayValues(r.fields)).toMatchObject({
      id: '12',
      type: 'Chatbot / assistant',
      phase: 'Development & validation',
      status: 'On hold',
      riskTier: 'High risk',
      tags: 'claims, nlp, pilot 2',
      plannedEnd: '2025-06-30',
    });
  });

  it('reads XLSX cells: numbers for IDs, ISO datetimes and serials for dates', () => {
    const prepared = prepareMapping(profile('builtin:flightdeck'), headers, []);
    const cells = [...exported];
    cells[12] = '2025-01-06T00:00:00.000Z';
    cells[13] = 45838; // 2025-06-30
    const r = mapRow(prepared, cells, 2);
    expect(r.ok && [r.fields.plannedStart, r.fields.plannedEnd]).toEqual(['2025-01-06', '2025-06-30']);
  });

  it('takes off the apostrophe an export put before formula-like text', () => {
    const prepared = prepareMapping(profile('builtin:flightdeck'), headers, []);
    const cells = [...exported];
    cells[1] = '\'=HYPERLINK("http://x")';
    cells[3] = "'-5% cost, '@ risk";
    const r = mapRow(prepared, cells, 2);
    expect(r.ok && [r.fields.name, r.fields.description]).toEqual(['=HYPERLINK("http://x")', "-5% cost, '@ risk"]);
  });

  it('matches on name and business unit when the ID column is gone, and creates rows with no ID', () => {
    const noId = prepareMapping(profile('builtin:flightdeck'), headers.slice(1), []);
    expect(noId.key).toBe('nameAndUnit');
    const withId = prepareMapping(profile('builtin:flightdeck'), headers, []);
    const r = mapRow(withId, [null, ...exported.slice(1)], 5);
    expect(r.ok && importKeyOf(r.fields, withId.key)).toBeNull();
  });
});

describe('mapRow problems and warnings', () => {
  const p: MappingProfile = {
    name: 'Test',
    description: '',
    columns: [
      { field: 'id', headers: ['ID'] },
      { field: 'name', headers: ['Project'] },
      { field: 'businessUnit', headers: ['Dept'] },
      { field: 'description', headers: ['Notes'] },
      { field: 'phase', headers: ['Stage'] },
      { field: 'tags', headers: ['Tags'] },
      { field: 'sponsor', headers: ['Owner'] },
      { field: 'plannedStart', headers: ['Start'] },
      { field: 'plannedEnd', headers: ['End'] },
    ],
    values: {},
    defaults: {},
    dateOrder: 'auto',
    key: 'nameAndUnit',
  };
  const headers = ['ID', 'Project', 'Dept', 'Notes', 'Stage', 'Tags', 'Owner', 'Start', 'End'];
  const base: Cell[] = [null, 'Fraud model', 'Risk', 'x', 'Pilot', 'fraud', 'Kim Lee', '1/2/2024', '3/4/2024'];
  const prepared = prepareMapping(p, headers, [base]);
  const withCell = (i: number, v: Cell): Cell[] => base.map((c, j) => (j === i ? v : c));
  const problemsOf = (cells: Cell[]) => {
    const r = mapRow(prepared, cells, 7);
    return r.ok ? [] : r.problems.map((x) => [x.column, x.reason]);
  };
  const warningsOf = (cells: Cell[]) => mapRow(prepared, cells, 7).warnings.map((x) => [x.column, x.reason]);

  it.each([
    [1, '   ', 'Project', 'Name is empty'],
    [1, 'x'.repeat(201), 'Project', 'Name is 201 characters; at most 200'],
    [2, 'D'.repeat(121), 'Dept', /^Business unit "D+…" is 121 characters; at most 120$/],
    [
      4,
      'Deployed-ish',
      'Stage',
      /^"Deployed-ish" is not a phase; known: Strategy, Data, Architecture, Build & validate/,
    ],
    [
      7,
      'Sometime 2023',
      'Start',
      'Planned start: "Sometime 2023" is not a date (expected e.g. 7/1/2023 or 2023-07-01)',
    ],
    [8, '12/1/2023', 'End', 'Planned end 2023-12-01 is before planned start 2024-01-02'],
    [0, 'abc', 'ID', 'ID "abc" is not a Flightdeck ID (a whole number above 0)'],
    [0, -3, 'ID', 'ID "-3" is not a Flightdeck ID (a whole number above 0)'],
    [6, 'K'.repeat(121), 'Owner', /^Business sponsor "K+…" is 121 characters; at most 120$/],
  ])('column %i = %j → %s: %s', (i, value, column, reason) => {
    const problems = problemsOf(withCell(i, value));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.[0]).toBe(column);
    expect(problems[0]?.[1]).toMatch(reason);
  });

  it('reports every problem of a row, not just the first', () => {
    const cells = withCell(4, 'Someday');
    cells[1] = '';
    cells[7] = 'soon';
    expect(problemsOf(cells).map((x) => x[0])).toEqual(['Stage', 'Start', 'Project']);
  });

  it('never throws on odd cells', () => {
    const odd: Cell[][] = [[], [true, 1, false, 2.5, true, 3, 4, true, false], headers.map(() => null)];
    for (const cells of odd) expect(() => mapRow(prepared, cells, 1)).not.toThrow();
    expect(mapRow(prepared, [null, 42, true], 1)).toMatchObject({
      ok: true,
      fields: { name: '42', businessUnit: 'TRUE' },
    });
  });

  it('shortens a long description, with a warning', () => {
    const r = mapRow(prepared, withCell(3, 'a'.repeat(12_000)), 7);
    expect(r.ok && r.fields.description?.length).toBe(10_000);
    expect(r.warnings).toEqual([{ row: 7, column: 'Notes', reason: 'Description shortened to 10,000 characters' }]);
  });

  it('cleans tags: splits, lowercases, drops unusable ones with a warning, keeps at most 20', () => {
    const r = mapRow(
      prepared,
      withCell(5, 'Health & Medical; ***; Mission-Enabling (internal agency support), NLP'),
      7,
    );
    expect(r.ok && r.fields.tags).toEqual(['health and medical', 'mission-enabling internal agency support', 'nlp']);
    expect(r.warnings.map((w) => w.reason)).toEqual(['Tag "***" dropped: it has no letters or digits']);
    const many = Array.from({ length: 25 }, (_, i) => `t${i}`).join(', ');
    const m = mapRow(prepared, withCell(5, many), 7);
    expect(m.ok && m.fields.tags).toHaveLength(20);
    expect(warningsOf(withCell(5, many))).toEqual([['Tags', '25 tags; kept the first 20']]);
  });

  it('leaves empty cells out (an update keeps what is there) and fills profile defaults', () => {
    const empty = mapRow(prepared, [null, 'Only a name', null, '', 'N/A'], 3);
    expect(empty).toEqual({ row: 3, ok: true, fields: { name: 'Only a name' }, warnings: [] });
    const withDefaults = prepareMapping(
      { ...p, defaults: { businessUnit: 'Treasury', riskTier: 'limited' } },
      headers,
      [],
    );
    expect(mapRow(withDefaults, [null, 'Only a name', 'Ops'], 3)).toMatchObject({
      ok: true,
      fields: { name: 'Only a name', businessUnit: 'Ops', riskTier: 'limited' },
    });
  });

  it('takes the status from a status word in the phase column', () => {
    const r = mapRow(prepared, withCell(4, 'Cancelled'), 3);
    expect(r.ok && [r.fields.phase, r.fields.status]).toEqual([undefined, 'killed']);
  });

  it('decides day/month order per column from the whole sheet', () => {
    const rows: Cell[][] = [withCell(7, '25/12/2023'), withCell(7, '3/4/2024')];
    const dmy = prepareMapping(p, headers, rows);
    expect(dmy.dateOrders.find((d) => d.header === 'Start')).toMatchObject({ order: 'DMY' });
    expect(dmy.dateOrders.find((d) => d.header === 'End')).toMatchObject({ order: 'MDY' });
    const r = mapRow(
      dmy,
      withCell(8, '2024-05-01').map((c, j) => (j === 7 ? '3/4/2024' : c)),
      2,
    );
    expect(r.ok && r.fields.plannedStart).toBe('2024-04-03');
    const fixed = prepareMapping({ ...p, dateOrder: 'MDY' }, headers, rows);
    expect(fixed.dateOrders.every((d) => d.order === 'MDY')).toBe(true);
  });

  it("reports the profile's own problems once, not per row", () => {
    const prep = prepareMapping(
      { ...p, columns: [...p.columns, { field: 'techLead', headers: ['Lead'] }], values: { phase: { Alpha: 'NOPE' } } },
      headers,
      [],
    );
    expect(prep.warnings).toEqual([
      'Tech lead: the sheet has no column "Lead"',
      'Phase value map: "Alpha" → "NOPE" names no known value; ignored',
    ]);
  });

  it('lists the headers nothing reads', () => {
    expect(unmappedHeaders(prepareMapping(p, [...headers, 'Budget', 'Age'], []))).toEqual(['Budget', 'Age']);
  });

  it('joins several description and business-unit columns, and reads dates from the first column with one', () => {
    const multi: MappingProfile = {
      ...p,
      columns: [
        { field: 'name', headers: ['Project'] },
        { field: 'businessUnit', headers: ['Agency', 'Bureau'] },
        { field: 'description', headers: ['Purpose', 'Outputs'] },
        { field: 'actualStart', headers: ['Initiated', 'Development began'] },
      ],
    };
    const h = ['Project', 'Agency', 'Bureau', 'Purpose', 'Outputs', 'Initiated', 'Development began'];
    const prep = prepareMapping(multi, h, []);
    expect(mapRow(prep, ['A', 'HHS', 'HHS', 'Why', 'What', 'N/A', '10/1/2022'], 2)).toMatchObject({
      ok: true,
      fields: { businessUnit: 'HHS', description: 'Why\n\nWhat', actualStart: '2022-10-01' },
    });
    expect(mapRow(prep, ['A', 'HHS', 'CDC', '', 'What', '', ''], 2)).toMatchObject({
      fields: { businessUnit: 'HHS / CDC', description: 'What' },
    });
  });
});

describe('importKeyOf', () => {
  it('ignores case and spacing, and keeps name and unit apart', () => {
    const a = importKeyOf({ name: 'Claims  Copilot', businessUnit: 'Ops ' }, 'nameAndUnit');
    expect(a).toBe(importKeyOf({ name: 'claims copilot', businessUnit: 'OPS' }, 'nameAndUnit'));
    expect(a).not.toBe(importKeyOf({ name: 'claims copilot', businessUnit: 'Finance' }, 'nameAndUnit'));
    expect(importKeyOf({ name: 'X' }, 'nameAndUnit')).toBe(importKeyOf({ name: 'x', businessUnit: '' }, 'nameAndUnit'));
    expect(importKeyOf({ name: 'X', businessUnit: 'A' }, 'name')).toBe(importKeyOf({ name: 'x' }, 'name'));
    expect(importKeyOf({ name: '' }, 'name')).toBeNull();
    expect(importKeyOf({ name: 'X' }, 'id')).toBeNull();
    expect(importKeyOf({ name: 'X', id: 4 }, 'id')).toBe('id:4');
  });
});
