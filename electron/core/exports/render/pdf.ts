import { AppError } from '../../../../shared/errors';
import {
  RAG_DIMENSIONS,
  type PackInitiative,
  type PackRisk,
  type PackSnapshot,
  type Rag,
  type RagCall,
} from '../../../../shared/domain/pack/types';
import { PHASES } from '../../../../shared/domain/phases';
import type { PdfEngine } from '../../ports';
import { packCharts, pngDataUri, type ChartImage, type PackCharts } from './charts';
import {
  ACCENT,
  DIMENSION_LABEL,
  DIMENSION_SHORT,
  INK,
  MUTED,
  RAG_COLOURS,
  RAG_LETTER,
  RAG_WORD,
  RULE,
  clip,
  day,
  escapeHtml as e,
  money,
  num,
  pct,
  throwIfAborted,
  trendArrow,
} from './format';

/**
 * The status pack as one self-contained HTML page for printing (domain.md §5.3): page 1 is the one-pager,
 * then every initiative, the charts, how RAG is computed and a page per initiative. No scripts, no remote
 * URLs (the CSP forbids both; images are data: URIs, fonts are family names), every datum escaped.
 */
const ONE_PAGER_ROWS = 8;
const RANK: Record<Rag, number> = { red: 2, amber: 1, green: 0 };

const CSS = `
@page { size: A4 landscape; margin: 11mm 12mm 13mm 12mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 7.5pt 'Liberation Sans', Arial, sans-serif; color: ${MUTED}; }
  @bottom-left { content: "Flightdeck status pack"; font: 7.5pt 'Liberation Sans', Arial, sans-serif; color: ${MUTED}; } }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: 'Liberation Sans', Arial, Helvetica, 'DejaVu Sans', sans-serif; font-size: 8.5pt; color: ${INK}; line-height: 1.3; }
h1 { font-size: 15pt; margin: 0; }
h2 { font-size: 11pt; margin: 0 0 2mm; color: ${ACCENT}; }
h3 { font-size: 9pt; margin: 3mm 0 1.5mm; color: ${ACCENT}; }
p { margin: 0 0 1.5mm; }
section.page { break-before: page; }
section.page:first-of-type { break-before: auto; }
.band { background: ${ACCENT}; color: #fff; padding: 2.5mm 4mm; border-radius: 2mm; display: flex; justify-content: space-between; gap: 6mm; align-items: flex-start; }
.band .meta { font-size: 8pt; opacity: 0.9; margin-top: 1mm; }
.band .mix { display: flex; gap: 1.5mm; align-items: center; white-space: nowrap; }
.band .mix .label { font-size: 8pt; margin-right: 1mm; }
.headline { font-size: 9.5pt; margin: 2mm 0; overflow-wrap: anywhere; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3mm; margin-bottom: 1mm; }
.tile { border: 0.3mm solid ${RULE}; border-radius: 1.5mm; padding: 2mm 3mm; }
.tile .k { font-size: 7.5pt; color: ${MUTED}; text-transform: uppercase; letter-spacing: 0.03em; }
.tile .v { font-size: 13pt; font-weight: bold; }
.tile .s { font-size: 7.5pt; color: ${MUTED}; }
.cols { display: grid; grid-template-columns: 1.6fr 1fr; gap: 4mm; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.9mm 1.2mm; border-bottom: 0.2mm solid ${RULE}; vertical-align: top; overflow-wrap: anywhere; }
th { font-size: 7.5pt; color: ${MUTED}; font-weight: bold; white-space: nowrap; border-bottom: 0.4mm solid ${MUTED}; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.n, th.n { text-align: right; white-space: nowrap; }
td.c, th.c { text-align: center; white-space: nowrap; }
.name { max-width: 70mm; }
.dot { display: inline-block; width: 4.2mm; height: 4.2mm; line-height: 4.2mm; border-radius: 50%; color: #fff; font-weight: bold; font-size: 6.5pt; text-align: center; }
.pill { display: inline-block; padding: 0.4mm 2mm; border-radius: 3mm; color: #fff; font-weight: bold; font-size: 8pt; }
.green { background: ${RAG_COLOURS.green}; } .amber { background: ${RAG_COLOURS.amber}; } .red { background: ${RAG_COLOURS.red}; }
.muted { color: ${MUTED}; }
.small { font-size: 7.5pt; }
.box { border: 0.3mm solid ${RULE}; border-radius: 1.5mm; padding: 1.5mm 3mm; margin-bottom: 2mm; break-inside: avoid; }
.box ol, .box ul { margin: 0; padding-left: 4.5mm; }
.box li { margin-bottom: 0.8mm; overflow-wrap: anywhere; }
.nowrap { white-space: nowrap; }
ul.ms { columns: 2; column-gap: 8mm; margin: 0; padding-left: 4mm; } ul.ms li { break-inside: avoid; margin-bottom: 0.8mm; }
/* Page 1 is exactly one page: the middle gives way (clipped) before the footer would move to page 2. */
section.one { height: 184mm; display: flex; flex-direction: column; }
section.one > .cols { flex: 1 1 auto; min-height: 0; overflow: hidden; }
.footer { margin-top: 2mm; border-top: 0.4mm solid ${MUTED}; padding-top: 2mm; display: grid; grid-template-columns: 3fr 1fr; gap: 4mm; break-inside: avoid; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
figure { margin: 0 0 3mm; break-inside: avoid; }
figure img { width: 100%; height: auto; display: block; }
figcaption { font-size: 8pt; font-weight: bold; color: ${ACCENT}; margin-bottom: 1mm; }
.card { break-inside: avoid; }
.card .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
.figures { display: grid; grid-template-columns: repeat(5, 1fr); gap: 2mm; margin: 2mm 0; }
.figures > div { border: 0.3mm solid ${RULE}; border-radius: 1.2mm; padding: 1.2mm 2mm; }
.figures .k { font-size: 7pt; color: ${MUTED}; } .figures .v { font-size: 10pt; font-weight: bold; }
`;

