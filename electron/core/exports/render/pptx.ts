import PptxGenJS from 'pptxgenjs';
import { RAG_DIMENSIONS, type PackInitiative, type PackSnapshot, type Rag } from '../../../../shared/domain/pack/types';
import { PHASES } from '../../../../shared/domain/phases';
import { packCharts, type ChartImage } from './charts';
import {
  ACCENT,
  DIMENSION_LABEL,
  INK,
  MUTED,
  RAG_COLOURS,
  RAG_LETTER,
  RAG_WORD,
  RULE,
  clip,
  day,
  money,
  num,
  pct,
  throwIfAborted,
  trendArrow,
} from './format';

/**
 * The executive deck (domain.md §5.3, 16:9): headline & asks, funnel + heat map, the RAG table (split over
 * slides when long), value, spend, KPIs, risks & compliance, decisions, milestones, watchlist, agents, and for a
 * one-initiative pack that initiative's detail. Every text is passed to pptxgenjs as plain text (it XML-escapes
 * it); nothing is interpreted as markup or a link.
 */
const W = 13.333;
const H = 7.5;
const FONT = 'Arial';
const hex = (c: string) => c.replace('#', '').toUpperCase();
const RAG_ROWS_PER_SLIDE = 25;
const RANK: Record<Rag, number> = { red: 2, amber: 1, green: 0 };

type Slide = ReturnType<PptxGenJS['addSlide']>;
type Row = PptxGenJS.TableRow;
type Cell = PptxGenJS.TableCell;

function header(slide: Slide, s: PackSnapshot, title: string, subtitle?: string): void {
  slide.addShape('rect', { x: 0, y: 0, w: W, h: 0.08, fill: { color: hex(ACCENT) }, line: { color: hex(ACCENT) } });
  slide.addText(title, {
    x: 0.5,
    y: 0.25,
    w: W - 1,
    h: 0.55,
    fontFace: FONT,
    fontSize: 24,
    bold: true,
    color: hex(ACCENT),
    margin: 0,
  });
  if (subtitle)
    slide.addText(subtitle, {
      x: 0.5,
      y: 0.8,
      w: W - 1,
      h: 0.35,
      fontFace: FONT,
      fontSize: 12,
      color: hex(MUTED),
      margin: 0,
    });
  slide.addText(`${clip(s.title, 80)} · as of ${day(s.asOf)}`, {
    x: 0.5,
    y: H - 0.4,
    w: W - 2,
    h: 0.3,
    fontFace: FONT,
    fontSize: 9,
    color: hex(MUTED),
    margin: 0,
  });
}

function th(text: string, align: 'left' | 'right' | 'center' = 'left'): Cell {
  return {
    text,
    options: {
      bold: true,
      color: hex(MUTED),
      fontSize: 10,
      align,
      border: [{ type: 'none' }, { type: 'none' }, { pt: 1.5, color: hex(MUTED) }, { type: 'none' }],
    },
  };
}
function td(text: string, opts: PptxGenJS.TableCellProps = {}): Cell {
  return {
    text,
    options: {
      color: hex(INK),
      border: [{ type: 'none' }, { type: 'none' }, { pt: 0.5, color: hex(RULE) }, { type: 'none' }],
      ...opts,
    },
  };
}
function ragCell(rag: Rag | undefined): Cell {
  if (!rag) return td('–', { align: 'center' });
  return td(RAG_LETTER[rag], { align: 'center', bold: true, color: 'FFFFFF', fill: { color: hex(RAG_COLOURS[rag]) } });
}
function table(slide: Slide, rows: Row[], opts: PptxGenJS.TableProps): void {
  slide.addTable(rows, { fontFace: FONT, fontSize: 10, valign: 'middle', margin: [2, 4, 2, 4], ...opts });
}
function image(slide: Slide, c: ChartImage | null, x: number, y: number, w: number, hMax: number): void {
  if (!c) return;
  let h = (w * c.height) / c.width;
  let ww = w;
  if (h > hMax) {
    ww = (hMax * c.width) / c.height;
    h = hMax;
  }
  slide.addText(c.title, { x, y, w, h: 0.3, fontFace: FONT, fontSize: 12, bold: true, color: hex(ACCENT), margin: 0 });
  slide.addImage({ data: `image/png;base64,${c.png.toString('base64')}`, x, y: y + 0.35, w: ww, h, altText: c.alt });
}
function note(slide: Slide, text: string, x: number, y: number, w: number, h = 0.4, size = 11): void {
  slide.addText(text, { x, y, w, h, fontFace: FONT, fontSize: size, color: hex(INK), margin: 0, valign: 'top' });
}
function severity(x: PackInitiative): number {
  return RANK[x.rag.overall] * 100 + x.rag.dimensions.reduce((t, d) => t + RANK[d.rag], 0);
}
function phaseShort(x: PackInitiative): string {
  const p = PHASES.find((q) => q.id === x.phase);
  return p ? `${p.n}. ${p.short}` : x.phaseLabel;
}

