import { existsSync } from 'node:fs';
import * as echarts from 'echarts';
import { Resvg } from '@resvg/resvg-js';
import { RAG_DIMENSIONS, type PackSnapshot, type Rag } from '../../../../shared/domain/pack/types';
import { PHASES } from '../../../../shared/domain/phases';
import {
  DIMENSION_LABEL,
  INK,
  MUTED,
  RAG_COLOURS,
  RAG_LETTER,
  RAG_ORDER,
  RAG_WORD,
  RULE,
  SERIES,
  clip,
  money,
} from './format';

/**
 * The pack's charts, drawn by ECharts' server-side SVG renderer (no DOM, no animation) and rasterised with
 * resvg, so PDF and PPTX show the same pictures. Fonts are named, never fetched: resvg reads the system's.
 */
export interface ChartImage {
  /** Stable name ('funnel', 'ragHeatmap', …), used as the image's title and file name inside a deck. */
  id: string;
  title: string;
  /** One sentence for screen readers and the slide's alt text. */
  alt: string;
  /** CSS pixels; the PNG is `scale` times that. */
  width: number;
  height: number;
  png: Buffer;
  svg: string;
}

// ECharts' SSR lays text out with Arial's metrics (it has no canvas to measure), so labels fit only when drawn
// in Arial or its metric twin Liberation Sans. resvg takes the first family of a list only, so one is chosen
// here; DejaVu Sans (wide Unicode cover) is its fallback when the chosen one is missing.
const LIBERATION = [
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf',
  '/usr/share/fonts/liberation/LiberationSans-Regular.ttf',
];
const FONT = process.platform === 'linux' && LIBERATION.some((f) => existsSync(f)) ? 'Liberation Sans' : 'Arial';
const FALLBACK_FONT = 'DejaVu Sans';
const SCALE = 2;

type Option = Record<string, unknown>;

function draw(id: string, title: string, alt: string, width: number, height: number, option: Option): ChartImage {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  let svg: string;
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT, color: INK },
      ...option,
    });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  const png = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: FALLBACK_FONT },
    fitTo: { mode: 'zoom', value: SCALE },
    background: '#ffffff',
  })
    .render()
    .asPng();
  return { id, title, alt, width, height, png: Buffer.from(png), svg };
}

const axisLabel = { color: MUTED, fontSize: 11, fontFamily: FONT };
const splitLine = { lineStyle: { color: RULE } };
const legend = {
  top: 0,
  right: 0,
  itemGap: 16,
  textStyle: { color: INK, fontSize: 11, fontFamily: FONT },
  itemWidth: 12,
  itemHeight: 10,
};

/** Count per phase, stacked by overall RAG (R/A/G letters in the legend and labels, not colour alone). */
export function funnelChart(s: PackSnapshot, width = 640, height = 300): ChartImage {
  const phases = PHASES.map((p) => ({ id: p.id, short: `${p.n}\n${p.short}` }));
  const series = RAG_ORDER.map((rag) => ({
    name: `${RAG_LETTER[rag]} – ${RAG_WORD[rag]}`,
    type: 'bar',
    stack: 'rag',
    barMaxWidth: 44,
    itemStyle: { color: RAG_COLOURS[rag] },
    label: {
      show: true,
      color: '#ffffff',
      fontSize: 11,
      fontWeight: 'bold',
      formatter: (p: { value: number }) => (p.value ? `${RAG_LETTER[rag]} ${p.value}` : ''),
    },
    data: phases.map((p) => s.initiatives.filter((x) => x.phase === p.id && x.rag.overall === rag).length),
  }));
  const total = s.initiatives.length;
  return draw(
    'funnel',
    'Portfolio funnel by phase',
    `Initiatives per phase, stacked by overall RAG; ${total} in total.`,
    width,
    height,
    {
      legend: { ...legend },
      grid: { left: 40, right: 12, top: 32, bottom: 40 },
      xAxis: {
        type: 'category',
        data: phases.map((p) => p.short),
        axisLabel: { ...axisLabel, interval: 0, lineHeight: 14 },
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel, splitLine },
      series,
    },
  );
}

