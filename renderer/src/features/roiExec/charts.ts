import { BarChart, CustomChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import { use as registerEcharts, type EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { CustomSeriesRenderItem } from 'echarts';
import { PHASES, type PhaseId } from '../../../../shared/domain/phases';
import type { RoiGroupTotals, RoiPoint } from '../../../../shared/domain/roiPortfolio';
import type { ChartPalette } from '../../components/charts/useEChart';
import { formatPercent } from '../roi/roiFormat';
import { money as moneyText } from './money';
import { groupLabel, phaseLabel, RISK_BANDS, riskX, type GroupBy, type WaterfallStep } from './aggregate';

// Only what these charts draw, so the bundle carries bars, scatter and one custom series, not all of echarts.
registerEcharts([
  BarChart,
  ScatterChart,
  CustomChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

/**
 * One colour per phase, readable on both the light and the dark surface (mid-tone hues, Tableau-like),
 * in roadmap order.
 */
export const PHASE_COLORS: Record<PhaseId, string> = {
  STRATEGY: '#7b8ca3',
  DATA_FOUNDATION: '#e8a33d',
  ARCHITECTURE: '#b07aa1',
  DEVELOP_VALIDATE: '#4e9fd6',
  PRODUCTION_DEPLOY: '#e15759',
  MONITOR_OBSERVE: '#59a14f',
  SCALE_OPTIMIZE: '#2bb3a3',
};

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** Titles live in the canvas so an exported PNG carries them. */
function title(text: string, subtext: string, p: ChartPalette) {
  return {
    text,
    subtext,
    left: 4,
    top: 2,
    itemGap: 6,
    textStyle: { color: p.text, fontSize: 14, lineHeight: 18, fontWeight: 600, fontFamily: FONT },
    subtextStyle: { color: p.muted, fontSize: 11.5, lineHeight: 15, fontFamily: FONT },
  } as const;
}

/** Drawn on the canvas (richText): HTML tooltips carry inline styles the strict CSP refuses. */
function tooltip(p: ChartPalette) {
  return {
    renderMode: 'richText',
    backgroundColor: p.surface,
    borderColor: p.border,
    borderWidth: 1,
    padding: [6, 8],
    textStyle: { color: p.text, fontSize: 12, fontFamily: FONT },
    confine: true,
  } as const;
}

const money = (v: unknown) => moneyText(typeof v === 'number' ? v : Number(v));

function valueAxis(p: ChartPalette) {
  return {
    type: 'value',
    axisLabel: { color: p.muted, formatter: money, fontFamily: FONT },
    splitLine: { lineStyle: { color: p.border } },
    axisLine: { show: false },
  } as const;
}

export interface GroupSeriesDef {
  key: 'pvCosts' | 'pvBenefits' | 'npv' | 'npvRiskAdjusted' | 'realisedValue';
  name: string;
}

export const GROUP_SERIES: GroupSeriesDef[] = [
  { key: 'pvCosts', name: 'Investment' },
  { key: 'pvBenefits', name: 'Projected value' },
  { key: 'npv', name: 'NPV' },
  { key: 'npvRiskAdjusted', name: 'Risk-adjusted NPV' },
  { key: 'realisedValue', name: 'Realised value' },
];

function groupColors(p: ChartPalette): Record<GroupSeriesDef['key'], string> {
  return {
    pvCosts: '#8a96a8',
    pvBenefits: '#76b7b2',
    npv: p.accent,
    npvRiskAdjusted: '#59a14f',
    realisedValue: '#e8a33d',
  };
}

const BY_LABEL: Record<GroupBy, string> = { phase: 'phase', businessUnit: 'business unit', type: 'type' };

export function groupOption(groups: readonly RoiGroupTotals[], by: GroupBy, p: ChartPalette): EChartsCoreOption {
  const colors = groupColors(p);
  const many = groups.length > 6;
  return {
    animation: false,
    title: title(`Totals by ${BY_LABEL[by]}`, 'Investment = PV of costs · projected value = PV of benefits', p),
    legend: {
      top: 48,
      left: 4,
      itemWidth: 12,
      itemHeight: 10,
      textStyle: { color: p.text, fontFamily: FONT },
    },
    grid: { left: 8, right: 16, top: 84, bottom: 8, containLabel: true },
    tooltip: {
      ...tooltip(p),
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: money,
    },
    xAxis: {
      type: 'category',
      data: groups.map((g) => groupLabel(by, g.key)),
      axisLabel: {
        color: p.text,
        interval: 0,
        rotate: many ? 30 : 0,
        width: many ? 110 : 140,
        overflow: 'truncate',
        fontFamily: FONT,
      },
      axisTick: { show: false },
      axisLine: { lineStyle: { color: p.border } },
    },
    yAxis: valueAxis(p),
    series: GROUP_SERIES.map((s) => ({
      type: 'bar',
      name: s.name,
      data: groups.map((g) => g[s.key]),
      itemStyle: { color: colors[s.key], borderRadius: [2, 2, 0, 0] },
      barMaxWidth: 22,
      barGap: '8%',
    })),
  };
}

/** Bubble area follows investment; the biggest is smaller when there are thousands, so they stay readable. */
function sizeScale(points: readonly RoiPoint[]): (pvCosts: number) => number {
  let max = 0;
  for (const pt of points) if (pt.pvCosts > max) max = pt.pvCosts;
  const [min, top] = points.length > 2000 ? [3, 16] : points.length > 300 ? [4, 26] : [6, 44];
  return (c) => (max > 0 && c > 0 ? min + (top - min) * Math.sqrt(c / max) : min);
}

export interface BubbleInput {
  points: readonly RoiPoint[];
  /** Purgatory score per initiative (watchlist); undefined while the report loads. */
  scores: ReadonlyMap<number, number> | undefined;
  riskAdjusted: boolean;
}

/** [x, y, investment, initiative id]: arrays are cheaper than objects at 10,000 points. */
export type BubbleDatum = [number, number, number, number];

export const BUBBLE_SUBTITLE_LINES = [
  'x: EU AI Act risk tier; inside a tier, further right = higher watchlist (pilot-purgatory) score',
  'Bubble size: investment (PV of costs) · colour: phase',
];
export const BUBBLE_SUBTITLE = BUBBLE_SUBTITLE_LINES.join('. ');

/** Where each initiative's bubble sits in the chart: one series per phase (roadmap order), points in input order. */
export function bubbleSlots(points: readonly RoiPoint[]): Map<number, { seriesIndex: number; dataIndex: number }> {
  const perPhase = new Map<PhaseId, number[]>();
  for (const pt of points) {
    let list = perPhase.get(pt.phase);
    if (!list) perPhase.set(pt.phase, (list = []));
    list.push(pt.initiativeId);
  }
  const slots = new Map<number, { seriesIndex: number; dataIndex: number }>();
  PHASES.filter((ph) => perPhase.has(ph.id)).forEach((ph, seriesIndex) =>
    perPhase.get(ph.id)!.forEach((id, dataIndex) => slots.set(id, { seriesIndex, dataIndex })),
  );
  return slots;
}

export function bubbleOption(
  input: BubbleInput,
  byId: ReadonlyMap<number, RoiPoint>,
  p: ChartPalette,
): EChartsCoreOption {
  const { points, scores, riskAdjusted } = input;
  const size = sizeScale(points);
  const byPhase = new Map<PhaseId, BubbleDatum[]>();
  for (const pt of points) {
    let list = byPhase.get(pt.phase);
    if (!list) byPhase.set(pt.phase, (list = []));
    const y = riskAdjusted ? pt.npvRiskAdjusted : pt.npv;
    list.push([riskX(pt.riskTier, scores?.get(pt.initiativeId) ?? 0, pt.initiativeId), y, pt.pvCosts, pt.initiativeId]);
  }
  const yName = riskAdjusted ? 'Risk-adjusted NPV' : 'NPV';
  const many = points.length > 2000;
  const series = PHASES.filter((ph) => byPhase.has(ph.id)).map((ph, i) => ({
    type: 'scatter',
    name: phaseLabel(ph.id),
    data: byPhase.get(ph.id),
    symbolSize: (v: BubbleDatum) => size(v[2]),
    itemStyle: {
      color: PHASE_COLORS[ph.id],
      opacity: many ? 0.6 : 0.75,
      borderColor: p.surface,
      borderWidth: many ? 0 : 1,
    },
    emphasis: { focus: 'none', itemStyle: { opacity: 1, borderColor: p.text, borderWidth: 1.5 } },
    // Thousands of bubbles are painted in chunks, so the first frame comes quickly and the UI stays responsive.
    progressive: 1000,
    progressiveThreshold: 3000,
    ...(i === 0
      ? {
          markLine: {
            silent: true,
            symbol: 'none',
            label: { show: false },
            lineStyle: { color: p.border, type: 'dashed', width: 1 },
            data: [
              ...RISK_BANDS.slice(1).map((_, b) => ({ xAxis: b + 0.5 })),
              { yAxis: 0, lineStyle: { color: p.muted, type: 'solid' } },
            ],
          },
        }
      : {}),
  }));
  return {
    animation: false,
    title: title(`Value vs risk (${yName})`, BUBBLE_SUBTITLE_LINES.join('\n'), p),
    // One line whatever the width: seven phases scroll rather than wrap into the axis labels.
    legend: {
      type: 'scroll',
      bottom: 0,
      left: 'center',
      pageTextStyle: { color: p.muted },
      pageIconColor: p.text,
      pageIconInactiveColor: p.border,
      itemWidth: 10,
      itemHeight: 10,
      icon: 'circle',
      textStyle: { color: p.text, fontFamily: FONT },
    },
    grid: { left: 8, right: 20, top: 62, bottom: 30, containLabel: true },
    tooltip: {
      ...tooltip(p),
      trigger: 'item',
      formatter: (params: { value?: unknown }) => {
        const v = params.value as BubbleDatum | undefined;
        const pt = v ? byId.get(v[3]) : undefined;
        if (!pt) return '';
        const score = scores?.get(pt.initiativeId);
        return [
          pt.name,
          `${phaseLabel(pt.phase)} · ${pt.businessUnit || 'No business unit'}`,
          `NPV ${money(pt.npv)} · risk-adjusted ${money(pt.npvRiskAdjusted)}`,
          `Investment ${money(pt.pvCosts)} · ROI ${formatPercent(pt.roi, 0)}`,
          `Risk tier ${RISK_BANDS.find((b) => b.tier === pt.riskTier)?.label ?? pt.riskTier} · watchlist score ${
            scores ? String(score ?? 0) : '—'
          }`,
          'Click to open',
        ].join('\n');
      },
    },
    // The bubbles sit on a value axis (band i is centred on i); a category axis over the same width, one
    // category per band, writes the tier names under the band centres.
    xAxis: [
      {
        type: 'value',
        min: -0.5,
        max: RISK_BANDS.length - 0.5,
        show: false,
      },
      {
        type: 'category',
        data: RISK_BANDS.map((b) => b.label),
        boundaryGap: true,
        position: 'bottom',
        axisLine: { onZero: false, lineStyle: { color: p.border } },
        axisTick: { show: false },
        axisLabel: { color: p.text, fontFamily: FONT },
      },
    ],
    yAxis: {
      ...valueAxis(p),
      axisLine: { show: false, onZero: false },
      axisTick: { show: false },
    },
    series,
  };
}

const WATERFALL_KIND_INDEX: Record<WaterfallStep['kind'], number> = { up: 0, down: 1, others: 2, total: 3 };

export function waterfallOption(
  steps: readonly WaterfallStep[],
  riskAdjusted: boolean,
  p: ChartPalette,
): EChartsCoreOption {
  const kindColor = [p.ok, p.danger, p.muted, p.accent];
  const labels = steps.map((s) => s.label);
  const renderItem: CustomSeriesRenderItem = (_params, api) => {
    const row = Number(api.value(0));
    const from = Number(api.value(1));
    const to = Number(api.value(2));
    const kind = Number(api.value(3));
    const a = api.coord([from, row]);
    const b = api.coord([to, row]);
    const band = (api.size?.([0, 1]) as number[] | undefined)?.[1] ?? 20;
    const height = Math.max(6, band * 0.62);
    const x = Math.min(a[0]!, b[0]!);
    const width = Math.max(1, Math.abs(b[0]! - a[0]!));
    const step = steps[row];
    return {
      type: 'group',
      children: [
        {
          type: 'rect',
          shape: { x, y: a[1]! - height / 2, width, height, r: 2 },
          style: { fill: kindColor[kind] ?? p.muted },
        },
        {
          type: 'text',
          silent: true,
          style: {
            text: step ? money(step.value) : '',
            // Always past the bar's right end: that side of a row is free, the left one runs into the names.
            x: x + width + 6,
            y: a[1]!,
            align: 'left',
            verticalAlign: 'middle',
            fill: p.text,
            font: `11.5px ${FONT}`,
          },
        },
      ],
    };
  };
  const ext = steps.flatMap((s) => [s.from, s.to]);
  const span = Math.max(...ext, 0) - Math.min(...ext, 0);
  return {
    animation: false,
    title: title(
      `NPV waterfall${riskAdjusted ? ' (risk-adjusted)' : ''}`,
      'Largest contributors to portfolio NPV; the rest summed as “Others”',
      p,
    ),
    grid: { left: 8, right: 56, top: 52, bottom: 8, containLabel: true },
    tooltip: {
      ...tooltip(p),
      trigger: 'item',
      formatter: (params: { dataIndex?: number }) => {
        const s = steps[params.dataIndex ?? -1];
        if (!s) return '';
        if (s.kind === 'total') return `${s.label}\n${money(s.value)}`;
        return `${s.label}\n${s.value >= 0 ? 'Adds' : 'Takes away'} ${money(Math.abs(s.value))}\nRunning total ${money(s.to)}${s.initiativeId !== null ? '\nClick to open' : ''}`;
      },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: labels,
      axisLabel: { color: p.text, width: 170, overflow: 'truncate', fontFamily: FONT },
      axisTick: { show: false },
      axisLine: { lineStyle: { color: p.border } },
    },
    xAxis: {
      ...valueAxis(p),
      axisLabel: { ...valueAxis(p).axisLabel, hideOverlap: true, showMinLabel: false, showMaxLabel: false },
      // Room for the value labels past the bars' right ends.
      min: (v: { min: number }) => (v.min < 0 ? v.min - span * 0.03 : 0),
      max: (v: { max: number }) => Math.max(v.max, 0) + span * 0.2,
    },
    series: [
      {
        type: 'custom',
        renderItem,
        encode: { x: [1, 2], y: 0 },
        data: steps.map((s, i) => [i, s.from, s.to, WATERFALL_KIND_INDEX[s.kind]]),
      },
    ],
  };
}
