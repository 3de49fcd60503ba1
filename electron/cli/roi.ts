// `flightdeck roi`: the TEI cash-flow figures of one cost and one benefit flow per period, for scripts.
import { existsSync } from 'node:fs';
import { evaluateCashFlows, type CashFlowResult } from '../../shared/domain/roi/finance';
import { compileModel, evaluateModel } from '../../shared/domain/roi/model';
import { runMonteCarlo, type MonteCarloResult } from '../../shared/domain/roi/montecarlo';
import { phaseNumber, type PhaseId } from '../../shared/domain/phases';
import { getInitiativeRecord } from '../core/repositories/initiatives.repo';
import { PREFERRED_SCENARIO_SQL, findScenarioByName, type RoiScenarioRecord } from '../core/repositories/roi.repo';
import { monthOfDate } from '../../shared/domain/roiActuals';
import { badInput, EXIT_OK, open, usage, type CliIo, type Values } from './cli';

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

/** `roi --db FILE --initiative ID`: the stored model's figures, risk-adjusted too, and its Monte Carlo percentiles. */
export interface StoredRoiJson extends CashFlowResult {
  initiativeId: number;
  scenario: { id: number; name: string; kind: string };
  paybackMonths: number | null;
  riskAdjusted: CashFlowResult & { paybackMonths: number | null };
  monteCarlo: Pick<MonteCarloResult, 'iterations' | 'valid' | 'npv' | 'roi' | 'probNegative'> & { seed: number };
  /** Plan vs actual: the initiative's actual cost and realised benefit entered up to `asOfMonth` (this month). */
  actual: { cost: number; benefit: number; asOfMonth: string };
}

export const MC_ITERATIONS = 10_000;
export const MC_SEED = 1;

function positiveInt(flag: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim())) throw usage(`--${flag} must be a whole number, got ${JSON.stringify(raw)}`);
  const n = Number(raw.trim());
  if (n < 1 || n > max) throw usage(`--${flag} must be between 1 and ${max}`);
  return n;
}

function storedRoi(values: Values, io: CliIo): number {
  const path = values.db!;
  const id = positiveInt('initiative', values.initiative, Number.NaN, Number.MAX_SAFE_INTEGER);
  if (Number.isNaN(id)) throw usage('--initiative ID is required with --db');
  const iterations = positiveInt('iterations', values.iterations, MC_ITERATIONS, 1_000_000);
  const seed = positiveInt('seed', values.seed, MC_SEED, 0xffffffff);
  if (!existsSync(path)) throw badInput(`${path}: file not found`);
  const db = open(path, false);
  try {
    const initiative = getInitiativeRecord(db, id);
    if (!initiative) throw badInput(`${path}: there is no initiative ${id}`);
    const scenario = values.scenario
      ? findScenarioByName(db, id, values.scenario)
      : ((db.prepare(`SELECT * FROM (${PREFERRED_SCENARIO_SQL}) WHERE initiative_id = ?`).get(id) as
          RoiScenarioRecord | undefined) ?? null);
    if (!scenario) {
      throw badInput(
        values.scenario
          ? `initiative ${id} has no ROI scenario named ${JSON.stringify(values.scenario)}`
          : `initiative ${id} has no ROI model`,
      );
    }
    let model: unknown;
    try {
      model = JSON.parse(scenario.model_json);
    } catch {
      throw badInput(`scenario “${scenario.name}”: the stored model is not JSON (written by another program?)`);
    }
    const evaluation = evaluateModel(model, { phase: phaseNumber(initiative.phase as PhaseId) });
    if (!evaluation.ok) throw badInput(`scenario “${scenario.name}”: ${evaluation.issues[0]?.message ?? 'not valid'}`);
    const mc = runMonteCarlo(compileModel(model), { iterations, seed });
    const asOfMonth = monthOfDate(new Date());
    const sums = db
      .prepare(
        `SELECT total(CASE WHEN side = 'cost' THEN amount END) AS cost,
                total(CASE WHEN side = 'benefit' THEN amount END) AS benefit
         FROM roi_actuals WHERE initiative_id = ? AND month <= ?`,
      )
      .get(id, asOfMonth) as { cost: number; benefit: number };
    const out: StoredRoiJson = {
      initiativeId: id,
      scenario: { id: scenario.id, name: scenario.name, kind: scenario.kind },
      ...evaluation.unadjusted.cashFlow,
      paybackMonths: evaluation.unadjusted.paybackMonths,
      riskAdjusted: { ...evaluation.riskAdjusted.cashFlow, paybackMonths: evaluation.riskAdjusted.paybackMonths },
      monteCarlo: {
        iterations: mc.iterations,
        valid: mc.valid,
        npv: mc.npv,
        roi: mc.roi,
        probNegative: mc.probNegative,
        seed,
      },
      actual: { cost: sums.cost, benefit: sums.benefit, asOfMonth },
    };
    if (values.json) {
      io.stdout.write(JSON.stringify(out, null, 2) + '\n');
    } else {
      const money = (v: number) => (Math.round(v) || 0).toLocaleString('en');
      io.stdout.write(
        `${initiative.name} — ${scenario.name} (${scenario.kind})\n` +
          formatRoi(out) +
          `Risk-adjusted NPV ${money(out.riskAdjusted.npv)}\n` +
          `Monte Carlo (${mc.valid.toLocaleString('en')} runs, seed ${seed}): NPV P10 ${money(mc.npv.p10)} · ` +
          `P50 ${money(mc.npv.p50)} · P90 ${money(mc.npv.p90)}; P(NPV < 0) ${(mc.probNegative * 100).toFixed(1)}%\n` +
          `Actual to ${asOfMonth}: cost ${money(sums.cost)} · realised benefit ${money(sums.benefit)}\n`,
      );
    }
    return EXIT_OK;
  } finally {
    db.close();
  }
}

/** Flows from the command line, or with --db a stored model. */
export function roiCommand(values: Values, io: CliIo): number {
  if (values.db !== undefined) {
    if (values.costs !== undefined || values.benefits !== undefined || values.rate !== undefined) {
      throw usage('--db reads a stored model; --costs, --benefits and --rate do not apply with it');
    }
    return storedRoi(values, io);
  }
  if (values.initiative !== undefined || values.scenario !== undefined || values.iterations !== undefined) {
    throw usage('--initiative, --scenario and --iterations need --db FILE');
  }
  return roiFlowsCommand(values, io);
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