/** Initiatives × RAG dimensions, each cell coloured and lettered; worst first, at most `max` rows. */
export function ragHeatmap(s: PackSnapshot, max = 20, width = 640): ChartImage {
  const rank: Record<Rag, number> = { red: 2, amber: 1, green: 0 };
  const score = (x: (typeof s.initiatives)[number]) =>
    rank[x.rag.overall] * 100 + x.rag.dimensions.reduce((t, d) => t + rank[d.rag], 0);
  const rows = [...s.initiatives].sort((a, b) => score(b) - score(a) || a.id - b.id).slice(0, max);
  const dims = [...RAG_DIMENSIONS];
  const cols = ['Overall', ...dims.map((d) => DIMENSION_LABEL[d])];
  const data: { value: [number, number, number]; label: { formatter: string } }[] = [];
  rows.forEach((x, yi) => {
    const y = rows.length - 1 - yi;
    const cells: Rag[] = [
      x.rag.overall,
      ...dims.map((d) => x.rag.dimensions.find((c) => c.dimension === d)?.rag ?? 'green'),
    ];
    cells.forEach((rag, xi) => {
      data.push({ value: [xi, y, rank[rag]], label: { formatter: RAG_LETTER[rag] } });
    });
  });
  const height = Math.max(140, 40 + rows.length * 22);
  const more = s.initiatives.length - rows.length;
  return draw(
    'ragHeatmap',
    more > 0 ? `RAG heat map (worst ${rows.length} of ${s.initiatives.length})` : 'RAG heat map',
    `RAG per dimension for ${rows.length} initiatives, worst first; G green, A amber, R red.`,
    width,
    height,
    {
      grid: { left: 210, right: 8, top: 24, bottom: 8 },
      xAxis: {
        type: 'category',
        position: 'top',
        data: cols,
        axisLabel: { ...axisLabel, color: INK, interval: 0 },
        axisTick: { show: false },
        axisLine: { show: false },
      },
      yAxis: {
        type: 'category',
        data: rows.map((x) => clip(x.name, 30)).reverse(),
        axisLabel: { ...axisLabel, color: INK },
        axisTick: { show: false },
        axisLine: { show: false },
      },
      // Heat maps need a visualMap; this one maps the rank (0 G, 1 A, 2 R) to the RAG colour.
      visualMap: {
        type: 'piecewise',
        show: false,
        dimension: 2,
        pieces: [
          { value: 0, color: RAG_COLOURS.green },
          { value: 1, color: RAG_COLOURS.amber },
          { value: 2, color: RAG_COLOURS.red },
        ],
      },
      series: [
        {
          type: 'heatmap',
          data,
          label: { show: true, color: '#ffffff', fontWeight: 'bold', fontSize: 11 },
          itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
        },
      ],
    },
  );
}

/** Finance-signed realized value YTD next to the annual projection, per initiative (largest projections). */
export function valueChart(s: PackSnapshot, max = 10, width = 640, height = 280): ChartImage {
  const rows = [...s.initiatives]
    .filter((x) => x.value.projectedAnnual !== null || x.value.realizedYtd !== null)
    .sort((a, b) => (b.value.projectedAnnual ?? 0) - (a.value.projectedAnnual ?? 0) || a.id - b.id)
    .slice(0, max)
    .reverse();
  return draw(
    'value',
    'Value realized YTD vs projected (annual)',
    `Realized value (finance-signed actuals) and annual projections for the ${rows.length} largest initiatives; projections are not counted as realized.`,
    width,
    height,
    {
      legend: { ...legend, data: ['Realized YTD (actuals)', 'Projected annual (model)'] },
      grid: { left: 200, right: 24, top: 30, bottom: 24 },
      xAxis: { type: 'value', axisLabel: { ...axisLabel, formatter: (v: number) => money(v, s.currency) }, splitLine },
      yAxis: { type: 'category', data: rows.map((x) => clip(x.name, 28)), axisLabel: { ...axisLabel, color: INK } },
      series: [
        {
          name: 'Realized YTD (actuals)',
          type: 'bar',
          itemStyle: { color: SERIES.actual },
          data: rows.map((x) => x.value.realizedYtd ?? 0),
        },
        {
          name: 'Projected annual (model)',
          type: 'bar',
          itemStyle: { color: SERIES.plan },
          data: rows.map((x) => x.value.projectedAnnual ?? 0),
        },
      ],
    },
  );
}

