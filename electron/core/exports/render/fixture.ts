import { GATES } from '../../../../shared/domain/governance/gates';
import { INITIATIVE_TYPES, RISK_TIERS, STATUSES } from '../../../../shared/domain/enums';
import { PHASES } from '../../../../shared/domain/phases';
import {
  RAG_DIMENSIONS,
  type InitiativeRag,
  type PackDecision,
  type PackInitiative,
  type PackKpi,
  type PackMilestone,
  type PackRisk,
  type PackSnapshot,
  type Rag,
} from '../../../../shared/domain/pack/types';
import { seededRandom } from '../../../../shared/random';
import { DEFAULT_RAG_THRESHOLDS } from '../../../../shared/domain/pack/rag';

/**
 * A deterministic, realistic PackSnapshot for renderer tests and benches: the same seed gives the same
 * snapshot byte for byte. Some names and texts are hostile on purpose (markup, spreadsheet formulas, very
 * long and non-Latin text), so every renderer is exercised against them.
 */
export const HOSTILE_TEXTS = {
  script: '<script>alert(1)</script>',
  hyperlink: '=HYPERLINK("http://x","y")',
  plus: '+1',
  at: '@SUM(A1)',
  unicode: 'Prévision des délais — 需求预测 — Ωmega ✓',
  long: `Enterprise-wide multilingual customer-correspondence summarisation and routing assistant for the claims, underwriting and broker-servicing teams across all regions ${'(phase two) '.repeat(6)}`.trim(),
} as const;

const BASE_NAMES = [
  'Claims triage copilot',
  'Invoice extraction',
  'Churn prediction',
  'Contract review assistant',
  'Call-centre summariser',
  'Fraud scoring v2',
  'Demand forecasting',
  'HR policy chatbot',
  'Code review assistant',
  'Procurement agent',
  'Product recommendations',
  'KYC document reader',
  'Field service scheduler',
  'Marketing copy generator',
  'Credit memo drafter',
];
const UNITS = ['Claims', 'Finance', 'Customer Service', 'Legal', 'Operations', 'HR', 'Engineering', 'Marketing'];
const PEOPLE = ['Ana Ribeiro', 'Tom Okafor', 'Mei Chen', 'Lars Nilsson', 'Priya Raman', 'Sam Carter', 'Nora Haddad'];
const RISK_TITLES = [
  'Hallucinated answers reach customers',
  'PII leaks into prompts sent to the model vendor',
  'Model drift after product catalogue change',
  'Vendor price increase on inference',
  'Agent takes an unauthorised refund action',
  'Bias in approval recommendations',
  'Key engineer leaves mid-build',
];
const RISK_CATEGORIES = ['Privacy & security', 'Misinformation', 'Discrimination', 'Operational', 'Financial'];
const KPI_NAMES: { name: string; unit: string; direction: 'increase' | 'decrease' }[] = [
  { name: 'Average handling time', unit: 'min', direction: 'decrease' },
  { name: 'First-contact resolution', unit: '%', direction: 'increase' },
  { name: 'Straight-through processing', unit: '%', direction: 'increase' },
  { name: 'Cost per case', unit: 'USD', direction: 'decrease' },
];
const SIGNALS = [
  { code: 'PILOT_STALL', severity: 'warning', message: 'In pilot for 240 days without a production budget' },
  { code: 'NO_BASELINE', severity: 'warning', message: 'Value KPI has no baseline' },
  { code: 'OWNER_LEFT', severity: 'critical', message: 'AI product owner has left the company' },
];

const DAY = 86_400_000;
function isoDay(base: number, offsetDays: number): string {
  return new Date(base + offsetDays * DAY).toISOString().slice(0, 10);
}
const RANK: Record<Rag, number> = { green: 0, amber: 1, red: 2 };