function dot(rag: Rag): string {
  return `<span class="dot ${rag}" title="${RAG_WORD[rag]}">${RAG_LETTER[rag]}</span>`;
}
function pill(rag: Rag, text = RAG_WORD[rag]): string {
  return `<span class="pill ${rag}">${RAG_LETTER[rag]} · ${e(text)}</span>`;
}
function dimensionRag(x: PackInitiative, d: (typeof RAG_DIMENSIONS)[number]): RagCall | undefined {
  return x.rag.dimensions.find((c) => c.dimension === d);
}
function severity(x: PackInitiative): number {
  return RANK[x.rag.overall] * 100 + x.rag.dimensions.reduce((t, d) => t + RANK[d.rag], 0);
}
function nextGate(x: PackInitiative): string {
  if (!x.nextGate) return '<span class="muted">–</span>';
  return `<span class="nowrap">${e(x.nextGate.gate)} <span class="muted">${e(day(x.nextGate.dueDate))}</span></span>`;
}

function initiativeTable(rows: PackInitiative[], currency: string, compact = false): string {
  const dimHeads = RAG_DIMENSIONS.map(
    (d) => `<th class="c" title="${DIMENSION_LABEL[d]}">${DIMENSION_SHORT[d]}</th>`,
  ).join('');
  const body = rows
    .map(
      (x) => `<tr>
  <td class="name"><b>${e(compact ? clip(x.name, 60) : x.name)}</b><br><span class="muted small">${e(compact ? clip(x.businessUnit, 40) : x.businessUnit)}</span></td>
  <td>${e(compact ? phaseShort(x) : x.phaseLabel)}</td>
  <td class="c">${dot(x.rag.overall)}</td>
  ${RAG_DIMENSIONS.map((d) => {
    const c = dimensionRag(x, d);
    return `<td class="c">${c ? dot(c.rag) : '–'}</td>`;
  }).join('')}
  <td class="n">${e(money(x.value.realizedYtd, currency))}</td>
  <td>${nextGate(x)}</td>
</tr>`,
    )
    .join('');
  return `<table>
<thead><tr><th>Initiative</th><th>Phase</th><th class="c">Overall</th>${dimHeads}<th class="n">Value YTD</th><th>Next gate</th></tr></thead>
<tbody>${body}</tbody></table>`;
}

