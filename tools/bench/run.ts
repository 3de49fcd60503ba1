/**
 * The benchmark table: each figure measured on this machine next to the bare-platform baseline from
 * the same run, so a slow machine shows up as a slow baseline rather than as an app regression.
 *
 *   npm run bench                       all rows, default repetitions
 *   npm run bench -- --runs 50          more repetitions
 *   npm run bench -- --only list        rows whose figure contains "list"
 *   npm run bench -- --json out.json    also write the results as JSON
 *   npm run bench -- --strict           exit 1 when any row misses its target
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { TempDirs } from '../../electron/core/testing/temp-dir';
import { ALL_ROWS } from './rows';
import { median, p95 } from './stats';
import type { BenchRow, RowOutcome, Target } from './types';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    only: { type: 'string' },
    json: { type: 'string' },
    strict: { type: 'boolean', default: false },
  },
});

const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);

type Verdict = 'PASS' | 'FAIL' | 'SKIPPED' | 'ERROR';
interface Line {
  figure: string;
  target: string;
  verdict: Verdict;
  median?: number;
  p95?: number;
  baselineMedian?: number;
  baselineP95?: number;
  baselineLabel?: string;
  samples?: number[];
  baseline?: number[];
  note?: string;
}

const ms = (v: number | undefined) => (v === undefined ? '' : v >= 100 ? v.toFixed(0) : v.toFixed(2));

function describeTarget(t: Target): string {
  return 'ms' in t ? `≤ ${t.ms} ms ${t.on}` : `≤ ${t.ratioToBaseline}× baseline ${t.on}`;
}

function judge(row: BenchRow, outcome: RowOutcome): Line {
  const target = describeTarget(row.target);
  if ('skipped' in outcome) return { figure: row.figure, target, verdict: 'SKIPPED', note: outcome.skipped };
  const m = median(outcome.samples);
  const p = p95(outcome.samples);
  const stat = row.target.on === 'p95' ? p95 : median;
  const pass =
    'ms' in row.target
      ? stat(outcome.samples) <= row.target.ms
      : stat(outcome.samples) <= row.target.ratioToBaseline * stat(outcome.baseline);
  return {
    figure: row.figure,
    target,
    verdict: pass ? 'PASS' : 'FAIL',
    median: m,
    p95: p,
    baselineMedian: median(outcome.baseline),
    baselineP95: p95(outcome.baseline),
    baselineLabel: outcome.baselineLabel,
    samples: outcome.samples,
    baseline: outcome.baseline,
    ...(outcome.note ? { note: outcome.note } : {}),
  };
}

function printTable(lines: Line[]): void {
  const header = [
    'figure',
    'measured median / p95 (ms)',
    'target',
    'raw baseline median / p95 (ms)',
    '× baseline',
    'verdict',
  ];
  const body = lines.map((l) => [
    l.figure,
    l.median === undefined ? '—' : `${ms(l.median)} / ${ms(l.p95)}  (n=${l.samples?.length})`,
    l.target,
    l.baselineMedian === undefined ? '—' : `${ms(l.baselineMedian)} / ${ms(l.baselineP95)}  ${l.baselineLabel}`,
    l.median !== undefined && l.baselineMedian ? `${(l.median / l.baselineMedian).toFixed(1)}×` : '—',
    l.verdict,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const fmt = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  console.log(fmt(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of body) console.log(fmt(r));
  for (const l of lines) if (l.note) console.log(`  · ${l.figure}: ${l.note}`);
}

async function main(): Promise<void> {
  const temp = new TempDirs();
  const loadAtStart = loadavg()[0]!.toFixed(1);
  const rows = ALL_ROWS.filter((r) => !values.only || r.figure.includes(values.only));
  const lines: Line[] = [];
  try {
    for (const row of rows) {
      process.stderr.write(`bench: ${row.figure} …\n`);
      try {
        lines.push(judge(row, await row.run({ temp, runs, log: (m) => process.stderr.write(`  ${m}\n`) })));
      } catch (e) {
        lines.push({
          figure: row.figure,
          target: describeTarget(row.target),
          verdict: 'ERROR',
          note: e instanceof Error ? e.message : String(e),
        });
      }
    }
  } finally {
    temp.cleanup();
  }
  // Load and core count go in the header: on a shared two-core machine they explain most of the spread.
  const [load1, load5] = loadavg();
  console.log(
    `\nFlightdeck bench — ${new Date().toISOString()} — node ${process.version}, ${process.platform}/${process.arch}, ` +
      `${cpus().length} CPUs, load ${loadAtStart} at start / ${load1!.toFixed(1)} (1 min), ${load5!.toFixed(1)} (5 min) at end; ` +
      `verdict on the target's statistic\n`,
  );
  printTable(lines);
  if (values.json) writeFileSync(values.json, JSON.stringify({ at: new Date().toISOString(), runs, lines }, null, 2));
  const failed = lines.some((l) => l.verdict === 'FAIL' || l.verdict === 'ERROR');
  if (values.strict && failed) process.exitCode = 1;
}

await main();