export function fixtureSnapshot(options: { initiatives?: number; seed?: number } = {}): PackSnapshot {
  const count = Math.max(1, Math.min(5000, Math.floor(options.initiatives ?? 12)));
  const rnd = seededRandom(options.seed ?? 7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const money = (lo: number, hi: number) => Math.round((lo + rnd() * (hi - lo)) / 1000) * 1000;
  const asOf = '2026-03-31';
  const base = Date.parse(`${asOf}T00:00:00Z`);
  const hostile = Object.values(HOSTILE_TEXTS);

  let riskId = 1;
  const initiatives: PackInitiative[] = [];
  for (let i = 0; i < count; i++) {
    const id = i + 1;
    const name =
      i < hostile.length ? (hostile[i] as string) : `${BASE_NAMES[i % BASE_NAMES.length]}${i >= 15 ? ` ${id}` : ''}`;
    const phaseIdx = Math.min(6, Math.floor(rnd() * rnd() * 9));
    const phase = PHASES[phaseIdx] ?? PHASES[0];
    const dims = RAG_DIMENSIONS.map((dimension) => {
      const r = rnd();
      const rag: Rag = r < 0.74 ? 'green' : r < 0.93 ? 'amber' : 'red';
      const reason =
        dimension === 'schedule'
          ? rag === 'green'
            ? 'Forecast slip 2% of planned phase duration (≤ 5%)'
            : rag === 'amber'
              ? 'Forecast slip 9% (5–15%); recovery plan in place'
              : 'Forecast slip 22% (> 15%); gate G4 missed'
          : dimension === 'budget'
            ? rag === 'green'
              ? 'EAC 98% of approved; burn index 0.95'
              : rag === 'amber'
                ? 'EAC 107% of approved (105–110%)'
                : 'EAC 118% of approved (> 110%); burn index 1.42'
            : dimension === 'value'
              ? rag === 'green'
                ? 'KPIs at 96% of planned trajectory (≥ 90%)'
                : rag === 'amber'
                  ? 'KPIs at 78% of planned trajectory (70–90%)'
                  : 'KPIs at 52% of planned trajectory (< 70%)'
              : dimension === 'risk'
                ? rag === 'green'
                  ? 'No residual risk ≥ High outside appetite'
                  : rag === 'amber'
                    ? 'High risk above appetite; treatment on track'
                    : 'Critical residual risk open'
                : rag === 'green'
                  ? 'All approvals for the current phase in place'
                  : rag === 'amber'
                    ? 'Approval pending for 12 days (< 30)'
                    : 'Required approval missing';
      return { dimension, rag, reason };
    });
    const overall = dims.reduce<Rag>((w, d) => (RANK[d.rag] > RANK[w] ? d.rag : w), 'green');
    const rag: InitiativeRag = { overall, dimensions: dims };
    const approved = money(150_000, 2_500_000);
    const actual = Math.round(approved * (0.1 + rnd() * 0.9));
    const eac = Math.round(approved * (0.85 + rnd() * 0.35));
    const live = phaseIdx >= 4;
    const projected = money(200_000, 6_000_000);
    const realized = live ? Math.round(projected * rnd() * 0.6) : null;
    const kpis: PackKpi[] = [];
    for (let k = 0, n = int(1, 3); k < n; k++) {
      const def = KPI_NAMES[(i + k) % KPI_NAMES.length] ?? KPI_NAMES[0];
      if (!def) continue;
      const baseline = def.unit === '%' ? int(30, 60) : int(8, 40);
      const target = def.direction === 'increase' ? baseline + int(10, 30) : Math.max(1, baseline - int(3, 7));
      const pct = live ? int(40, 115) : null;
      const current = pct === null ? null : Math.round((baseline + ((target - baseline) * pct) / 100) * 10) / 10;
      kpis.push({
        name: def.name,
        unit: def.unit,
        direction: def.direction,
        baseline,
        current,
        target,
        pctOfPlan: pct,
        trend: pct === null ? null : pct > 90 ? 'up' : pct > 70 ? 'flat' : 'down',
        measuredAt: pct === null ? null : isoDay(base, -int(1, 40)),
      });
    }
    const risks: PackRisk[] = [];
    for (let k = 0, n = int(0, 3); k < n; k++) {
      const likelihood = int(1, 5);
      const impact = int(2, 5);
      const inherent = likelihood * impact;
      const residual = Math.max(1, inherent - (rnd() < 0.3 ? 0 : int(2, 8)));
      const band = residual >= 20 ? 'Critical' : residual >= 10 ? 'High' : residual >= 5 ? 'Medium' : 'Low';
      const due = rnd() < 0.8 ? isoDay(base, int(-20, 120)) : null;
      risks.push({
        id: riskId++,
        initiativeId: id,
        initiativeName: name,
        title: pick(RISK_TITLES),
        category: pick(RISK_CATEGORIES),
        owner: rnd() < 0.9 ? pick(PEOPLE) : null,
        inherentScore: inherent,
        residualScore: residual,
        band,
        treatment: pick(['Mitigate', 'Transfer', 'Accept', 'Avoid']),
        status: pick(['Treatment planned', 'In treatment', 'Identified']),
        dueDate: due,
        overdue: due !== null && due < asOf,
      });
    }
    const gate = GATES[phaseIdx] ?? GATES[0];
    const plannedStart = isoDay(base, -int(60, 500));
    initiatives.push({
      id,
      name,
      businessUnit: i === 1 ? HOSTILE_TEXTS.plus : pick(UNITS),
      description:
        i === 0
          ? `Description with markup ${HOSTILE_TEXTS.script} & formula ${HOSTILE_TEXTS.hyperlink}`
          : `${name}: reduce manual effort in ${pick(UNITS).toLowerCase()} with AI assistance.`,
      tags: i === 2 ? ['genai', HOSTILE_TEXTS.at] : ['genai', pick(['cost', 'growth', 'risk'])],
      type: pick(INITIATIVE_TYPES.items).label,
      phase: phase.id,
      phaseLabel: phase.label,
      status: i % 17 === 16 ? STATUSES.label('on_hold') : STATUSES.label('active'),
      riskTier: pick(RISK_TIERS.items).label,
      sponsor: pick(PEOPLE),
      productOwner: rnd() < 0.9 ? pick(PEOPLE) : null,
      techLead: rnd() < 0.8 ? pick(PEOPLE) : null,
      plannedStart,
      plannedEnd: isoDay(base, int(30, 400)),
      actualStart: rnd() < 0.8 ? plannedStart : null,
      actualEnd: null,
      phaseEnteredAt: `${isoDay(base, -int(5, 300))}T09:00:00.000Z`,
      daysInPhase: int(5, 300),
      rag,
      value: {
        realizedYtd: realized,
        projectedAnnual: projected,
        npv: Math.round(projected * 2.1 - approved),
        roiPct: Math.round(((projected * 3 - approved) / approved) * 100),
      },
      budget: {
        approved,
        actualToDate: actual,
        eac,
        variancePct: Math.round(((eac - approved) / approved) * 1000) / 10,
        burnIndex: Math.round((0.7 + rnd() * 0.7) * 100) / 100,
      },
      kpis,
      risks,
      nextGate:
        phaseIdx < 6 || rnd() < 0.5
          ? {
              gate: gate.id,
              label: gate.name,
              status: pick(['Not requested', 'Requested']),
              dueDate: isoDay(base, int(5, 150)),
            }
          : null,
      signals: rnd() < 0.3 ? [pick(SIGNALS)] : [],
      monitoring: live
        ? {
            spend30d: money(2_000, 60_000),
            requests30d: int(10_000, 900_000),
            latencyP95s: Math.round((0.4 + rnd() * 4) * 100) / 100,
            errorRate: Math.round(rnd() * 400) / 10_000,
          }
        : null,
    });
  }

  const allRisks = initiatives.flatMap((x) => x.risks);
  const topRisks = [...allRisks].sort((a, b) => b.residualScore - a.residualScore || a.id - b.id).slice(0, 5);
  const decisions: PackDecision[] = initiatives
    .filter((x) => x.rag.overall === 'red')
    .slice(0, 6)
    .map((x) => ({
      initiativeId: x.id,
      initiativeName: x.name,
      decision: x.id === 1 ? HOSTILE_TEXTS.hyperlink : `Rebaseline or stop ${x.name}`,
      why: x.rag.dimensions.find((d) => d.rag === 'red')?.reason ?? 'Red overall',
      owner: x.sponsor,
      deadline: isoDay(base, int(7, 45)),
      consequence: 'Spend continues without a plan that can deliver',
    }));
  const milestones: PackMilestone[] = initiatives
    .filter((x) => x.nextGate?.dueDate && x.nextGate.dueDate <= isoDay(base, 90))
    .map((x) => ({
      initiativeId: x.id,
      initiativeName: x.name,
      what: `${x.nextGate?.gate ?? ''} ${x.nextGate?.label ?? ''}`.trim(),
      date: x.nextGate?.dueDate ?? asOf,
    }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.initiativeId - b.initiativeId);
  const byRag: Record<Rag, number> = { green: 0, amber: 0, red: 0 };
  for (const x of initiatives) byRag[x.rag.overall]++;
  const sum = (f: (x: PackInitiative) => number | null) => initiatives.reduce((s, x) => s + (f(x) ?? 0), 0);
  const inProduction = initiatives.filter((x) => PHASES.findIndex((p) => p.id === x.phase) >= 4).length;
  const criticalRisks = allRisks.filter((r) => r.band === 'Critical').length;
  const realizedValueYtd = sum((x) => x.value.realizedYtd);

  return {
    version: 1,
    title: 'AI portfolio status — Q1 2026',
    scope:
      count === 1
        ? { kind: 'initiative', initiativeId: 1, label: initiatives[0]?.name ?? '' }
        : { kind: 'portfolio', label: 'Whole portfolio' },
    asOf,
    generatedAt: '2026-04-02T08:30:00.000Z',
    generatedBy: 'Fixture Generator',
    currency: 'USD',
    headline: `${inProduction} initiatives in production; realized value YTD $${(realizedValueYtd / 1e6).toFixed(1)}M; ${criticalRisks} critical risks. Ask: decide on ${decisions.length} red initiatives.`,
    thresholds: { ...DEFAULT_RAG_THRESHOLDS },
    totals: {
      initiatives: count,
      inProduction,
      criticalRisks,
      realizedValueYtd,
      projectedValueAnnual: sum((x) => x.value.projectedAnnual),
      budgetApproved: sum((x) => x.budget.approved),
      spendToDate: sum((x) => x.budget.actualToDate),
      byPhase: PHASES.map((p) => ({
        phase: p.id,
        label: p.label,
        count: initiatives.filter((x) => x.phase === p.id).length,
      })),
      byRag,
    },
    initiatives,
    topRisks,
    decisions,
    gates: initiatives.slice(0, Math.min(count, 30)).map((x, k) => ({
      initiativeId: x.id,
      initiativeName: x.name,
      gate: x.nextGate?.gate ?? 'G1',
      label: x.nextGate?.label ?? 'Fund discovery / data work',
      status: k % 3 === 0 ? 'Decided' : 'Requested',
      decision: k % 3 === 0 ? 'Go' : null,
      requestedAt: `${isoDay(base, -int(10, 200))}T10:00:00.000Z`,
      decidedAt: k % 3 === 0 ? `${isoDay(base, -int(1, 9))}T15:00:00.000Z` : null,
    })),
    milestones,
    watchlist: initiatives.flatMap((x) =>
      x.signals.map((s) => ({
        initiativeId: x.id,
        initiativeName: x.name,
        code: s.code,
        severity: s.severity,
        message: s.message,
      })),
    ),
    agents:
      count >= 3
        ? {
            total: 14,
            byAutonomy: [
              { level: 'L1 Assist', count: 6 },
              { level: 'L2 Suggest', count: 5 },
              { level: 'L3 Act with approval', count: 3 },
            ],
            withoutOwner: 2,
          }
        : null,
    dataFreshness: 'Telemetry as of 2026-03-31 06:00 UTC; ROI actuals as of 2026-03-15',
  };
}
