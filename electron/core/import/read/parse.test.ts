import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvRecords } from './parse';
import { decodeText } from './sniff';

const DATASETS = join(dirname(fileURLToPath(import.meta.url)), '../../testing/fixtures/datasets');

function all(text: string, delimiter = ','): string[][] {
  const r = new CsvRecords(text, delimiter, 'test.csv');
  const out: string[][] = [];
  for (let rec = r.next(); rec !== null; rec = r.next()) out.push(rec);
  return out;
}

/** csv-parse, configured as leniently, is the reference for well-formed input. */
function reference(text: string, delimiter = ','): string[][] {
  return parse(text, { delimiter, relax_column_count: true, relax_quotes: true }) as string[][];
}

describe('CsvRecords', () => {
  it('reads both real CSV inventories exactly as csv-parse does', () => {
    for (const name of ['2024-consolidated.csv', '2025-treasury-raw.csv']) {
      const { text } = decodeText(name, readFileSync(join(DATASETS, name)));
      const ours = all(text);
      expect(ours.length).toBeGreaterThan(100);
      expect(ours).toEqual(reference(text));
    }
  });

  it('agrees with csv-parse on quoting, escaped quotes, line endings and delimiters', () => {
    const cases: [string, string][] = [
      ['a,b,c\n1,2,3\n', ','],
      ['a,b\r\n"x, y","say ""hi"""\r\n', ','],
      ['a;b\n"multi\nline";2\n', ';'],
      ['a\tb\n1\t\n\t2\n', '\t'],
      ['a,b\n,\n', ','],
      ['only\n', ','],
      ['a,b\n5" screen,ok\n', ','],
      ['"a","b"\n"",""\n', ','],
      ['x,y\n1,2', ','],
      ['x,y\r\n"1\r\n2",3\r\n', ','],
    ];
    for (const [text, d] of cases) expect(all(text, d)).toEqual(reference(text, d));
  });

  it('keeps blank lines as empty records, so row numbers match the file', () => {
    expect(all('a\n\nb\n')).toEqual([['a'], [''], ['b']]);
    expect(all('a\r\rb')).toEqual([['a'], [''], ['b']]);
  });

  it('is lenient where csv-parse would stop: text after a closing quote, trailing delimiter at the end', () => {
    expect(all('"abc"def,2\n')).toEqual([['abcdef', '2']]);
    expect(all('a,')).toEqual([['a', '']]);
  });

  it('an unclosed quote names the line where the cell starts', () => {
    expect(() => all('a,b\n1,2\n3,"open\nmore\n')).toThrow(
      /“test\.csv” has a quoted cell that is never closed \(it starts on line 3\)/,
    );
  });

  it('reports its position for progress', () => {
    const r = new CsvRecords('ab,c\nd\n', ',', 'p.csv');
    expect(r.position).toBe(0);
    r.next();
    expect(r.position).toBe(5);
    r.next();
    expect(r.position).toBe(r.length);
    expect(r.next()).toBeNull();
  });
});
