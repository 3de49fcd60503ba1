import type { InitiativeRag, Rag, RagCall, RagThresholds } from './types';

/**
 * RAG per initiative from written thresholds (domain.md §5.2), pure: the core gathers the figures, this
 * judges them. Every call names the figure and the threshold it crossed, so a board member can check it.
 *
 * Where the data cannot decide (no plan dates, no approved budget, KPIs never measured) the call is Amber
 * and says so: "not known" is a risk to the commitment, never a reason for Green. Value without a baseline
 * is Red, as §5.2 writes it.
 */
export const DEFAULT_RAG_THRESHOLDS: RagThresholds = {
  scheduleAmberSlipPct: 5,
  scheduleRedSlipPct: 15,
  budgetAmberEacPct: 105,
  budgetRedEacPct: 110,
  burnAmber: 1.1,
  burnRed: 1.3,
  valueGreenPct: 90,
  valueRedPct: 70,
  approvalPendingAmberDays: 30,
};

/** The written rules, one line per dimension, as the pack prints them beside the thresholds. */
export function ragRulesText(t: RagThresholds = DEFAULT_RAG_THRESHOLDS): { dimension: string; rule: string }[] {
  return [
    {
      dimension: 'Schedule',
      rule:
        `Slip = actual end (or today, once the planned end has passed) minus planned end, as a share of the planned ` +
        `duration. Green ≤ ${t.scheduleAmberSlipPct}% and no missed gate; Amber ≤ ${t.scheduleRedSlipPct}%; Red > ` +
        `${t.scheduleRedSlipPct}% or a gate review past its scheduled date without a decision. No plan dates: Amber.`,
    },
    {
      dimension: 'Budget',
      rule:
        `EAC as % of the approved budget and burn index (actual ÷ planned cost to date). Green: EAC ≤ ` +
        `${t.budgetAmberEacPct}% and burn ≤ ${t.burnAmber.toFixed(2)}; Amber: EAC ≤ ${t.budgetRedEacPct}% and burn ≤ ` +
        `${t.burnRed.toFixed(2)}; Red above either. No approved budget: Amber.`,
    },
    {
      dimension: 'Value',
      rule:
        `Lowest KPI attainment against its planned baseline→target trajectory. Green ≥ ${t.valueGreenPct}%; Amber ≥ ` +
        `${t.valueRedPct}%; Red < ${t.valueRedPct}%, or no KPI with a baseline. KPIs not yet measured: Amber.`,
    },
    {
      dimension: 'Risk',
      rule:
        'Red: any open Critical residual risk (score ≥ 20), or an overdue treatment action on a High risk. Amber: a ' +
        'High risk above appetite without an acceptance in force, treatment on track. Green otherwise.',
    },
    {
      dimension: 'Governance',
      rule:
        `Red: prohibited-practice tier, the current phase entered without a gate decision (or by override), a ` +
        `Conditional go whose conditions are past due, or an approval pending ≥ ${t.approvalPendingAmberDays} days. ` +
        `Amber: an approval pending < ${t.approvalPendingAmberDays} days. Green: all approvals for the phase on record.`,
    },
    { dimension: 'Overall', rule: 'The worst of the five dimensions.' },
  ];
}

const RANK: Record<Rag, number> = { green: 0, amber: 1, red: 2 };

export function worstRag(rags: readonly Rag[]): Rag {
  let worst: Rag = 'green';
  for (const r of rags) if (RANK[r] > RANK[worst]) worst = r;
  return worst;
}

/** Whole days from a to b (YYYY-MM-DD or ISO), negative when b is earlier. */
export function daysFromTo(a: string, b: string): number {
  return Math.round((Date.parse(b.slice(0, 10)) - Date.parse(a.slice(0, 10))) / 86_400_000);
}

export interface RagScheduleInput {
  plannedStart: string | null;
  plannedEnd: string | null;
  actualEnd: string | null;
  /** Open gate reviews whose scheduled date is before as-of. */
  missedGates: readonly { gate: string; scheduledDate: string }[];
}