function tile(slide: Slide, x: number, y: number, w: number, label: string, value: string, sub: string): void {
  slide.addShape('roundRect', {
    x,
    y,
    w,
    h: 1.25,
    rectRadius: 0.08,
    fill: { color: 'FFFFFF' },
    line: { color: hex(RULE), width: 1 },
  });
  slide.addText(label.toUpperCase(), {
    x: x + 0.15,
    y: y + 0.1,
    w: w - 0.3,
    h: 0.25,
    fontFace: FONT,
    fontSize: 9,
    color: hex(MUTED),
    margin: 0,
  });
  slide.addText(value, {
    x: x + 0.15,
    y: y + 0.38,
    w: w - 0.3,
    h: 0.45,
    fontFace: FONT,
    fontSize: 22,
    bold: true,
    color: hex(INK),
    margin: 0,
  });
  slide.addText(sub, {
    x: x + 0.15,
    y: y + 0.85,
    w: w - 0.3,
    h: 0.3,
    fontFace: FONT,
    fontSize: 9,
    color: hex(MUTED),
    margin: 0,
  });
}

export async function renderPptx(snapshot: PackSnapshot, options: { signal?: AbortSignal } = {}): Promise<Buffer> {
  const { signal } = options;
  const s = snapshot;
  throwIfAborted(signal);
  const charts = packCharts(s, () => throwIfAborted(signal));
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.title = s.title;
  pptx.author = s.generatedBy;
  pptx.company = 'Flightdeck';
  pptx.subject = `Status pack as of ${day(s.asOf)}`;
  const t = s.totals;
  const single = s.scope.kind === 'initiative' ? s.initiatives[0] : undefined;

  // 1. Headline & asks
  {
    const slide = pptx.addSlide();
    slide.addShape('rect', { x: 0, y: 0, w: W, h: 1.5, fill: { color: hex(ACCENT) }, line: { color: hex(ACCENT) } });
    slide.addText(clip(s.title, 90), {
      x: 0.5,
      y: 0.2,
      w: W - 1,
      h: 0.6,
      fontFace: FONT,
      fontSize: 28,
      bold: true,
      color: 'FFFFFF',
      margin: 0,
    });
    slide.addText(
      `${clip(s.scope.label, 80)} · as of ${day(s.asOf)} · generated ${s.generatedAt.slice(0, 16).replace('T', ' ')} UTC by ${clip(s.generatedBy, 60)}`,
      {
        x: 0.5,
        y: 0.85,
        w: W - 1,
        h: 0.35,
        fontFace: FONT,
        fontSize: 12,
        color: 'FFFFFF',
        margin: 0,
      },
    );
    note(slide, clip(s.headline, 400), 0.5, 1.7, W - 1, 0.9, 16);
    const mix = single
      ? `Overall RAG: ${RAG_LETTER[single.rag.overall]} ${RAG_WORD[single.rag.overall]}`
      : `Overall RAG: R ${t.byRag.red} · A ${t.byRag.amber} · G ${t.byRag.green}`;
    const spendPct = t.budgetApproved > 0 ? (t.spendToDate / t.budgetApproved) * 100 : null;
    const tw = (W - 1 - 0.6) / 4;
    tile(
      slide,
      0.5,
      2.7,
      tw,
      'Realized value YTD',
      money(t.realizedValueYtd, s.currency),
      `actuals; ${money(t.projectedValueAnnual, s.currency)}/yr projected`,
    );
    tile(
      slide,
      0.5 + (tw + 0.2),
      2.7,
      tw,
      'Spend vs budget',
      `${money(t.spendToDate, s.currency)} of ${money(t.budgetApproved, s.currency)}`,
      `${pct(spendPct)} of approved spent`,
    );
    tile(
      slide,
      0.5 + 2 * (tw + 0.2),
      2.7,
      tw,
      'In production',
      `${num(t.inProduction)} of ${num(t.initiatives)}`,
      'active, phase 5 or later',
    );
    tile(slide, 0.5 + 3 * (tw + 0.2), 2.7, tw, 'Critical risks', num(t.criticalRisks), mix);
    slide.addText('Asks', {
      x: 0.5,
      y: 4.2,
      w: 4,
      h: 0.35,
      fontFace: FONT,
      fontSize: 16,
      bold: true,
      color: hex(ACCENT),
      margin: 0,
    });
    const asks = s.decisions.slice(0, 4);
    if (asks.length) {
      slide.addText(
        asks.map((d) => ({
          text: `${clip(d.decision, 90)} — ${clip(d.initiativeName, 40)}; owner ${d.owner ?? 'none'}, by ${day(d.deadline)}`,
          options: { bullet: true, breakLine: true },
        })),
        {
          x: 0.5,
          y: 4.6,
          w: W - 1,
          h: 2.2,
          fontFace: FONT,
          fontSize: 13,
          color: hex(INK),
          valign: 'top',
          margin: 0,
          paraSpaceAfter: 6,
        },
      );
    } else {
      note(slide, 'No decisions needed this period.', 0.5, 4.6, W - 1);
    }
    slide.addText(`${clip(s.dataFreshness, 160)}`, {
      x: 0.5,
      y: H - 0.4,
      w: W - 1,
      h: 0.3,
      fontFace: FONT,
      fontSize: 9,
      color: hex(MUTED),
      margin: 0,
    });
  }
  throwIfAborted(signal);

  // 2. Funnel + heat map
  {
    const slide = pptx.addSlide();
    header(
      slide,
      s,
      'Portfolio snapshot',
      `${num(t.initiatives)} initiatives by phase and RAG · letters G/A/R carry the colour`,
    );
    image(slide, charts.funnel, 0.5, 1.3, 6.0, 5.3);
    image(slide, charts.ragHeatmap, 6.8, 1.3, 6.0, 5.4);
  }

  // 3.. RAG table, split over slides
  {
    const sorted = [...s.initiatives].sort((a, b) => severity(b) - severity(a) || a.name.localeCompare(b.name));
    const pages = Math.max(1, Math.ceil(sorted.length / RAG_ROWS_PER_SLIDE));
    for (let p = 0; p < pages; p++) {
      const rows = sorted.slice(p * RAG_ROWS_PER_SLIDE, (p + 1) * RAG_ROWS_PER_SLIDE);
      const slide = pptx.addSlide();
      header(
        slide,
        s,
        pages > 1 ? `RAG by initiative (${p + 1} of ${pages})` : 'RAG by initiative',
        'Worst first. Overall = worst of the five dimensions; thresholds in the XLSX README and the PDF.',
      );
      const head: Row = [
        th('Initiative'),
        th('Business unit'),
        th('Phase'),
        th('Overall', 'center'),
        ...RAG_DIMENSIONS.map((d) => th(DIMENSION_LABEL[d], 'center')),
        th('Value YTD', 'right'),
        th('Next gate'),
      ];
      const body: Row[] = rows.map((x) => [
        td(clip(x.name, 42)),
        td(clip(x.businessUnit, 22)),
        td(phaseShort(x)),
        ragCell(x.rag.overall),
        ...RAG_DIMENSIONS.map((d) => ragCell(x.rag.dimensions.find((c) => c.dimension === d)?.rag)),
        td(money(x.value.realizedYtd, s.currency), { align: 'right' }),
        td(x.nextGate ? `${x.nextGate.gate} ${day(x.nextGate.dueDate)}` : '–'),
      ]);
      table(slide, [head, ...body], {
        x: 0.5,
        y: 1.25,
        w: W - 1,
        colW: [2.9, 1.4, 1.4, 0.7, 0.8, 0.65, 0.6, 0.55, 0.95, 0.9, 1.45],
        fontSize: 9,
        rowH: 0.2,
        margin: [1, 3, 1, 3],
      });
    }
  }
  throwIfAborted(signal);

  // Value realized vs plan
  {
    const slide = pptx.addSlide();
    header(
      slide,
      s,
      'Value realized vs plan',
      'Finance-signed actuals are kept apart from model projections; projections are not counted as realized.',
    );
    image(slide, charts.value, 0.5, 1.3, 8.2, 5.5);
    note(
      slide,
      `Realized YTD: ${money(t.realizedValueYtd, s.currency)}\nProjected annual: ${money(t.projectedValueAnnual, s.currency)}\nInitiatives with actuals: ${num(
        s.initiatives.filter((x) => (x.value.realizedYtd ?? 0) > 0).length,
      )} of ${num(t.initiatives)}`,
      9.1,
      1.7,
      3.8,
      1.6,
      13,
    );
  }

  // Spend vs budget & unit economics
  {
    const slide = pptx.addSlide();
    header(
      slide,
      s,
      'Spend vs budget and unit economics',
      `${money(t.spendToDate, s.currency)} spent of ${money(t.budgetApproved, s.currency)} approved`,
    );
    image(slide, charts.spend, 0.5, 1.3, 7.4, 5.5);
    const run = s.initiatives
      .filter((x) => x.monitoring && x.monitoring.spend30d !== null)
      .sort((a, b) => (b.monitoring?.spend30d ?? 0) - (a.monitoring?.spend30d ?? 0))
      .slice(0, 10);
    slide.addText('Run cost, last 30 days', {
      x: 8.2,
      y: 1.3,
      w: 4.6,
      h: 0.3,
      fontFace: FONT,
      fontSize: 12,
      bold: true,
      color: hex(ACCENT),
      margin: 0,
    });
    if (run.length) {
      table(
        slide,
        [
          [th('Initiative'), th('Spend', 'right'), th('Per 1k req.', 'right')],
          ...run.map((x) => {
            const m = x.monitoring;
            const per = m && m.spend30d !== null && m.requests30d ? (m.spend30d / m.requests30d) * 1000 : null;
            return [
              td(clip(x.name, 30)),
              td(money(m?.spend30d, s.currency), { align: 'right' }),
              td(money(per, s.currency), { align: 'right' }),
            ];
          }),
        ],
        { x: 8.2, y: 1.7, w: 4.6, colW: [2.5, 1.0, 1.1], fontSize: 9 },
      );
    } else {
      note(slide, 'No run-cost telemetry recorded.', 8.2, 1.7, 4.6);
    }
  }
  throwIfAborted(signal);

  // KPI scorecard
  {
    const slide = pptx.addSlide();
    header(
      slide,
      s,
      'KPI scorecard',
      'Baseline → current → target; % of the planned trajectory, furthest behind first',
    );
    const kpis = s.initiatives
      .flatMap((x) => x.kpis.map((k) => ({ x, k })))
      .sort((a, b) => (a.k.pctOfPlan ?? 1e9) - (b.k.pctOfPlan ?? 1e9) || a.x.id - b.x.id)
      .slice(0, 16);
    if (kpis.length) {
      table(
        slide,
        [
          [
            th('Initiative'),
            th('KPI'),
            th('Baseline', 'right'),
            th('Current', 'right'),
            th('Target', 'right'),
            th('Trend', 'center'),
            th('% of plan', 'right'),
          ],
          ...kpis.map(({ x, k }) => [
            td(clip(x.name, 40)),
            td(`${clip(k.name, 40)} (${clip(k.unit, 10)})`),
            td(num(k.baseline, 2), { align: 'right' }),
            td(num(k.current, 2), { align: 'right' }),
            td(num(k.target, 2), { align: 'right' }),
            td(trendArrow(k.trend), { align: 'center' }),
            td(pct(k.pctOfPlan), {
              align: 'right',
              bold: k.pctOfPlan !== null && k.pctOfPlan < s.thresholds.valueRedPct,
            }),
          ]),
        ],
        { x: 0.5, y: 1.3, w: W - 1, colW: [3.4, 3.8, 1.1, 1.1, 1.1, 0.8, 1.033], fontSize: 10 },
      );
    } else {
      note(slide, 'No KPIs recorded.', 0.5, 1.4, W - 1);
    }
  }

  // Top risks & compliance posture
  {
    const slide = pptx.addSlide();
    header(slide, s, 'Top risks and compliance posture', 'Top 5 by residual score (5×5 scale)');
    image(slide, charts.topRisks, 0.5, 1.3, 7.0, 2.9);
    if (s.topRisks.length) {
      table(
        slide,
        [
          [th('Risk'), th('Initiative'), th('Residual', 'right'), th('Owner'), th('Treatment'), th('Due')],
          ...s.topRisks
            .slice(0, 5)
            .map((r) => [
              td(clip(r.title, 50)),
              td(clip(r.initiativeName ?? 'Portfolio-wide', 30)),
              td(`${r.residualScore} ${r.band}`, { align: 'right' }),
              td(r.owner ?? 'none'),
              td(`${r.treatment}, ${r.status}`),
              td(`${day(r.dueDate)}${r.overdue ? ' overdue' : ''}`, { bold: r.overdue }),
            ]),
        ],
        { x: 0.5, y: 4.6, w: W - 1, colW: [3.8, 2.6, 1.3, 1.6, 1.7, 1.333], fontSize: 10 },
      );
    } else {
      note(slide, 'No open risks recorded.', 0.5, 4.6, W - 1);
    }
    const tiers = new Map<string, number>();
    for (const x of s.initiatives) tiers.set(x.riskTier, (tiers.get(x.riskTier) ?? 0) + 1);
    slide.addText('Regulatory risk tiers', {
      x: 8.0,
      y: 1.3,
      w: 4.8,
      h: 0.3,
      fontFace: FONT,
      fontSize: 12,
      bold: true,
      color: hex(ACCENT),
      margin: 0,
    });
    table(
      slide,
      [
        [th('Tier'), th('Initiatives', 'right')],
        ...[...tiers.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => [td(clip(k, 40)), td(num(v), { align: 'right' })]),
      ],
      { x: 8.0, y: 1.7, w: 4.8, colW: [3.4, 1.4], fontSize: 10 },
    );
  }
  throwIfAborted(signal);

  // Decisions required
  {
    const slide = pptx.addSlide();
    header(slide, s, 'Decisions required', 'Red means an executive decision or a rebaseline is needed');
    if (s.decisions.length) {
      table(
        slide,
        [
          [th('Decision'), th('Initiative'), th('Why'), th('Owner'), th('By'), th('If not decided')],
          ...s.decisions
            .slice(0, 10)
            .map((d) => [
              td(clip(d.decision, 70), { bold: true }),
              td(clip(d.initiativeName, 30)),
              td(clip(d.why, 80)),
              td(d.owner ?? 'none'),
              td(day(d.deadline)),
              td(clip(d.consequence, 70)),
            ]),
        ],
        { x: 0.5, y: 1.3, w: W - 1, colW: [2.8, 2.0, 2.8, 1.4, 1.1, 2.233], fontSize: 10 },
      );
      if (s.decisions.length > 10)
        note(slide, `+${s.decisions.length - 10} more in the XLSX "Decisions" sheet.`, 0.5, H - 0.8, W - 1, 0.3, 10);
    } else {
      note(slide, 'No decisions needed this period.', 0.5, 1.4, W - 1);
    }
  }

  // Next gates / milestones timeline
  {
    const slide = pptx.addSlide();
    const asOf = Date.parse(`${day(s.asOf)}T00:00:00Z`);
    const bucket = (d: string) => {
      const days = (Date.parse(`${day(d)}T00:00:00Z`) - asOf) / 86_400_000;
      return days <= 30 ? 0 : days <= 60 ? 1 : 2;
    };
    const counts = [0, 0, 0];
    for (const m of s.milestones) counts[bucket(m.date)]! += 1;
    header(
      slide,
      s,
      'Next gates and milestones',
      `Next 30 days: ${counts[0]} · 31–60 days: ${counts[1]} · 61–90 days: ${counts[2]}`,
    );
    if (s.milestones.length) {
      table(
        slide,
        [
          [th('Date'), th('Window'), th('Initiative'), th('Milestone')],
          ...s.milestones
            .slice(0, 18)
            .map((m) => [
              td(day(m.date)),
              td(['≤ 30 d', '31–60 d', '61–90 d'][bucket(m.date)] ?? ''),
              td(clip(m.initiativeName, 50)),
              td(clip(m.what, 70)),
            ]),
        ],
        { x: 0.5, y: 1.3, w: W - 1, colW: [1.4, 1.2, 4.4, 5.333], fontSize: 10, rowH: 0.26 },
      );
      if (s.milestones.length > 18)
        note(slide, `+${s.milestones.length - 18} more in the XLSX "Milestones" sheet.`, 0.5, H - 0.8, W - 1, 0.3, 10);
    } else {
      note(slide, 'No milestones in the next 90 days.', 0.5, 1.4, W - 1);
    }
  }
  throwIfAborted(signal);

  // Pilot-purgatory watchlist
  {
    const slide = pptx.addSlide();
    header(
      slide,
      s,
      'Pilot-purgatory watchlist',
      'Signals that an initiative is stalling between pilot and production',
    );
    if (s.watchlist.length) {
      table(
        slide,
        [
          [th('Initiative'), th('Signal'), th('Severity'), th('What')],
          ...s.watchlist
            .slice(0, 16)
            .map((w) => [td(clip(w.initiativeName, 44)), td(w.code), td(w.severity), td(clip(w.message, 90))]),
        ],
        { x: 0.5, y: 1.3, w: W - 1, colW: [3.6, 2.0, 1.3, 5.433], fontSize: 10 },
      );
      if (s.watchlist.length > 16)
        note(slide, `+${s.watchlist.length - 16} more in the XLSX "Signals" sheet.`, 0.5, H - 0.8, W - 1, 0.3, 10);
    } else {
      note(slide, 'No pilot-purgatory signals.', 0.5, 1.4, W - 1);
    }
  }

  // Agent inventory
  {
    const slide = pptx.addSlide();
    header(
      slide,
      s,
      'Agent inventory',
      s.agents ? `${num(s.agents.total)} agents recorded; ${num(s.agents.withoutOwner)} without an owner` : undefined,
    );
    if (s.agents && s.agents.total > 0) {
      table(
        slide,
        [
          [th('Autonomy level'), th('Agents', 'right')],
          ...s.agents.byAutonomy.map((a) => [td(clip(a.level, 60)), td(num(a.count), { align: 'right' })]),
        ],
        { x: 0.5, y: 1.4, w: 6, colW: [4.5, 1.5], fontSize: 12 },
      );
    } else {
      note(slide, 'No agents recorded.', 0.5, 1.4, W - 1, 0.5, 14);
    }
  }

  // One-initiative pack: its detail
  if (single) {
    const x = single;
    const slide = pptx.addSlide();
    header(
      slide,
      s,
      clip(x.name, 70),
      `${clip(x.businessUnit, 40)} · ${x.phaseLabel} (${num(x.daysInPhase)} days) · ${x.status} · ${x.riskTier}`,
    );
    table(
      slide,
      [
        [th('Dimension'), th('RAG', 'center'), th('Why')],
        [td('Overall', { bold: true }), ragCell(x.rag.overall), td('Worst of the five dimensions')],
        ...RAG_DIMENSIONS.map((d) => {
          const c = x.rag.dimensions.find((q) => q.dimension === d);
          return [td(DIMENSION_LABEL[d]), ragCell(c?.rag), td(clip(c?.reason ?? 'Not rated', 120))];
        }),
      ],
      { x: 0.5, y: 1.3, w: 7.2, colW: [1.5, 0.7, 5.0], fontSize: 10 },
    );
    note(
      slide,
      [
        `Realized value YTD: ${money(x.value.realizedYtd, s.currency)}`,
        `Projected annual: ${money(x.value.projectedAnnual, s.currency)}`,
        `NPV ${money(x.value.npv, s.currency)} · ROI ${pct(x.value.roiPct)}`,
        `Budget ${money(x.budget.approved, s.currency)} · actual ${money(x.budget.actualToDate, s.currency)} · EAC ${money(x.budget.eac, s.currency)}`,
        `Burn index ${num(x.budget.burnIndex, 2)} · variance ${pct(x.budget.variancePct, 1)}`,
        x.nextGate
          ? `Next gate: ${x.nextGate.gate} ${clip(x.nextGate.label, 50)} (${x.nextGate.status}), due ${day(x.nextGate.dueDate)}`
          : 'No gate pending',
        `Sponsor ${x.sponsor ?? 'none'} · product owner ${x.productOwner ?? 'none'}`,
      ].join('\n'),
      8.0,
      1.3,
      4.8,
      2.6,
      11,
    );
    if (x.kpis.length) {
      table(
        slide,
        [
          [th('KPI'), th('Baseline', 'right'), th('Current', 'right'), th('Target', 'right'), th('% of plan', 'right')],
          ...x.kpis
            .slice(0, 5)
            .map((k) => [
              td(clip(k.name, 40)),
              td(num(k.baseline, 2), { align: 'right' }),
              td(num(k.current, 2), { align: 'right' }),
              td(num(k.target, 2), { align: 'right' }),
              td(pct(k.pctOfPlan), { align: 'right' }),
            ]),
        ],
        { x: 0.5, y: 4.4, w: 7.2, colW: [3.2, 1.0, 1.0, 1.0, 1.0], fontSize: 10 },
      );
    }
  }
  throwIfAborted(signal);

  const out = (await pptx.write({ outputType: 'nodebuffer' })) as Buffer | Uint8Array;
  throwIfAborted(signal);
  return Buffer.isBuffer(out) ? out : Buffer.from(out);
}
