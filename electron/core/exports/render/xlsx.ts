import ExcelJS from 'exceljs';
import { FLIGHTDECK_COLUMNS, TAG_SEPARATOR } from '../../../../shared/domain/import/columns';
import type { ImportField } from '../../../../shared/domain/import/types';
import { INITIATIVE_TYPES, OWNER_ROLES, RISK_TIERS, STATUSES } from '../../../../shared/domain/enums';
import { neutraliseText } from '../../../../shared/domain/pack/cells';
import {
  RAG_DIMENSIONS,
  type PackInitiative,
  type PackRisk,
  type PackSnapshot,
  type Rag,
} from '../../../../shared/domain/pack/types';
import { PHASES } from '../../../../shared/domain/phases';
import { DIMENSION_LABEL, RAG_WORD, XML_INVALID, throwIfAborted, toDate } from './format';

/**
 * The XLSX data pack (domain.md §5.3): a README sheet with definitions, thresholds and timestamps, then one sheet
 * per entity. Numbers are numbers and dates are dates (never text), every text cell is neutralised against
 * formula injection, and no cell is ever a formula. The Initiatives sheet starts with Flightdeck's own columns
 * and labels, so the file imports back through the built-in 'Flightdeck' profile.
 */
type Kind = 'text' | 'int' | 'number' | 'money' | 'pct' | 'date' | 'datetime' | 'bool';
interface Col {
  header: string;
  kind: Kind;
  width?: number;
}
type Value = string | number | boolean | Date | null | undefined;

const MAX_CELL_CHARS = 32_767; // Excel's limit per cell

/** A text cell's value: XML-safe, within Excel's length limit, and never read as a formula. */
export function textCell(value: string): string {
  const clean = value.replace(XML_INVALID, '');
  return neutraliseText(clean.length > MAX_CELL_CHARS ? clean.slice(0, MAX_CELL_CHARS - 1) : clean);
}

function currencyFormat(currency: string): string {
  const symbol: Record<string, string> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥' };
  const s = symbol[currency];
  if (s) return `"${s}"#,##0;-"${s}"#,##0`;
  return /^[A-Z]{3}$/.test(currency) ? `#,##0 "${currency}";-#,##0 "${currency}"` : '#,##0';
}

const FORMATS = (currency: string): Record<Kind, string | undefined> => ({
  text: '@',
  int: '#,##0',
  number: '#,##0.00',
  money: currencyFormat(currency),
  pct: '0.0%',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  bool: undefined,
});

function cellValue(kind: Kind, v: Value): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'text':
      return textCell(String(v));
    case 'date':
    case 'datetime':
      return v instanceof Date ? v : toDate(String(v));
    case 'bool':
      return Boolean(v);
    default:
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
}

