import { describe, expect, it } from 'vitest';
import { FLIGHTDECK_COLUMNS } from '../../../shared/domain/import/columns';
import type { PackSnapshot } from '../../../shared/domain/pack/types';
import { PACK_CSV_EXTRA_COLUMNS, renderCsv, tableCsv } from './csv';
import { mdText, renderMarkdown } from './markdown';
import { fixtureSnapshot } from './render/fixture';

function hostile(): PackSnapshot {
  const s = fixtureSnapshot({ initiatives: 6, seed: 3 });
  const names = [
    '<script>alert(1)</script>',
    '| evil |',
    '=HYPERLINK("http://x","y")',
    '# heading\nnext line',
    '*bold* _it_ `code` [link](http://x)',
    '-5 minus',
  ];
  s.initiatives.forEach((i, n) => {
    i.name = names[n]!;
    i.tags = ['+tag', 'ok'];
    i.description = '@SUM(A1)\tx';
  });
  return s;
}

/** The cells of a Markdown table row, honouring backslash-escaped pipes. */
function cells(line: string): string[] {
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('renderMarkdown', () => {
  const md = renderMarkdown(hostile());

  it('has every §5.1 section', () => {
    for (const h of [
      'Headline',
      'Portfolio snapshot',
      'RAG with reasons',
      'KPIs vs target',
      'Value realized vs business case',
      'Spend vs budget',
      'Top risks',
      'Decisions needed',
      'Next 90 days',
      'Watchlist',
      'How RAG is set',
    ]) {
      expect(md).toContain(`## ${h}`);
    }
  });

  it('never lets a name become HTML, a heading, a link or an extra table column', () => {
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md).not.toMatch(/^# heading/m);
    expect(md).toContain('\\[link\\](http://x)');
    expect(md).toContain('\\| evil \\|');
    // Every row of every table has as many cells as its header.
    const lines = md.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]!.startsWith('| ') || !lines[i + 1]?.startsWith('| ---')) continue;
      const width = cells(lines[i]!).length;
      for (let j = i + 2; j < lines.length && lines[j]!.startsWith('|'); j++)
        expect(cells(lines[j]!)).toHaveLength(width);
    }
  });

  it('escapes what Markdown would read as syntax', () => {
    expect(mdText('a|b')).toBe('a\\|b');
    expect(mdText('# not a heading')).toBe('\\# not a heading');
    expect(mdText('1. not a list')).toBe('1\\. not a list');
    expect(mdText('*x* _y_ `z` [l](u) ~s~ !')).toBe('\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\~s\\~ \\!');
    expect(mdText('a\r\nb')).toBe('a b');
    expect(mdText('Q&A <b>')).toBe('Q&amp;A &lt;b&gt;');
    expect(mdText(null)).toBe('');
  });
});

describe('CSV', () => {
  it('writes RFC 4180 with CRLF and a BOM, quoting what needs it, numbers as numbers', () => {
    const csv = tableCsv(
      ['A', 'B', 'C', 'D'],
      [
        ['x,y', 'say "hi"', -5, null],
        ['line\nbreak', true, 1.5, ' pad'],
      ],
    );
    expect(csv.startsWith('\uFEFFA,B,C,D\r\n')).toBe(true);
    expect(csv).toBe('\uFEFFA,B,C,D\r\n"x,y","say ""hi""",-5,\r\n"line\nbreak",TRUE,1.5," pad"\r\n');
  });

  it('neutralises formula-like text but not numbers', () => {
    const csv = tableCsv(['v'], [['=1+1'], ['+1'], ['-1'], ['@SUM(A1)'], ['\tx'], ['\rx'], [-1], ['ok']]);
    expect(csv.split('\r\n').slice(1, -1)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", '"\'\rx"', '-1', 'ok']);
  });

  it("starts the initiatives table with Flightdeck's own columns, then RAG, value and budget", () => {
    const s = hostile();
    const csv = renderCsv(s);
    const header = csv.slice(1).split('\r\n')[0]!;
    expect(header).toBe([...FLIGHTDECK_COLUMNS.map((c) => c.header), ...PACK_CSV_EXTRA_COLUMNS].join(','));
    expect(csv).toContain(`'=HYPERLINK(""http://x"",""y"")`);
    expect(csv).toContain("'+tag, ok");
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    const rows = csv.slice(1).trimEnd().split('\r\n');
    expect(rows.length).toBeGreaterThan(s.initiatives.length); // the name with a newline spans two physical lines
  });
});