function phaseShort(x: PackInitiative): string {
  const p = PHASES.find((q) => q.id === x.phase);
  return p ? `${p.n}. ${p.short}` : x.phaseLabel;
}

function riskList(risks: PackRisk[]): string {
  if (!risks.length) return '<p class="muted">No open risks recorded.</p>';
  return `<ol>${risks
    .map(
      (r) => `<li><b>${e(clip(r.title, 48))}</b> — ${e(r.band)} ${num(r.residualScore)}<br>
<span class="small">${e(clip(r.initiativeName ?? 'Portfolio-wide', 28))} · ${e(clip(r.owner ?? 'no owner', 20))}${
        r.dueDate ? ` · due ${e(day(r.dueDate))}` : ''
      }${r.overdue ? ' · <b>OVERDUE</b>' : ''}</span></li>`,
    )
    .join('')}</ol>`;
}

function onePager(s: PackSnapshot): string {
  const t = s.totals;
  const sorted = [...s.initiatives].sort((a, b) => severity(b) - severity(a) || a.name.localeCompare(b.name));
  const shown = sorted.slice(0, ONE_PAGER_ROWS);
  const more = sorted.length - shown.length;
  const spendPct = t.budgetApproved > 0 ? (t.spendToDate / t.budgetApproved) * 100 : null;
  const single = s.scope.kind === 'initiative' ? s.initiatives[0] : undefined;
  const mix = single
    ? `<div class="mix"><span class="label">Overall RAG</span>${pill(single.rag.overall)}</div>`
    : `<div class="mix"><span class="label">Overall RAG</span>${(['red', 'amber', 'green'] as const)
        .map((r) => pill(r, `${RAG_WORD[r]} ${t.byRag[r]}`))
        .join('')}</div>`;
  const milestones = s.milestones.slice(0, 6);
  const decisions = s.decisions.slice(0, 2);
  return `<section class="page one">
<div class="band">
  <div><h1>${e(s.title)}</h1>
  <div class="meta">${e(s.scope.label)} · period ending ${e(day(s.asOf))} · as of ${e(day(s.asOf))} · generated ${e(s.generatedAt.slice(0, 16).replace('T', ' '))} UTC by ${e(s.generatedBy)}</div></div>
  ${mix}
</div>
<p class="headline">${e(clip(s.headline, 320))}</p>
<div class="tiles">
  <div class="tile"><div class="k">Realized value YTD</div><div class="v">${e(money(t.realizedValueYtd, s.currency))}</div><div class="s">actuals; ${e(money(t.projectedValueAnnual, s.currency))}/yr projected, not counted</div></div>
  <div class="tile"><div class="k">Spend vs budget</div><div class="v">${e(money(t.spendToDate, s.currency))} <span class="s">of ${e(money(t.budgetApproved, s.currency))}</span></div><div class="s">${e(pct(spendPct))} of approved budget spent</div></div>
  <div class="tile"><div class="k">In production</div><div class="v">${num(t.inProduction)} <span class="s">of ${num(t.initiatives)}</span></div><div class="s">active, in phase 5 (deployment) or later</div></div>
  <div class="tile"><div class="k">Critical risks</div><div class="v">${num(t.criticalRisks)}</div><div class="s">residual score ≥ 20 of 25</div></div>
</div>
<div class="cols">
  <div>
    <h3>Initiatives${more > 0 ? ` — the ${shown.length} needing most attention of ${sorted.length}` : ''}</h3>
    ${initiativeTable(shown, s.currency, true)}
    ${more > 0 ? `<p class="small muted">${more} more in “All initiatives” on the next page. Letters: G green, A amber, R red.</p>` : '<p class="small muted">Letters: G green, A amber, R red.</p>'}
  </div>
  <div>
    <div class="box"><h3 style="margin-top:0">Top ${Math.min(5, s.topRisks.length) || ''} risks by residual score</h3>${riskList(s.topRisks.slice(0, 5))}</div>
    <div class="box"><h3 style="margin-top:0">Decisions needed (${s.decisions.length})</h3>${
      decisions.length
        ? `<ol>${decisions
            .map(
              (d) =>
                `<li><b>${e(clip(d.decision, 70))}</b><br><span class="small">${e(clip(d.initiativeName, 36))} · ${e(
                  clip(d.owner ?? 'no owner', 24),
                )} · by ${e(day(d.deadline))}<br>why: ${e(clip(d.why, 60))}</span></li>`,
            )
            .join(
              '',
            )}</ol>${s.decisions.length > decisions.length ? `<p class="small muted">+${s.decisions.length - decisions.length} more under “Decisions and milestones”</p>` : ''}`
        : '<p class="muted">No decisions needed.</p>'
    }</div>
  </div>
</div>
<div class="footer">
  <div><h3 style="margin-top:0">Next 90 days</h3>${
    milestones.length
      ? `<ul class="ms small">${milestones
          .map((m) => `<li><b>${e(day(m.date))}</b> ${e(clip(m.initiativeName, 40))} — ${e(clip(m.what, 50))}</li>`)
          .join(
            '',
          )}</ul>${s.milestones.length > milestones.length ? `<p class="small muted">+${s.milestones.length - milestones.length} more under “Decisions and milestones”</p>` : ''}`
      : '<p class="muted">No milestones in the next 90 days.</p>'
  }</div>
  <div><h3 style="margin-top:0">Data freshness</h3><p class="small">${e(s.dataFreshness)}</p></div>
</div>
</section>`;
}