function addSheet(
  wb: ExcelJS.Workbook,
  name: string,
  currency: string,
  cols: Col[],
  rows: Value[][],
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const fmt = FORMATS(currency);
  ws.columns = cols.map((c) => ({ header: textCell(c.header), width: c.width ?? 12 }));
  const header = ws.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF0B4F71' } };
  header.alignment = { vertical: 'middle' };
  const widths = cols.map((c) => Math.max(c.width ?? 0, c.header.length + 2));
  for (const r of rows) {
    const row = ws.addRow(cols.map((c, i) => cellValue(c.kind, r[i])));
    cols.forEach((c, i) => {
      const f = fmt[c.kind];
      if (f && c.kind !== 'text') row.getCell(i + 1).numFmt = f;
      const v = r[i];
      if (c.kind === 'text' && typeof v === 'string') widths[i] = Math.max(widths[i] ?? 0, Math.min(60, v.length + 2));
      if (c.kind === 'date') widths[i] = Math.max(widths[i] ?? 0, 12);
      if (c.kind === 'datetime') widths[i] = Math.max(widths[i] ?? 0, 17);
      if (c.kind === 'money') widths[i] = Math.max(widths[i] ?? 0, 14);
    });
  }
  cols.forEach((_c, i) => {
    ws.getColumn(i + 1).width = Math.min(60, widths[i] ?? 12);
  });
  if (cols.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
  return ws;
}

/** Stored id → label ('copilot' → 'Copilot'); a value that already is a label passes through. */
function label(vocab: { ids: readonly string[]; label: (id: never) => string }, value: string): string {
  return (vocab.ids as readonly string[]).includes(value) ? vocab.label(value as never) : value;
}
function phaseLabel(x: PackInitiative): string {
  return PHASES.find((p) => p.id === x.phase)?.label ?? x.phaseLabel;
}
function dimRag(x: PackInitiative, d: (typeof RAG_DIMENSIONS)[number]): string | null {
  const c = x.rag.dimensions.find((q) => q.dimension === d);
  return c ? RAG_WORD[c.rag] : null;
}

function flightdeckValue(x: PackInitiative, field: ImportField): Value {
  switch (field) {
    case 'id':
      return x.id;
    case 'name':
      return x.name;
    case 'businessUnit':
      return x.businessUnit;
    case 'description':
      return x.description;
    case 'type':
      return label(INITIATIVE_TYPES, x.type);
    case 'phase':
      return phaseLabel(x);
    case 'status':
      return label(STATUSES, x.status);
    case 'riskTier':
      return label(RISK_TIERS, x.riskTier);
    case 'tags':
      return x.tags.join(TAG_SEPARATOR);
    case 'sponsor':
      return x.sponsor;
    case 'productOwner':
      return x.productOwner;
    case 'techLead':
      return x.techLead;
    case 'plannedStart':
      return toDate(x.plannedStart);
    case 'plannedEnd':
      return toDate(x.plannedEnd);
    case 'actualStart':
      return toDate(x.actualStart);
    case 'actualEnd':
      return toDate(x.actualEnd);
    default:
      return null;
  }
}
const FIELD_KIND: Partial<Record<ImportField, Kind>> = {
  id: 'int',
  plannedStart: 'date',
  plannedEnd: 'date',
  actualStart: 'date',
  actualEnd: 'date',
};

function allRisks(s: PackSnapshot): PackRisk[] {
  const seen = new Set<number>();
  const out: PackRisk[] = [];
  for (const r of [...s.initiatives.flatMap((x) => x.risks), ...s.topRisks]) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    out.push(r);
  }
  return out.sort((a, b) => b.residualScore - a.residualScore || a.id - b.id);
}