/** Approved budget, actual spend to date and forecast at completion (EAC) per initiative. */
export function spendChart(s: PackSnapshot, max = 10, width = 640, height = 280): ChartImage {
  const rows = [...s.initiatives]
    .filter((x) => x.budget.approved !== null)
    .sort((a, b) => (b.budget.approved ?? 0) - (a.budget.approved ?? 0) || a.id - b.id)
    .slice(0, max)
    .reverse();
  return draw(
    'spend',
    'Spend vs budget',
    `Approved budget, actual spend to date and forecast at completion for the ${rows.length} largest budgets.`,
    width,
    height,
    {
      legend: { ...legend, data: ['Approved', 'Actual to date', 'EAC'] },
      grid: { left: 200, right: 24, top: 30, bottom: 24 },
      xAxis: { type: 'value', axisLabel: { ...axisLabel, formatter: (v: number) => money(v, s.currency) }, splitLine },
      yAxis: { type: 'category', data: rows.map((x) => clip(x.name, 28)), axisLabel: { ...axisLabel, color: INK } },
      series: [
        {
          name: 'Approved',
          type: 'bar',
          itemStyle: { color: SERIES.plan },
          data: rows.map((x) => x.budget.approved ?? 0),
        },
        {
          name: 'Actual to date',
          type: 'bar',
          itemStyle: { color: SERIES.spend },
          data: rows.map((x) => x.budget.actualToDate ?? 0),
        },
        { name: 'EAC', type: 'bar', itemStyle: { color: SERIES.budget }, data: rows.map((x) => x.budget.eac ?? 0) },
      ],
    },
  );
}

/** Top risks by residual score, inherent score behind it, band named in the label. */
export function topRisksChart(s: PackSnapshot, width = 640, height = 260): ChartImage {
  const rows = s.topRisks.slice(0, 5).reverse();
  return draw(
    'topRisks',
    'Top risks by residual score',
    `The ${rows.length} highest residual risks (5×5 scale, 25 max) with their inherent score.`,
    width,
    height,
    {
      legend: { ...legend, data: ['Inherent', 'Residual'] },
      grid: { left: 270, right: 90, top: 30, bottom: 24 },
      xAxis: { type: 'value', max: 25, axisLabel, splitLine },
      yAxis: {
        type: 'category',
        data: rows.map((r) => `${clip(r.title, 38)}\n${clip(r.initiativeName ?? 'Portfolio-wide', 38)}`),
        axisLabel: { ...axisLabel, color: INK, lineHeight: 14 },
      },
      series: [
        {
          name: 'Inherent',
          type: 'bar',
          itemStyle: { color: '#d9dee3' },
          barGap: '-100%',
          data: rows.map((r) => r.inherentScore),
          z: 1,
        },
        {
          name: 'Residual',
          type: 'bar',
          z: 2,
          itemStyle: { color: SERIES.actual },
          data: rows.map((r) => r.residualScore),
          label: {
            show: true,
            position: 'right',
            color: INK,
            fontSize: 11,
            formatter: (p: { dataIndex: number }) => {
              const r = rows[p.dataIndex];
              return r ? `${r.residualScore} ${r.band}` : '';
            },
          },
        },
      ],
    },
  );
}

export interface PackCharts {
  funnel: ChartImage;
  ragHeatmap: ChartImage;
  value: ChartImage;
  spend: ChartImage;
  topRisks: ChartImage | null;
}

/** Every chart a pack shows, drawn once and shared by the formats. */
export function packCharts(s: PackSnapshot, check: () => void = () => {}): PackCharts {
  const funnel = funnelChart(s);
  check();
  const heat = ragHeatmap(s);
  check();
  const value = valueChart(s);
  check();
  const spend = spendChart(s);
  check();
  const topRisks = s.topRisks.length ? topRisksChart(s) : null;
  return { funnel, ragHeatmap: heat, value, spend, topRisks };
}

export function pngDataUri(image: ChartImage): string {
  return `data:image/png;base64,${image.png.toString('base64')}`;
}
