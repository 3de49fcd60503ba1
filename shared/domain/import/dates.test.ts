import { describe, expect, it } from 'vitest';
import { decideDayOrder, excelSerialToIso, parseDateCell, type DayOrder } from './dates';
import type { Cell } from './types';

describe('parseDateCell', () => {
  const exact: [Cell, DayOrder, string][] = [
    ['2023-07-01', 'MDY', '2023-07-01'],
    ['2023-7-1', 'MDY', '2023-07-01'],
    ['2023-07-01T10:30:00Z', 'MDY', '2023-07-01'],
    ['2023-07-01T00:00:00.000+02:00', 'MDY', '2023-07-01'],
    ['2023/07/01', 'DMY', '2023-07-01'],
    ['7/1/2023', 'MDY', '2023-07-01'],
    ['1/7/2023', 'DMY', '2023-07-01'],
    ['7-1-2023', 'MDY', '2023-07-01'],
    ['7/1/23', 'MDY', '2023-07-01'],
    ['1.7.2023', 'MDY', '2023-07-01'],
    ['Jul 1, 2023', 'DMY', '2023-07-01'],
    ['July 1 2023', 'MDY', '2023-07-01'],
    ['1 July 2023', 'MDY', '2023-07-01'],
    ['01-Jul-23', 'MDY', '2023-07-01'],
    ['Sept 30, 2024', 'MDY', '2024-09-30'],
    [45108, 'MDY', '2023-07-01'],
    [45108.75, 'MDY', '2023-07-01'],
    ['1/1/1996', 'MDY', '1996-01-01'],
  ];
  it.each(exact)('%j (%s) → %s', (cell, order, date) => {
    expect(parseDateCell(cell, order)).toEqual({ kind: 'date', date });
  });

  const approximate: [Cell, string, RegExp][] = [
    ['July 2023', '2023-07-01', /gives only a month/],
    ['Jul-23', '2023-07-01', /gives only a month/],
    ['2023-07', '2023-07-01', /gives only a month/],
    ['7/2023', '2023-07-01', /gives only a month/],
    // The 2024 inventory's yy-mmm cells ("22-Jul" next to "22-Dec", "24-Jun").
    ['22-Jul', '2022-07-01', /gives only a month/],
    ['2023', '2023-01-01', /gives only a year/],
    [2023, '2023-01-01', /gives only a year/],
    ['Q1FY24', '2023-10-01', /fiscal quarter/],
    ['Q4FY25', '2025-07-01', /fiscal quarter/],
    ['FY2025', '2024-10-01', /fiscal year/],
    ['Q3 2024', '2024-07-01', /gives only a quarter/],
    ['2024-Q2', '2024-04-01', /gives only a quarter/],
    ['2022-11-16 (first formal action related to this project)', '2022-11-16', /the rest ignored/],
    ['2024-02-15 (contract kick-off); 2024-08-23 (signed Acquisition Plan)', '2024-02-15', /the rest ignored/],
    // A year typed into a date cell: 2015 and 2023 as Excel serials.
    ['7/7/1905', '2015-01-01', /year 2015 typed into a date cell/],
    ['7/15/1905', '2023-01-01', /year 2023/],
  ];
  it.each(approximate)('%j → %s with a note', (cell, date, note) => {
    const r = parseDateCell(cell, 'MDY');
    expect(r.kind).toBe('date');
    if (r.kind === 'date') {
      expect(r.date).toBe(date);
      expect(r.note).toMatch(note);
    }
  });

  it('swaps an order the value rules out, with a note', () => {
    const r = parseDateCell('13/5/2023', 'MDY');
    expect(r).toMatchObject({ kind: 'date', date: '2023-05-13' });
    expect(r.kind === 'date' && r.note).toMatch(/cannot be month\/day/);
  });

  it.each([null, '', '  ', 'N/A', 'NA', 'n/a ', 'TBD', 'Unknown', 'Ongoing', 'TODO', '-'])('%j is no date', (cell) => {
    expect(parseDateCell(cell, 'MDY')).toEqual({ kind: 'empty' });
  });

  it('reads a placeholder with an explanation as no date, with a note', () => {
    expect(parseDateCell('N/A - Consolidated into another use case.', 'MDY')).toEqual({
      kind: 'empty',
      note: '"N/A - Consolidated into another use case." read as no date',
    });
    expect(parseDateCell('To Be Determined (calendar 2025)', 'MDY').kind).toBe('empty');
  });

  it.each([
    ['Sometime 2023', '"Sometime 2023" is not a date (expected e.g. 7/1/2023 or 2023-07-01)'],
    ['Pre-2021', '"Pre-2021" is not a date (expected e.g. 7/1/2023 or 2023-07-01)'],
    ['2015-2022', '"2015-2022" is not a date (expected e.g. 7/1/2023 or 2023-07-01)'],
    ['Current model: 2019-2023', '"Current model: 2019-2023" is not a date (expected e.g. 7/1/2023 or 2023-07-01)'],
    ['2023-02-30', '"2023-02-30" is not a date (expected e.g. 7/1/2023 or 2023-07-01)'],
    ['13/13/2023', '"13/13/2023" is not a date (expected e.g. 7/1/2023 or 2023-07-01)'],
  ])('%j is rejected', (cell, reason) => {
    expect(parseDateCell(cell, 'MDY')).toEqual({ kind: 'invalid', reason });
  });

  it('rejects numbers and booleans that are not dates', () => {
    expect(parseDateCell(12, 'MDY').kind).toBe('invalid');
    expect(parseDateCell(100_000, 'MDY').kind).toBe('invalid');
    expect(parseDateCell(true, 'MDY')).toEqual({ kind: 'invalid', reason: 'TRUE is not a date' });
  });

  it('converts Excel serials in the 1900 system', () => {
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(45292)).toBe('2024-01-01');
  });
});

describe('decideDayOrder', () => {
  it('is month first when a second part exceeds 12', () => {
    expect(decideDayOrder(['3/4/2024', '5/13/2024', null, 7])).toEqual({ order: 'MDY', mdy: 1, dmy: 0 });
  });
  it('is day first when a first part exceeds 12', () => {
    expect(decideDayOrder(['3/4/2024', '13/5/2024', '25/12/2023'])).toEqual({ order: 'DMY', mdy: 0, dmy: 2 });
  });
  it('defaults to month first without evidence', () => {
    expect(decideDayOrder(['3/4/2024', '2024-05-01']).order).toBe('MDY');
  });
});