function readme(wb: ExcelJS.Workbook, s: PackSnapshot): void {
  const ws = wb.addWorksheet('README');
  ws.getColumn(1).width = 30;
  ws.getColumn(2).width = 110;
  const t = s.thresholds;
  const add = (k: string, v: Value, fmt?: string, bold = false) => {
    const row = ws.addRow([
      textCell(k),
      v instanceof Date || typeof v === 'number' ? v : v === null || v === undefined ? null : textCell(String(v)),
    ]);
    if (fmt) row.getCell(2).numFmt = fmt;
    if (bold) row.font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top', horizontal: 'left' };
  };
  const title = ws.addRow([textCell(s.title)]);
  title.font = { bold: true, size: 14 };
  add('Scope', s.scope.label);
  add('As of', toDate(s.asOf), 'yyyy-mm-dd');
  add('Generated at (UTC)', toDate(s.generatedAt), 'yyyy-mm-dd hh:mm:ss');
  add('Generated by', s.generatedBy);
  add('Currency', s.currency);
  add('Data freshness', s.dataFreshness);
  add('Headline', s.headline);
  ws.addRow([]);
  add('Sheet', 'What it holds', undefined, true);
  const sheets: [string, string][] = [
    [
      'Initiatives',
      'One row per initiative. The first columns are Flightdeck\'s own import columns (labels, tags joined by ", ", real dates), so this sheet imports back without a profile; then RAG per dimension, value, budget and next gate.',
    ],
    ['Owners', 'Business sponsor, AI product owner and tech lead of each initiative, one row per role.'],
    ['Phases_Gates', 'Gate reviews in scope, newest first: gate, status, decision, when requested and decided.'],
    [
      'ROI',
      'Value and budget per initiative: realized value YTD (finance-signed actuals), projected annual value (model, never added to realized), NPV, ROI, approved budget, actual to date, EAC, variance, burn index.',
    ],
    [
      'Risks',
      'Open risks with inherent and residual scores (likelihood × impact, 1–25), band, treatment, owner and due date.',
    ],
    ['KPIs', 'KPIs with baseline, current, target and % of the planned trajectory.'],
    [
      'Metrics',
      'Monitoring readings over the last 30 days: run cost, requests, cost per 1,000 requests, p95 latency, error rate.',
    ],
    ['Decisions', 'Decisions needed: what, why, owner, deadline, consequence of no decision.'],
    ['Milestones', 'Gates and milestones due in the next 90 days.'],
    ['Signals', 'Pilot-purgatory and other warning signals per initiative.'],
  ];
  for (const [k, v] of sheets) add(k, v);
  ws.addRow([]);
  add(
    'RAG thresholds',
    'Overall RAG = the worst of the five dimensions. Green: achievable. Amber: at risk with a recovery plan. Red: a decision or rebaseline is needed.',
    undefined,
    true,
  );
  // The pack model's own wording of the rules and definitions wins; the defaults below only stand in without it.
  if (s.ragRules && s.ragRules.length) {
    for (const r of s.ragRules) add(r.dimension, r.rule);
  } else {
    add(
      DIMENSION_LABEL.schedule,
      `Green: forecast slip ≤ ${t.scheduleAmberSlipPct}% of planned phase duration and no missed gate · Amber: ${t.scheduleAmberSlipPct}–${t.scheduleRedSlipPct}% or a missed interim milestone with a recovery plan · Red: > ${t.scheduleRedSlipPct}% or a missed gate without a recovery plan`,
    );
    add(
      DIMENSION_LABEL.budget,
      `Green: EAC ≤ ${t.budgetAmberEacPct}% of approved and burn index ≤ ${t.burnAmber} · Amber: EAC ${t.budgetAmberEacPct}–${t.budgetRedEacPct}% or burn ${t.burnAmber}–${t.burnRed} · Red: EAC > ${t.budgetRedEacPct}% or burn > ${t.burnRed}`,
    );
    add(
      DIMENSION_LABEL.value,
      `Green: ≥ ${t.valueGreenPct}% of planned KPI trajectory · Amber: ${t.valueRedPct}–${t.valueGreenPct}% · Red: < ${t.valueRedPct}% or no baseline`,
    );
    add(
      DIMENSION_LABEL.risk,
      'Green: no residual risk ≥ High outside appetite · Amber: a High risk above appetite with treatment on track · Red: any Critical residual risk, or an overdue treatment on a High risk',
    );
    add(
      DIMENSION_LABEL.governance,
      `Green: all approvals for the current phase · Amber: an approval pending < ${t.approvalPendingAmberDays} days · Red: a required approval missing or expired, or a prohibited-practice flag`,
    );
  }
  ws.addRow([]);
  add('Definitions', '', undefined, true);
  if (s.definitions && s.definitions.length) {
    for (const d of s.definitions) add(d.term, d.definition);
    add('Cost per 1,000 requests', 'Run cost over the last 30 days ÷ requests over the last 30 days × 1,000.');
  } else {
    add('EAC', 'Estimate at completion: the forecast total cost.');
    add('Variance %', '(EAC − approved) ÷ approved.');
    add(
      'Burn index',
      '(spend to date ÷ approved) ÷ (elapsed days ÷ planned days); above 1 means spending faster than planned.',
    );
    add('% of plan (KPI)', '(current − baseline) ÷ (planned value at this date − baseline).');
    add('ROI %', '(benefits − costs) ÷ costs over the model horizon.');
    add('Cost per 1,000 requests', 'Run cost over the last 30 days ÷ requests over the last 30 days × 1,000.');
  }
  add(
    'Formulas',
    'This workbook holds values only, no formulas. Text that begins with =, +, -, @, a tab or a carriage return is stored with a leading apostrophe so no spreadsheet runs it.',
  );
}

