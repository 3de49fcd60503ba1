// `flightdeck roi`: the TEI cash-flow figures of one cost and one benefit flow per period, for scripts.
import { evaluateCashFlows, type CashFlowResult } from '../../shared/domain/roi/finance';
import { badInput, EXIT_OK, usage, type CliIo, type Values } from './cli';

/** A plain decimal (sign, digits, optional fraction and exponent): no hex, no "Infinity", no empty cells. */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(flag: string, raw: string, position?: number): number {
  const s = raw.trim();
  const where = position === undefined ? `--${flag}` : `--${flag} value ${position + 1}`;
  if (!NUMBER.test(s)) throw badInput(`${where} is not a number: ${JSON.stringify(raw)}`);
  const n = Number(s);
  if (!Number.isFinite(n)) throw badInput(`${where} is out of range: ${JSON.stringify(raw)}`);
  return n;
}

export function parseFlows(flag: string, raw: string | undefined): number[] {
  if (raw === undefined || raw.trim() === '') throw usage(`--${flag} C0,C1,... is required`);
  return raw.split(',').map((v, i) => parseNumber(flag, v, i));
}

/** The JSON `roi --json` prints: every figure a finite number, or null where it does not exist. */
export type RoiJson = CashFlowResult;

export function formatRoi(r: CashFlowResult): string {
  // `|| 0` turns a rounded −0 (from −1e−14 noise) into 0.
  const money = (v: number) => (Math.round(v * 100) / 100 || 0).toLocaleString('en', { maximumFractionDigits: 2 });
  const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(2)}%`);
  const periods = (v: number | null) => (v === null ? 'not within horizon' : `${v.toFixed(2)} periods`);
  return (
    [
      `NPV                ${money(r.npv)}`,
      `ROI                ${pct(r.roi)}`,
      `IRR                ${pct(r.irr)}`,
      `PV benefits        ${money(r.pvBenefits)}`,
      `PV costs           ${money(r.pvCosts)}`,
      `Payback            ${periods(r.paybackPeriods)}`,
      `Discounted payback ${periods(r.discountedPaybackPeriods)}`,
    ].join('\n') + '\n'
  );
}

export function roiFlowsCommand(values: Values, io: CliIo): number {
  const costs = parseFlows('costs', values.costs);
  const benefits = parseFlows('benefits', values.benefits);
  if (costs.length !== benefits.length) {
    throw badInput(
      `--costs has ${costs.length} periods but --benefits has ${benefits.length}; give one value per period to each`,
    );
  }
  if (values.rate === undefined) throw usage('--rate R is required (0.1 for 10%)');
  const rate = parseNumber('rate', values.rate);
  if (rate <= -1) throw badInput(`--rate must be above -1 (-100%), got ${values.rate}`);
  const result = evaluateCashFlows(costs, benefits, rate);
  io.stdout.write(values.json ? JSON.stringify(result, null, 2) + '\n' : formatRoi(result));
  return EXIT_OK;
}