export interface RagBudgetInput {
  approved: number | null;
  eac: number | null;
  burnIndex: number | null;
}

export interface RagValueInput {
  kpis: readonly { name: string; hasBaseline: boolean; pctOfPlan: number | null }[];
}

export interface RagRiskInput {
  /** Open risks only. */
  risks: readonly {
    title: string;
    residualScore: number;
    appetite: number;
    aboveAppetiteUnaccepted: boolean;
    actionOverdue: boolean;
  }[];
}

export interface RagGovernanceInput {
  prohibited: boolean;
  phaseNumber: number;
  phaseLabel: string;
  /** The gate that should have let the initiative into its phase (null in phase 1: none is needed). */
  entryGate: string | null;
  /** How the current phase was entered: by that gate's Go / Conditional go, by override, or with no decision. */
  entry: 'approved' | 'override' | 'missing';
  pending: { gate: string; requestedAt: string } | null;
  overdueConditions: { gate: string; count: number; oldestDue: string } | null;
}

export interface RagInput {
  asOf: string;
  currency?: string;
  schedule: RagScheduleInput;
  budget: RagBudgetInput;
  value: RagValueInput;
  risk: RagRiskInput;
  governance: RagGovernanceInput;
}

/** $1.23M, $450k, $900 (the currency symbol for USD, else the ISO code before the number). */
export function formatMoney(x: number, currency = 'USD'): string {
  const sign = x < 0 ? '-' : '';
  const a = Math.abs(x);
  const body =
    a >= 1e9
      ? `${(a / 1e9).toFixed(2)}B`
      : a >= 1e6
        ? `${(a / 1e6).toFixed(2)}M`
        : a >= 1e3
          ? `${(a / 1e3).toFixed(0)}k`
          : a.toFixed(0);
  return currency === 'USD' ? `${sign}$${body}` : `${sign}${currency} ${body}`;
}