export async function renderXlsx(snapshot: PackSnapshot, options: { signal?: AbortSignal } = {}): Promise<Buffer> {
  const { signal } = options;
  const s = snapshot;
  const cur = s.currency;
  throwIfAborted(signal);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Flightdeck';
  wb.title = s.title;
  const generated = toDate(s.generatedAt);
  if (generated) {
    wb.created = generated;
    wb.modified = generated;
  }
  readme(wb, s);

  const ragWord = (r: Rag) => RAG_WORD[r];
  addSheet(
    wb,
    'Initiatives',
    cur,
    [
      ...FLIGHTDECK_COLUMNS.map((c) => ({
        header: c.header,
        kind: FIELD_KIND[c.field] ?? ('text' as Kind),
        width: c.field === 'name' ? 32 : undefined,
      })),
      { header: 'Overall RAG', kind: 'text' },
      ...RAG_DIMENSIONS.map((d) => ({ header: `${DIMENSION_LABEL[d]} RAG`, kind: 'text' as Kind })),
      { header: 'Days in phase', kind: 'int' },
      { header: 'Realized value YTD', kind: 'money' },
      { header: 'Projected annual value', kind: 'money' },
      { header: 'Approved budget', kind: 'money' },
      { header: 'Actual to date', kind: 'money' },
      { header: 'EAC', kind: 'money' },
      { header: 'Next gate', kind: 'text' },
      { header: 'Next gate due', kind: 'date' },
    ],
    s.initiatives.map((x) => [
      ...FLIGHTDECK_COLUMNS.map((c) => flightdeckValue(x, c.field)),
      ragWord(x.rag.overall),
      ...RAG_DIMENSIONS.map((d) => dimRag(x, d)),
      x.daysInPhase,
      x.value.realizedYtd,
      x.value.projectedAnnual,
      x.budget.approved,
      x.budget.actualToDate,
      x.budget.eac,
      x.nextGate ? `${x.nextGate.gate} ${x.nextGate.label}` : null,
      toDate(x.nextGate?.dueDate),
    ]),
  );
  throwIfAborted(signal);

  const roles = OWNER_ROLES.items;
  addSheet(
    wb,
    'Owners',
    cur,
    [
      { header: 'Initiative ID', kind: 'int' },
      { header: 'Initiative', kind: 'text', width: 32 },
      { header: 'Role', kind: 'text' },
      { header: 'Person', kind: 'text' },
    ],
    s.initiatives.flatMap((x) => roles.map((r) => [x.id, x.name, r.label, x[r.id] ?? null])),
  );
  addSheet(
    wb,
    'Phases_Gates',
    cur,
    [
      { header: 'Initiative ID', kind: 'int' },
      { header: 'Initiative', kind: 'text', width: 32 },
      { header: 'Gate', kind: 'text' },
      { header: 'Gate name', kind: 'text' },
      { header: 'Status', kind: 'text' },
      { header: 'Decision', kind: 'text' },
      { header: 'Requested at', kind: 'datetime' },
      { header: 'Decided at', kind: 'datetime' },
    ],
    s.gates.map((g) => [
      g.initiativeId,
      g.initiativeName,
      g.gate,
      g.label,
      g.status,
      g.decision,
      toDate(g.requestedAt),
      toDate(g.decidedAt),
    ]),
  );
  addSheet(
    wb,
    'ROI',
    cur,
    [
      { header: 'Initiative ID', kind: 'int' },
      { header: 'Initiative', kind: 'text', width: 32 },
      { header: 'Realized value YTD', kind: 'money' },
      { header: 'Projected annual value', kind: 'money' },
      { header: 'NPV', kind: 'money' },
      { header: 'ROI', kind: 'pct' },
      { header: 'Approved budget', kind: 'money' },
      { header: 'Actual to date', kind: 'money' },
      { header: 'EAC', kind: 'money' },
      { header: 'Variance', kind: 'pct' },
      { header: 'Burn index', kind: 'number' },
    ],
    s.initiatives.map((x) => [
      x.id,
      x.name,
      x.value.realizedYtd,
      x.value.projectedAnnual,
      x.value.npv,
      x.value.roiPct === null ? null : x.value.roiPct / 100,
      x.budget.approved,
      x.budget.actualToDate,
      x.budget.eac,
      x.budget.variancePct === null ? null : x.budget.variancePct / 100,
      x.budget.burnIndex,
    ]),
  );
  throwIfAborted(signal);
  addSheet(
    wb,
    'Risks',
    cur,
    [
      { header: 'Risk ID', kind: 'int' },
      { header: 'Initiative ID', kind: 'int' },
      { header: 'Initiative', kind: 'text', width: 28 },
      { header: 'Risk', kind: 'text', width: 40 },
      { header: 'Category', kind: 'text' },
      { header: 'Owner', kind: 'text' },
      { header: 'Inherent score', kind: 'int' },
      { header: 'Residual score', kind: 'int' },
      { header: 'Band', kind: 'text' },
      { header: 'Treatment', kind: 'text' },
      { header: 'Status', kind: 'text' },
      { header: 'Due date', kind: 'date' },
      { header: 'Overdue', kind: 'bool' },
    ],
    allRisks(s).map((r) => [
      r.id,
      r.initiativeId,
      r.initiativeName ?? 'Portfolio-wide',
      r.title,
      r.category,
      r.owner,
      r.inherentScore,
      r.residualScore,
      r.band,
      r.treatment,
      r.status,
      toDate(r.dueDate),
      r.overdue,
    ]),
  );
  addSheet(
    wb,
    'KPIs',
    cur,
    [
      { header: 'Initiative ID', kind: 'int' },
      { header: 'Initiative', kind: 'text', width: 28 },
      { header: 'KPI', kind: 'text', width: 30 },
      { header: 'Unit', kind: 'text' },
      { header: 'Direction', kind: 'text' },
      { header: 'Baseline', kind: 'number' },
      { header: 'Current', kind: 'number' },
      { header: 'Target', kind: 'number' },
      { header: '% of plan', kind: 'pct' },
      { header: 'Trend', kind: 'text' },
      { header: 'Measured at', kind: 'date' },
    ],
    s.initiatives.flatMap((x) =>
      x.kpis.map((k) => [
        x.id,
        x.name,
        k.name,
        k.unit,
        k.direction === 'increase' ? 'Higher is better' : 'Lower is better',
        k.baseline,
        k.current,
        k.target,
        k.pctOfPlan === null ? null : k.pctOfPlan / 100,
        k.trend,
        toDate(k.measuredAt),
      ]),
    ),
  );
  addSheet(
    wb,
    'Metrics',
    cur,
    [
      { header: 'Initiative ID', kind: 'int' },
      { header: 'Initiative', kind: 'text', width: 28 },
      { header: 'Run cost (30 days)', kind: 'money' },
      { header: 'Requests (30 days)', kind: 'int' },
      { header: 'Cost per 1,000 requests', kind: 'number' },
      { header: 'p95 latency (s)', kind: 'number' },
      { header: 'Error rate', kind: 'pct' },
    ],
    s.initiatives
      .filter((x) => x.monitoring)
      .map((x) => {
        const m = x.monitoring;
        return [
          x.id,
          x.name,
          m?.spend30d,
          m?.requests30d,
          m && m.spend30d !== null && m.requests30d ? (m.spend30d / m.requests30d) * 1000 : null,
          m?.latencyP95s,
          m?.errorRate,
        ];
      }),
  );
  addSheet(
    wb,
    'Decisions',
    cur,
    [
      { header: 'Initiative ID', kind: 'int' },
      { header: 'Initiative', kind: 'text', width: 28 },
      { header: 'Decision', kind: 'text', width: 40 },
      { header: 'Why', kind: 'text', width: 40 },
      { header: 'Owner', kind: 'text' },
      { header: 'Deadline', kind: 'date' },
      { header: 'If not decided', kind: 'text', width: 40 },
    ],
    s.decisions.map((d) => [
      d.initiativeId,
      d.initiativeName,
      d.decision,
      d.why,
      d.owner,
      toDate(d.deadline),
      d.consequence,
    ]),
  );
  addSheet(
    wb,
    'Milestones',
    cur,
    [
      { header: 'Initiative ID', kind: 'int' },
      { header: 'Initiative', kind: 'text', width: 28 },
      { header: 'Milestone', kind: 'text', width: 40 },
      { header: 'Date', kind: 'date' },
    ],
    s.milestones.map((m) => [m.initiativeId, m.initiativeName, m.what, toDate(m.date)]),
  );
  addSheet(
    wb,
    'Signals',
    cur,
    [
      { header: 'Initiative ID', kind: 'int' },
      { header: 'Initiative', kind: 'text', width: 28 },
      { header: 'Signal', kind: 'text' },
      { header: 'Severity', kind: 'text' },
      { header: 'On watchlist', kind: 'bool' },
      { header: 'Message', kind: 'text', width: 60 },
    ],
    [
      ...s.initiatives.flatMap((x) =>
        x.signals.map((g) => [
          x.id,
          x.name,
          g.code,
          g.severity,
          s.watchlist.some((w) => w.initiativeId === x.id && w.code === g.code),
          g.message,
        ]),
      ),
      // Watchlist entries whose initiative is not in scope still belong in the sheet.
      ...s.watchlist
        .filter((w) => !s.initiatives.some((x) => x.id === w.initiativeId && x.signals.some((g) => g.code === w.code)))
        .map((w) => [w.initiativeId, w.initiativeName, w.code, w.severity, true, w.message]),
    ],
  );
  throwIfAborted(signal);
  const out = await wb.xlsx.writeBuffer();
  throwIfAborted(signal);
  return Buffer.isBuffer(out) ? out : Buffer.from(out as ArrayBuffer);
}
