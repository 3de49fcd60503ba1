import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILES } from '../../../shared/domain/import';
import type { SheetTable } from '../../../shared/domain/import/types';
import { openPortfolio } from '../db/open';
import type { Db } from '../db/sqlite';
import { TempDirs } from '../testing/temp-dir';
import { planImport } from './plan';
import { rejectsCsv } from './rejects';

const temp = new TempDirs();
let db: Db;
beforeEach(() => {
  const r = openPortfolio(join(temp.make(), 'p.flightdeck'), { create: true });
  if (!r.ok) throw new Error(r.message);
  db = r.db;
});
afterEach(() => {
  db.close();
  temp.cleanup();
});

const flightdeck = BUILT_IN_PROFILES.find((p) => p.id === 'builtin:flightdeck')!;

function table(n: number): SheetTable {
  const rows = Array.from({ length: n }, (_, i) => [`Initiative ${i + 1}`, 'Ops']);
  return {
    sheet: 'x.csv',
    encoding: 'utf-8',
    headerRow: 1,
    headers: ['Name', 'Business unit'],
    rows,
    rowNumbers: rows.map((_, i) => i + 2),
    warnings: [],
  };
}

describe('planImport', () => {
  it('can be cancelled while it checks rows, between chunks', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const plan = planImport(db, table(3_000), flightdeck, 'nameAndUnit', {
      signal: controller.signal,
      progress: (phase, done) => {
        expect(phase).toBe('checking');
        seen.push(done);
        if (done >= 1_000) controller.abort();
      },
    });
    await expect(plan).rejects.toMatchObject({ code: 'CANCELLED' });
    // It stopped at the first chunk boundary after the cancel, not at the end.
    expect(seen.at(-1)).toBeLessThan(3_000);
  });

  it('plans every row, reporting progress up to the total', async () => {
    const seen: number[] = [];
    const plan = await planImport(db, table(1_200), flightdeck, 'nameAndUnit', {
      signal: new AbortController().signal,
      progress: (_p, done, total) => {
        expect(total).toBe(1_200);
        seen.push(done);
      },
    });
    expect(plan.counts).toEqual({ total: 1_200, create: 1_200, update: 0, reject: 0 });
    expect(seen.at(-1)).toBe(1_200);
  });
});

describe('rejectsCsv', () => {
  it('quotes per RFC 4180 and neutralises formula-like text', () => {
    const csv = rejectsCsv([
      { row: 2, column: 'Name', reason: 'Name is empty' },
      { row: 3, column: '=HYPERLINK("http://x")', reason: 'Line one\nline "two", three' },
      { row: 4, column: '', reason: '@SUM(A1)' },
    ]);
    expect(csv).toBe(
      'row,column,reason\r\n' +
        '2,Name,Name is empty\r\n' +
        `3,"'=HYPERLINK(""http://x"")","Line one\nline ""two"", three"\r\n` +
        "4,,'@SUM(A1)\r\n",
    );
  });
});
