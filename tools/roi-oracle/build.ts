// Builds the spreadsheet oracle for shared/domain/roi/finance.ts: every case's NPV, IRR and payback
// computed by LibreOffice Calc (headless) from formulas, written to shared/domain/roi/spreadsheet-oracle.json,
// which finance.oracle.test.ts compares against. Calc is an independent implementation: NPV() and IRR()
// are its own, payback is spelled out in cell formulas. Run after changing the cases:
//   npx tsx tools/roi-oracle/build.ts        (needs `soffice`, e.g. Debian's libreoffice-calc)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ORACLE_CASES } from './cases';

const root = resolve(import.meta.dirname, '../..');
const out = join(root, 'shared/domain/roi/spreadsheet-oracle.json');

function col(n: number): string {
  let s = '';
  for (let k = n + 1; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}
const ref = (c: number, r: number) => `[.${col(c)}${r}]`;
const range = (c0: number, c1: number, r: number) => `[.${col(c0)}${r}:.${col(c1)}${r}]`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const maxLen = Math.max(...ORACLE_CASES.map((c) => c.costs.length));
const RESULTS = 6; // rate, pvCosts, pvBenefits, irr, payback, discounted payback
const BLOCKS = ['cost', 'benefit', 'net', 'cum', 'dnet', 'dcum', 'h', 'dh'] as const;
const blockStart = (b: (typeof BLOCKS)[number]) => RESULTS + BLOCKS.indexOf(b) * maxLen;

type Cell = { value: number } | { formula: string } | null;

const rows: Cell[][] = ORACLE_CASES.map((c, i) => {
  const r = i + 1;
  const n = c.costs.length;
  const cells: Cell[] = new Array<Cell>(RESULTS + BLOCKS.length * maxLen).fill(null);
  const at = (b: (typeof BLOCKS)[number], t: number) => blockStart(b) + t;
  cells[0] = { value: c.rate };
  for (let t = 0; t < n; t++) {
    cells[at('cost', t)] = { value: c.costs[t]! };
    cells[at('benefit', t)] = { value: c.benefits[t]! };
    cells[at('net', t)] = { formula: `of:=${ref(at('benefit', t), r)}-${ref(at('cost', t), r)}` };
    cells[at('cum', t)] = {
      formula: t === 0 ? `of:=${ref(at('net', 0), r)}` : `of:=${ref(at('cum', t - 1), r)}+${ref(at('net', t), r)}`,
    };
    cells[at('dnet', t)] = { formula: `of:=${ref(at('net', t), r)}/(1+${ref(0, r)})^${t}` };
    cells[at('dcum', t)] = {
      formula: t === 0 ? `of:=${ref(at('dnet', 0), r)}` : `of:=${ref(at('dcum', t - 1), r)}+${ref(at('dnet', t), r)}`,
    };
    if (t > 0) {
      for (const [h, cum, net] of [
        ['h', 'cum', 'net'],
        ['dh', 'dcum', 'dnet'],
      ] as const) {
        const prev = ref(at(cum, t - 1), r);
        cells[at(h, t)] = {
          formula: `of:=IF(AND(${prev}<0;${ref(at(cum, t), r)}>=0);${t - 1}+(-${prev})/${ref(at(net, t), r)};1E+300)`,
        };
      }
    }
  }
  const last = n - 1;
  const pv = (b: 'cost' | 'benefit') =>
    n > 1 ? `${ref(at(b, 0), r)}+NPV(${ref(0, r)};${range(at(b, 1), at(b, last), r)})` : `${ref(at(b, 0), r)}`;
  cells[1] = { formula: `of:=${pv('cost')}` };
  cells[2] = { formula: `of:=${pv('benefit')}` };
  cells[3] = { formula: `of:=IRR(${range(at('net', 0), at('net', last), r)})` };
  for (const [c, cum, h] of [
    [4, 'cum', 'h'],
    [5, 'dcum', 'dh'],
  ] as const) {
    cells[c] =
      n > 1
        ? {
            formula: `of:=IF(${ref(at(cum, 0), r)}>=0;0;IF(MIN(${range(at(h, 1), at(h, last), r)})>=1E+300;"none";MIN(${range(at(h, 1), at(h, last), r)})))`,
          }
        : { formula: `of:=IF(${ref(at(cum, 0), r)}>=0;0;"none")` };
  }
  return cells;
});

const xmlRows = rows
  .map(
    (cells) =>
      `<table:table-row>${cells
        .map((c) =>
          c === null
            ? '<table:table-cell/>'
            : 'value' in c
              ? `<table:table-cell office:value-type="float" office:value="${c.value}"/>`
              : `<table:table-cell table:formula="${esc(c.formula)}"/>`,
        )
        .join('')}</table:table-row>`,
  )
  .join('\n');

const fods = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
  office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:body><office:spreadsheet><table:table table:name="oracle">
${xmlRows}
</table:table></office:spreadsheet></office:body></office:document>`;

const dir = mkdtempSync(join(tmpdir(), 'roi-oracle-'));
try {
  const src = join(dir, 'oracle.fods');
  // Calc keeps cached results of ODF files by default; there are none here, so make it recalculate on load.
  mkdirSync(join(dir, 'profile/user'), { recursive: true });
  writeFileSync(
    join(dir, 'profile/user/registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
  );
  writeFileSync(src, fods);
  // Token 9 = false: write full-precision values, not the cells as displayed.
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=file://${dir}/profile`,
      '--headless',
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false',
      '--outdir',
      dir,
      src,
    ],
    { stdio: 'pipe' },
  );
  const lines = readFileSync(join(dir, 'oracle.csv'), 'utf8').trim().split(/\r?\n/);
  const num = (s: string | undefined): number | null => {
    const v = (s ?? '').replace(/^"|"$/g, '');
    if (v === '' || v === 'none' || /^(Err:|#)/.test(v)) return null;
    // IRR() cells come back formatted as percentages (still 15 significant digits).
    const n = v.endsWith('%') ? Number(v.slice(0, -1)) / 100 : Number(v);
    if (!Number.isFinite(n)) throw new Error(`unexpected cell ${JSON.stringify(v)}`);
    return n;
  };
  const results = ORACLE_CASES.map((c, i) => {
    const cells = lines[i]!.split(',');
    return {
      name: c.name,
      rate: c.rate,
      costs: c.costs,
      benefits: c.benefits,
      calc: {
        pvCosts: num(cells[1]),
        pvBenefits: num(cells[2]),
        irr: num(cells[3]),
        paybackPeriods: num(cells[4]),
        discountedPaybackPeriods: num(cells[5]),
      },
    };
  });
  writeFileSync(
    out,
    JSON.stringify(
      {
        generatedBy: 'tools/roi-oracle/build.ts',
        calc: execFileSync('soffice', ['--version']).toString().trim(),
        cases: results,
      },
      null,
      1,
    ) + '\n',
  );
  console.log(`${results.length} cases → ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