/** Compares at 6 decimals, so 1.1 × 1,000,000 is 110% on the line, not a hair over it. */
const settle = (x: number) => Math.round(x * 1e6) / 1e6;
const pct = (x: number) => `${Math.round(x)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function ragSchedule(s: RagScheduleInput, asOf: string, t: RagThresholds): RagCall {
  const dimension = 'schedule' as const;
  const missed = [...s.missedGates].sort((a, b) => a.scheduledDate.localeCompare(b.scheduledDate))[0];
  if (missed) {
    const late = daysFromTo(missed.scheduledDate, asOf);
    return {
      dimension,
      rag: 'red',
      reason: `${missed.gate} review was scheduled for ${missed.scheduledDate} and is still undecided ${plural(late, 'day')} later (missed gate)`,
    };
  }
  if (s.plannedStart === null || s.plannedEnd === null) {
    return {
      dimension,
      rag: 'amber',
      reason: 'No planned start and end dates: slip cannot be measured, so schedule is Amber until a plan is set',
    };
  }
  const duration = Math.max(1, daysFromTo(s.plannedStart, s.plannedEnd));
  let slip = 0;
  let what: string;
  if (s.actualEnd !== null) {
    slip = daysFromTo(s.plannedEnd, s.actualEnd);
    what = `Finished ${s.actualEnd} against a planned end of ${s.plannedEnd}`;
  } else if (asOf > s.plannedEnd) {
    slip = daysFromTo(s.plannedEnd, asOf);
    what = `Planned end ${s.plannedEnd} passed ${plural(slip, 'day')} ago without an actual end`;
  } else {
    what = `On track for the planned end ${s.plannedEnd}`;
  }
  const slipPct = settle((Math.max(0, slip) / duration) * 100);
  const figure = `slip ${plural(Math.max(0, slip), 'day')} is ${pct(slipPct)} of the ${duration}-day plan`;
  if (slipPct > t.scheduleRedSlipPct)
    return { dimension, rag: 'red', reason: `${what}: ${figure} (> ${t.scheduleRedSlipPct}%)` };
  if (slipPct > t.scheduleAmberSlipPct)
    return { dimension, rag: 'amber', reason: `${what}: ${figure} (> ${t.scheduleAmberSlipPct}%)` };
  return { dimension, rag: 'green', reason: `${what}: ${figure} (≤ ${t.scheduleAmberSlipPct}%)` };
}

export function ragBudget(b: RagBudgetInput, t: RagThresholds, currency = 'USD'): RagCall {
  const dimension = 'budget' as const;
  if (b.approved === null || !(b.approved > 0)) {
    return {
      dimension,
      rag: 'amber',
      reason: 'No budget: no ROI plan with costs to hold spend to, so Amber',
    };
  }
  if (b.eac === null) {
    return { dimension, rag: 'amber', reason: 'No estimate at completion: budget cannot be judged, so Amber' };
  }
  const eacPct = settle((b.eac / b.approved) * 100);
  const burn = b.burnIndex === null ? null : settle(b.burnIndex);
  const eacText = `EAC ${formatMoney(b.eac, currency)} is ${pct(eacPct)} of approved ${formatMoney(b.approved, currency)}`;
  const burnText = b.burnIndex === null ? null : `burn index ${b.burnIndex.toFixed(2)}`;
  const red: string[] = [];
  const amber: string[] = [];
  if (eacPct > t.budgetRedEacPct) red.push(`${eacText} (> ${t.budgetRedEacPct}%)`);
  else if (eacPct > t.budgetAmberEacPct) amber.push(`${eacText} (> ${t.budgetAmberEacPct}%)`);
  if (burn !== null && burn > t.burnRed) red.push(`${burnText} (> ${t.burnRed.toFixed(2)})`);
  else if (burn !== null && burn > t.burnAmber) amber.push(`${burnText} (> ${t.burnAmber.toFixed(2)})`);
  if (red.length > 0) return { dimension, rag: 'red', reason: [...red, ...amber].join('; ') };
  if (amber.length > 0) return { dimension, rag: 'amber', reason: amber.join('; ') };
  const burnOk =
    burnText === null ? 'no cost planned to date for a burn index' : `${burnText} (≤ ${t.burnAmber.toFixed(2)})`;
  return { dimension, rag: 'green', reason: `${eacText} (≤ ${t.budgetAmberEacPct}%); ${burnOk}` };
}

export function ragValue(v: RagValueInput, t: RagThresholds): RagCall {
  const dimension = 'value' as const;
  if (v.kpis.length === 0) {
    return {
      dimension,
      rag: 'red',
      reason: 'No KPI with a baseline: value cannot be shown (Red per the written rule)',
    };
  }
  const noBaseline = v.kpis.filter((k) => !k.hasBaseline);
  if (noBaseline.length > 0) {
    const names = noBaseline.map((k) => `“${k.name}”`).join(', ');
    return { dimension, rag: 'red', reason: `No baseline for ${names}: value against plan cannot be shown` };
  }
  const measured = v.kpis.filter((k): k is typeof k & { pctOfPlan: number } => k.pctOfPlan !== null);
  if (measured.length === 0) {
    return {
      dimension,
      rag: 'amber',
      reason: `${plural(v.kpis.length, 'KPI')} with a baseline but none measured against a dated target yet, so Amber`,
    };
  }
  const worst = measured.reduce((a, b) => (b.pctOfPlan < a.pctOfPlan ? b : a));
  const p = settle(worst.pctOfPlan);
  const figure = `“${worst.name}” is at ${pct(worst.pctOfPlan)} of its planned trajectory`;
  const lowest = measured.length > 1 ? ` (lowest of ${measured.length} KPIs)` : '';
  if (p < t.valueRedPct) return { dimension, rag: 'red', reason: `${figure}${lowest} (< ${t.valueRedPct}%)` };
  if (p < t.valueGreenPct) return { dimension, rag: 'amber', reason: `${figure}${lowest} (< ${t.valueGreenPct}%)` };
  return { dimension, rag: 'green', reason: `${figure}${lowest} (≥ ${t.valueGreenPct}%)` };
}

/** Residual score bands of the 5×5 scale (domain.md §7): High 10–16, Critical 20–25. */
const HIGH_MIN = 10;
const CRITICAL_MIN = 20;

export function ragRisk(r: RagRiskInput): RagCall {
  const dimension = 'risk' as const;
  const byScore = [...r.risks].sort((a, b) => b.residualScore - a.residualScore);
  const critical = byScore.filter((x) => x.residualScore >= CRITICAL_MIN);
  if (critical.length > 0) {
    const c = critical[0]!;
    const more = critical.length > 1 ? ` and ${critical.length - 1} more` : '';
    return {
      dimension,
      rag: 'red',
      reason: `Critical residual risk “${c.title}” (score ${c.residualScore} ≥ ${CRITICAL_MIN})${more}`,
    };
  }
  const overdueHigh = byScore.find((x) => x.residualScore >= HIGH_MIN && x.actionOverdue);
  if (overdueHigh) {
    return {
      dimension,
      rag: 'red',
      reason: `Treatment action overdue on High risk “${overdueHigh.title}” (residual ${overdueHigh.residualScore})`,
    };
  }
  const above = byScore.find((x) => x.residualScore >= HIGH_MIN && x.aboveAppetiteUnaccepted);
  if (above) {
    return {
      dimension,
      rag: 'amber',
      reason: `High risk “${above.title}” has residual ${above.residualScore} above appetite ${above.appetite}, no acceptance in force; treatment on track`,
    };
  }
  return {
    dimension,
    rag: 'green',
    reason:
      r.risks.length === 0
        ? 'No open risks on the register'
        : `No residual High risk outside appetite (${plural(r.risks.length, 'open risk')})`,
  };
}

export function ragGovernance(g: RagGovernanceInput, asOf: string, t: RagThresholds): RagCall {
  const dimension = 'governance' as const;
  if (g.prohibited) {
    return { dimension, rag: 'red', reason: 'Risk tier is Prohibited (EU AI Act prohibited practice)' };
  }
  if (g.overdueConditions) {
    const c = g.overdueConditions;
    return {
      dimension,
      rag: 'red',
      reason: `Conditional go at ${c.gate}: ${plural(c.count, 'condition')} past due (oldest due ${c.oldestDue}), so the approval has lapsed`,
    };
  }
  if (g.entryGate !== null && g.entry !== 'approved') {
    return {
      dimension,
      rag: 'red',
      reason:
        g.entry === 'override'
          ? `${g.phaseLabel} was entered by overriding ${g.entryGate} (required approval missing)`
          : `No ${g.entryGate} Go on record for entering ${g.phaseLabel} (required approval missing)`,
    };
  }
  if (g.pending) {
    const days = Math.max(0, daysFromTo(g.pending.requestedAt, asOf));
    const figure = `${g.pending.gate} approval pending ${plural(days, 'day')} since ${g.pending.requestedAt.slice(0, 10)}`;
    if (days >= t.approvalPendingAmberDays)
      return { dimension, rag: 'red', reason: `${figure} (≥ ${t.approvalPendingAmberDays} days)` };
    return { dimension, rag: 'amber', reason: `${figure} (< ${t.approvalPendingAmberDays} days)` };
  }
  return {
    dimension,
    rag: 'green',
    reason:
      g.entryGate === null
        ? `No gate approval is required to be in ${g.phaseLabel}`
        : `${g.entryGate} decision on record for ${g.phaseLabel}`,
  };
}

export function computeRag(input: RagInput, t: RagThresholds = DEFAULT_RAG_THRESHOLDS): InitiativeRag {
  const dimensions: RagCall[] = [
    ragSchedule(input.schedule, input.asOf, t),
    ragBudget(input.budget, t, input.currency),
    ragValue(input.value, t),
    ragRisk(input.risk),
    ragGovernance(input.governance, input.asOf, t),
  ];
  return { overall: worstRag(dimensions.map((d) => d.rag)), dimensions };
}