function allInitiatives(s: PackSnapshot): string {
  if (s.initiatives.length <= ONE_PAGER_ROWS) return '';
  const sorted = [...s.initiatives].sort((a, b) => severity(b) - severity(a) || a.name.localeCompare(b.name));
  return `<section class="page"><h2>All initiatives (${s.initiatives.length})</h2>${initiativeTable(sorted, s.currency)}</section>`;
}

function decisionsAndMilestones(s: PackSnapshot): string {
  if (s.decisions.length <= 3 && s.milestones.length <= 6) return '';
  const decisions = s.decisions.length
    ? `<table><thead><tr><th>Decision needed</th><th>Initiative</th><th>Why</th><th>Owner</th><th>By</th><th>If not decided</th></tr></thead><tbody>${s.decisions
        .map(
          (d) =>
            `<tr><td><b>${e(d.decision)}</b></td><td>${e(d.initiativeName)}</td><td>${e(d.why)}</td><td>${e(d.owner ?? 'no owner')}</td><td class="nowrap">${e(
              day(d.deadline),
            )}</td><td>${e(d.consequence)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="muted">No decisions needed.</p>';
  const milestones = s.milestones.length
    ? `<table><thead><tr><th>Date</th><th>Initiative</th><th>Milestone</th></tr></thead><tbody>${s.milestones
        .map(
          (m) =>
            `<tr><td class="nowrap">${e(day(m.date))}</td><td>${e(m.initiativeName)}</td><td>${e(m.what)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="muted">No milestones in the next 90 days.</p>';
  return `<section class="page"><h2>Decisions and milestones</h2><h3>Decisions needed (${s.decisions.length})</h3>${decisions}<h3>Next 90 days (${s.milestones.length})</h3>${milestones}</section>`;
}

function figure(c: ChartImage | null): string {
  if (!c) return '';
  return `<figure><figcaption>${e(c.title)}</figcaption><img src="${pngDataUri(c)}" alt="${e(c.alt)}" width="${c.width}" height="${c.height}"></figure>`;
}

function chartsPage(s: PackSnapshot, charts: PackCharts): string {
  const agents = s.agents
    ? `<p>${num(s.agents.total)} agents recorded; ${num(s.agents.withoutOwner)} without an owner.</p><table class="small"><tbody>${s.agents.byAutonomy
        .map((a) => `<tr><td>${e(a.level)}</td><td class="n">${num(a.count)}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p class="muted">No agents recorded.</p>';
  const watch = s.watchlist.length
    ? `<table class="small"><thead><tr><th>Initiative</th><th>Signal</th><th>Severity</th><th>What</th></tr></thead><tbody>${s.watchlist
        .map(
          (w) =>
            `<tr><td>${e(w.initiativeName)}</td><td class="nowrap">${e(w.code)}</td><td>${e(w.severity)}</td><td>${e(w.message)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="muted">No pilot-purgatory signals.</p>';
  return `<section class="page"><h2>Portfolio charts</h2>
<div class="charts">${figure(charts.funnel)}${figure(charts.ragHeatmap)}</div>
<div class="charts">${figure(charts.value)}${figure(charts.spend)}</div>
<div class="charts">${figure(charts.topRisks)}<div>
<div class="box"><h3 style="margin-top:0">Pilot-purgatory watchlist</h3>${watch}</div>
<div class="box"><h3 style="margin-top:0">Agent inventory</h3>${agents}</div></div></div>
</section>`;
}

function ragRules(s: PackSnapshot): string {
  const t = s.thresholds;
  const rows: [string, string, string, string][] = [
    [
      'Schedule',
      `Forecast slip ≤ ${num(t.scheduleAmberSlipPct)}% of the planned phase duration and no missed gate`,
      `Slip ${num(t.scheduleAmberSlipPct)}–${num(t.scheduleRedSlipPct)}%, or a missed interim milestone with a recovery plan`,
      `Slip > ${num(t.scheduleRedSlipPct)}%, or a missed gate without a recovery plan`,
    ],
    [
      'Budget',
      `EAC ≤ ${num(t.budgetAmberEacPct)}% of approved and burn index ≤ ${num(t.burnAmber, 2)}`,
      `EAC ${num(t.budgetAmberEacPct)}–${num(t.budgetRedEacPct)}% or burn index ${num(t.burnAmber, 2)}–${num(t.burnRed, 2)}`,
      `EAC > ${num(t.budgetRedEacPct)}% or burn index > ${num(t.burnRed, 2)}`,
    ],
    [
      'Value (KPIs)',
      `≥ ${num(t.valueGreenPct)}% of the planned KPI trajectory`,
      `${num(t.valueRedPct)}–${num(t.valueGreenPct)}%`,
      `< ${num(t.valueRedPct)}%, or no baseline`,
    ],
    [
      'Risk',
      'No residual risk ≥ High outside appetite',
      'A High risk above appetite with treatment on track',
      'Any Critical residual risk, or an overdue treatment on a High risk',
    ],
    [
      'Governance',
      'All approvals required for the current phase are in place',
      `An approval pending for less than ${num(t.approvalPendingAmberDays)} days`,
      'A required approval missing or expired; a prohibited-practice flag',
    ],
  ];
  return `<section class="page"><h2>How RAG is computed</h2>
<p>Each initiative is rated on five dimensions against these written thresholds, applied the same way to every initiative.
The overall RAG is the <b>worst</b> of the five. Green: commitments achievable. Amber: at risk, with a recovery plan in place.
Red: not achievable under the current plan; an executive decision or rebaseline is needed.</p>
${
  s.ragRules && s.ragRules.length
    ? `<table><thead><tr><th style="width:32mm">Dimension</th><th>Rule, with this pack's thresholds</th></tr></thead><tbody>${s.ragRules
        .map((r) => `<tr><td><b>${e(r.dimension)}</b></td><td>${e(r.rule)}</td></tr>`)
        .join('')}</tbody></table>`
    : `<table><thead><tr><th>Dimension</th><th>${dot('green')} Green</th><th>${dot('amber')} Amber</th><th>${dot('red')} Red</th></tr></thead>
<tbody>${rows.map((r) => `<tr><td><b>${r[0]}</b></td><td>${e(r[1])}</td><td>${e(r[2])}</td><td>${e(r[3])}</td></tr>`).join('')}</tbody></table>`
}
<p class="small" style="margin-top:2mm">${dot('green')} G green · ${dot('amber')} A amber · ${dot('red')} R red — every RAG in this pack is printed as a letter as well as a colour.</p>
<h3>Definitions</h3>
${
  s.definitions && s.definitions.length
    ? `<table class="small"><tbody>${s.definitions
        .map((d) => `<tr><td style="width:45mm"><b>${e(d.term)}</b></td><td>${e(d.definition)}</td></tr>`)
        .join('')}</tbody></table>`
    : `<ul class="small">
<li>EAC: estimate at completion (forecast total cost). Burn index: (spend to date ÷ approved) ÷ (elapsed ÷ planned duration).</li>
<li>% of planned trajectory: (current − baseline) ÷ (planned value at this date − baseline).</li>
<li>Realized value counts finance-signed actuals only; projections are shown beside it and never added to it.</li>
<li>Risk scores are likelihood × impact on a 5×5 scale: Low 1–4, Medium 5–9, High 10–16, Critical 20–25.</li>
</ul>`
}</section>`;
}

function detailPage(x: PackInitiative, s: PackSnapshot): string {
  const currency = s.currency;
  const mine = s.decisions.filter((d) => d.initiativeId === x.id);
  const decisions = mine.length
    ? `<h3>Decisions needed</h3><ul>${mine
        .map(
          (d) =>
            `<li><b>${e(d.decision)}</b> — ${e(d.owner ?? 'no owner')}, by ${e(day(d.deadline))}<br><span class="small">why: ${e(d.why)} · if not decided: ${e(
              d.consequence,
            )}</span></li>`,
        )
        .join('')}</ul>`
    : '';
  const owners = [
    ['Sponsor', x.sponsor],
    ['Product owner', x.productOwner],
    ['Tech lead', x.techLead],
  ]
    .map(([k, v]) => `${k}: ${e(v ?? 'none')}`)
    .join(' · ');
  const rag = `<table><thead><tr><th style="width:30mm">Dimension</th><th class="c" style="width:18mm">RAG</th><th>Why</th></tr></thead><tbody>${RAG_DIMENSIONS.map(
    (d) => {
      const c = dimensionRag(x, d);
      return `<tr><td>${DIMENSION_LABEL[d]}</td><td class="c">${c ? dot(c.rag) : '–'}</td><td>${e(c?.reason ?? 'Not rated')}</td></tr>`;
    },
  ).join('')}</tbody></table>`;
  const kpis = x.kpis.length
    ? `<table><thead><tr><th>KPI</th><th class="n">Baseline</th><th class="n">Current</th><th class="n">Target</th><th class="c">Trend</th><th class="n">% of plan</th><th>Measured</th></tr></thead><tbody>${x.kpis
        .map(
          (
            k,
          ) => `<tr><td>${e(k.name)} <span class="muted">(${e(k.unit)}, ${k.direction === 'increase' ? 'higher is better' : 'lower is better'})</span></td>
<td class="n">${num(k.baseline, 2)}</td><td class="n">${num(k.current, 2)}</td><td class="n">${num(k.target, 2)}</td><td class="c">${trendArrow(k.trend)}</td><td class="n">${pct(k.pctOfPlan)}</td><td class="nowrap">${e(day(k.measuredAt))}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="muted">No KPIs recorded.</p>';
  const risks = x.risks.length
    ? `<table><thead><tr><th>Risk</th><th>Band</th><th class="n">Residual</th><th>Owner</th><th>Treatment</th><th>Due</th></tr></thead><tbody>${x.risks
        .map(
          (r) =>
            `<tr><td>${e(r.title)}<br><span class="muted small">${e(r.category)}</span></td><td class="nowrap">${e(r.band)}</td><td class="n">${num(r.residualScore)}</td><td>${e(
              r.owner ?? 'none',
            )}</td><td>${e(r.treatment)}, ${e(r.status)}</td><td class="nowrap">${e(day(r.dueDate))}${r.overdue ? '<br><b>overdue</b>' : ''}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="muted">No open risks.</p>';
  const signals = x.signals.length
    ? `<ul>${x.signals.map((g) => `<li><b>${e(g.code)}</b> (${e(g.severity)}): ${e(g.message)}</li>`).join('')}</ul>`
    : '<p class="muted">No signals.</p>';
  const m = x.monitoring;
  return `<section class="page card">
<div class="band"><div><h1>${e(x.name)}</h1><div class="meta">${e(x.businessUnit)} · ${e(x.type)} · ${e(x.phaseLabel)} (${num(x.daysInPhase)} days in phase) · ${e(x.status)} · ${e(
    x.riskTier,
  )}</div><div class="meta">${owners}</div></div><div class="mix"><span class="label">Overall RAG</span>${pill(x.rag.overall)}</div></div>
<p class="headline">${e(x.description)}</p>
<div class="figures">
  <div><div class="k">Realized value YTD</div><div class="v">${e(money(x.value.realizedYtd, currency))}</div></div>
  <div><div class="k">Projected annual value</div><div class="v">${e(money(x.value.projectedAnnual, currency))}</div></div>
  <div><div class="k">NPV · ROI</div><div class="v">${e(money(x.value.npv, currency))} · ${e(pct(x.value.roiPct))}</div></div>
  <div><div class="k">Budget · actual to date</div><div class="v">${e(money(x.budget.approved, currency))} · ${e(money(x.budget.actualToDate, currency))}</div></div>
  <div><div class="k">EAC · variance · burn</div><div class="v">${e(money(x.budget.eac, currency))} · ${e(pct(x.budget.variancePct, 1))} · ${e(num(x.budget.burnIndex, 2))}</div></div>
</div>
<div class="grid2">
  <div><h3>RAG and why</h3>${rag}${decisions}<h3>Next gate</h3>${
    x.nextGate
      ? `<p>${e(x.nextGate.gate)} ${e(x.nextGate.label)} — ${e(x.nextGate.status)}${x.nextGate.dueDate ? `, due ${e(day(x.nextGate.dueDate))}` : ''}</p>`
      : '<p class="muted">No gate pending.</p>'
  }<h3>Signals</h3>${signals}${
    m
      ? `<h3>Run (last 30 days)</h3><p>Spend ${e(money(m.spend30d, currency))} · ${e(num(m.requests30d))} requests · p95 latency ${e(num(m.latencyP95s, 2))} s · error rate ${e(
          pct(m.errorRate === null ? null : m.errorRate * 100, 2),
        )}</p>`
      : ''
  }</div>
  <div><h3>KPIs vs target</h3>${kpis}<h3>Risks</h3>${risks}</div>
</div>
</section>`;
}

/** `charts` lets a caller draw them once (and check for cancel between them); only portfolio packs show them. */
export function renderPackHtml(snapshot: PackSnapshot, charts?: PackCharts): string {
  const s = snapshot;
  const detail = s.initiatives.map((x) => detailPage(x, s)).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>${e(s.title)}</title>
<style>${CSS}</style></head>
<body>
${onePager(s)}
${allInitiatives(s)}
${decisionsAndMilestones(s)}
${s.scope.kind === 'portfolio' ? chartsPage(s, charts ?? packCharts(s)) : ''}
${ragRules(s)}
${detail}
</body></html>`;
}

export async function renderPdf(
  snapshot: PackSnapshot,
  engine: PdfEngine,
  options: { signal?: AbortSignal } = {},
): Promise<Buffer> {
  const { signal } = options;
  throwIfAborted(signal);
  const charts = snapshot.scope.kind === 'portfolio' ? packCharts(snapshot, () => throwIfAborted(signal)) : undefined;
  const html = renderPackHtml(snapshot, charts);
  throwIfAborted(signal);
  const pdf = await engine.htmlToPdf(html, signal ? { signal } : {});
  throwIfAborted(signal);
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw new AppError('INTERNAL', 'The PDF engine returned something that is not a PDF; no file was written.');
  }
  return pdf;
}
