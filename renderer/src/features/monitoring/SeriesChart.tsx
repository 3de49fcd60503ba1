import { useEffect, useMemo, useRef, useState } from 'react';
// Only what this chart draws, so the bundle carries a line chart with zoom, not all of echarts.
import { LineChart, type LineSeriesOption } from 'echarts/charts';
import {
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  GridComponent,
  MarkLineComponent,
  TooltipComponent,
  type DataZoomComponentOption,
  type GridComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { use as registerEcharts, type ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import {
  METRIC_AGG,
  METRIC_UNITS,
  type CanonicalMetric,
  type SeriesView,
} from '../../../../shared/domain/connections/metrics';
import { errorMessage, invoke } from '../../api/client';
import { onEvent } from '../../api/events';
import { useChartPalette, useEChart, type ChartPalette } from '../../components/charts/useEChart';
import { formatAxis, formatMetric, formatSource, metricLabel } from './metricFormat';
import { pointsForWidth, spliceDetail, toPoints, type Point } from './seriesPoints';

registerEcharts([
  LineChart,
  GridComponent,
  TooltipComponent,
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

type Option = ComposeOption<
  LineSeriesOption | GridComponentOption | TooltipComponentOption | DataZoomComponentOption | MarkLineComponentOption
>;
type Unit = (typeof METRIC_UNITS)[CanonicalMetric];

const dayFormat = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const timeFormat = new Intl.DateTimeFormat('en', {
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZone: 'UTC',
});

/**
 * Axis and slider labels. echarts asks for labels before the first points arrive (an empty time axis has
 * NaN bounds), and Intl throws on an invalid date — which, thrown inside setOption, would take the view down.
 */
export function timeLabel(v: number): string {
  if (!Number.isFinite(v)) return '';
  const d = new Date(v);
  return d.getUTCHours() === 0 && d.getUTCMinutes() === 0 ? dayFormat.format(d) : timeFormat.format(d);
}
export function dayLabel(v: number): string {
  return Number.isFinite(v) ? dayFormat.format(v) : '';
}

/** 1, 2 or 5 times a power of ten, at or above x: an axis top that labels well. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return x;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

/** The frame of the chart; the points are set separately so a new slice does not reset the zoom. */
export function baseOption(
  unit: Unit,
  extent: SeriesView['extent'],
  name: string,
  p: ChartPalette,
  threshold: number | null = null,
): Option {
  return {
    animation: false,
    // containLabel: the axis labels sit inside the canvas whatever their width ("$1.2K", "350 ms").
    grid: { left: 8, right: 16, top: 14, bottom: 40, containLabel: true },
    tooltip: {
      trigger: 'axis',
      renderMode: 'richText',
      backgroundColor: p.surface,
      borderColor: p.border,
      textStyle: { color: p.text },
      valueFormatter: (v) => formatMetric(typeof v === 'number' ? v : null, unit),
    },
    xAxis: {
      type: 'time',
      // The whole stored range, so the slider spans it while the points inside are a finer slice.
      ...(extent ? { min: extent.from * 1000, max: extent.to * 1000 } : {}),
      axisLabel: {
        color: p.muted,
        hideOverlap: true,
        formatter: timeLabel,
      },
      axisLine: { lineStyle: { color: p.border } },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      scale: unit === 'seconds' || unit === 'score',
      // Room above the SLO line, so a curve far below its threshold still shows where the threshold is.
      ...(threshold !== null ? { max: (v: { max: number }) => niceCeil(Math.max(v.max, threshold * 1.15)) } : {}),
      axisLabel: { color: p.muted, formatter: (v: number) => formatAxis(v, unit) },
      splitLine: { lineStyle: { color: p.border } },
    },
    dataZoom: [
      { type: 'inside', filterMode: 'none', zoomOnMouseWheel: true, moveOnMouseMove: true },
      {
        type: 'slider',
        filterMode: 'none',
        height: 22,
        bottom: 8,
        borderColor: p.border,
        textStyle: { color: p.muted },
        labelFormatter: dayLabel,
        dataBackground: { lineStyle: { color: p.muted }, areaStyle: { color: p.border } },
        fillerColor: 'rgba(76, 143, 240, 0.18)',
      },
    ],
    series: [
      {
        type: 'line',
        name,
        showSymbol: false,
        data: [],
        itemStyle: { color: p.accent },
        lineStyle: { color: p.accent, width: 1.5 },
        // The SLO's threshold, so a breach reads off the curve (the y axis stretches to include it).
        ...(threshold !== null
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { color: p.danger, type: 'dashed', width: 1 },
                label: {
                  position: 'insideEndTop',
                  color: p.danger,
                  formatter: `SLO ${formatMetric(threshold, unit)}`,
                },
                data: [{ yAxis: threshold }],
              },
            }
          : {}),
      },
    ],
  };
}

/** Tables whose change means new or removed samples. */
const SERIES_TABLES = ['metric_series', 'metric_samples', 'metric_rollups'];

interface ZoomWindow {
  from: number;
  to: number;
}

/**
 * One canonical metric of an initiative over time. The core sends at most about one point per pixel
 * (roll-ups, then LTTB); zooming asks again for the visible window only, and the previous points stay drawn
 * until the finer ones arrive. One query runs at a time: while it runs, further zooms only update the window
 * wanted next, so a dragged slider never queues a burst of reads.
 */
export function SeriesChart({
  initiativeId,
  metric,
  threshold = null,
}: {
  initiativeId: number;
  metric: CanonicalMetric;
  /** An SLO threshold on this metric, drawn as a dashed line. */
  threshold?: number | null;
}) {
  const palette = useChartPalette();
  const unit = METRIC_UNITS[metric];
  const [overview, setOverview] = useState<SeriesView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [points, setPoints] = useState<Point[]>([]);
  const option = useMemo(
    () => baseOption(unit, overview?.extent ?? null, metricLabel(metric), palette, threshold),
    [unit, overview?.extent, metric, palette, threshold],
  );
  const { ref, chart } = useEChart(option);
  const zoom = useRef<ZoomWindow | null>(null);
  const overviewPoints = useRef<Point[]>([]);
  const extentRef = useRef<SeriesView['extent']>(null);
  const loadSeq = useRef(0);
  const [resolution, setResolution] = useState<number | null>(null);
  // Bumped when a poll stores new samples, so the curve follows the live data.
  const [version, setVersion] = useState(0);
  const refetchWindow = useRef<(() => void) | null>(null);

  useEffect(
    () =>
      onEvent('db/changed', ({ tables }) => {
        if (tables.some((t) => SERIES_TABLES.includes(t))) setVersion((v) => v + 1);
      }),
    [],
  );

  // The whole range at the chart's width; again after new samples, keeping the user's zoom window.
  useEffect(() => {
    let live = true;
    const width = pointsForWidth(ref.current?.clientWidth ?? 600);
    invoke('metrics/series', { initiativeId, metric, maxPoints: width }).then(
      (s) => {
        if (!live) return;
        setError(null);
        overviewPoints.current = toPoints(s);
        extentRef.current = s.extent;
        setOverview(s);
        if (zoom.current && refetchWindow.current) {
          // The finer slice of the window is asked for again; what is drawn stays until it lands.
          refetchWindow.current();
          return;
        }
        setPoints(overviewPoints.current);
        setResolution(s.resolution);
        loadSeq.current++;
      },
      (e: unknown) => {
        if (live) setError(errorMessage(e));
      },
    );
    return () => {
      live = false;
    };
  }, [initiativeId, metric, ref, version]);

  useEffect(() => {
    const c = chart.current;
    const el = ref.current;
    if (!c || !el) return;
    const onFinished = () => {
      el.dataset.rendered = '1';
    };
    c.on('finished', onFinished);

    let inFlight = false;
    let wanted: ZoomWindow | null = null;
    let frame = 0;
    const fetchWanted = () => {
      frame = 0;
      if (inFlight || wanted === null) return;
      const w = wanted;
      wanted = null;
      inFlight = true;
      const ext = extentRef.current;
      const whole = ext !== null && w.from <= ext.from * 1000 && w.to >= ext.to * 1000;
      const input = {
        initiativeId,
        metric,
        maxPoints: pointsForWidth(el.clientWidth),
        ...(whole ? {} : { from: Math.floor(w.from / 1000), to: Math.ceil(w.to / 1000) }),
      };
      invoke('metrics/series', input)
        .then(
          (s) => {
            if (c.isDisposed()) return;
            loadSeq.current++;
            setResolution(s.resolution);
            setPoints(whole ? overviewPoints.current : spliceDetail(overviewPoints.current, toPoints(s), w.from, w.to));
          },
          (e: unknown) => setError(errorMessage(e)),
        )
        .finally(() => {
          inFlight = false;
          if (wanted !== null && !c.isDisposed()) frame = requestAnimationFrame(fetchWanted);
        });
    };
    const onZoom = () => {
      // start/end are percentages of the x axis, whose range is pinned to the stored extent.
      const dz = (c.getOption() as { dataZoom?: Array<{ start?: number; end?: number }> }).dataZoom?.[0];
      const ext = extentRef.current;
      if (!ext || dz?.start === undefined || dz.end === undefined) return;
      const span = (ext.to - ext.from) * 1000;
      const w = { from: ext.from * 1000 + (span * dz.start) / 100, to: ext.from * 1000 + (span * dz.end) / 100 };
      zoom.current = w;
      wanted = w;
      // Asked at once when nothing is in flight (a wheel notch should not wait a frame); while one is, only
      // the latest window is kept, and asked for when the answer lands: one in flight, the latest wins.
      if (!inFlight && !frame) fetchWanted();
    };
    c.on('datazoom', onZoom);
    refetchWindow.current = () => {
      wanted = zoom.current;
      if (!frame) frame = requestAnimationFrame(fetchWanted);
    };
    return () => {
      refetchWindow.current = null;
      if (frame) cancelAnimationFrame(frame);
      if (c.isDisposed()) return;
      c.off('finished', onFinished);
      c.off('datazoom', onZoom);
    };
  }, [chart, ref, initiativeId, metric]);

  // Declared after useEChart's effects and the listeners, so it runs after a new frame is set. Points go in
  // by merge, so the zoom window set by the user stays; tests and benchmarks wait on
  // data-rendered="1" (echarts' 'finished') and data-loaded (the count of answers drawn) instead of sleeping.
  useEffect(() => {
    const c = chart.current;
    const el = ref.current;
    if (!c || !el) return;
    el.dataset.rendered = '0';
    el.dataset.loaded = String(loadSeq.current);
    el.dataset.points = String(points.length);
    const w = zoom.current;
    c.setOption({
      series: [{ data: points }],
      ...(w
        ? {
            dataZoom: [
              { startValue: w.from, endValue: w.to },
              { startValue: w.from, endValue: w.to },
            ],
          }
        : {}),
    });
  }, [points, option, chart, ref]);

  const latest = points.at(-1);
  const summary = overview
    ? overview.t.length === 0
      ? `${metricLabel(metric)}: no data stored`
      : `${metricLabel(metric)} over time, ${overview.rawCount.toLocaleString('en')} stored samples; latest ${formatMetric(latest?.[1] ?? null, unit)}. Scroll or drag the slider to zoom.`
    : `${metricLabel(metric)}: loading`;

  return (
    <div className="series-chart-wrap">
      {error && (
        <p role="alert" className="form-error">
          Could not load the series: {error}
        </p>
      )}
      {overview && overview.t.length === 0 && <p className="muted">No data stored for {metricLabel(metric)}.</p>}
      <div
        ref={ref}
        className="series-chart"
        role="img"
        aria-label={summary}
        data-testid="series-chart"
        data-metric={metric}
      />
      {overview && overview.t.length > 0 && (
        <p className="muted small-text series-meta">
          {pointMeaning(metric, resolution ?? 0)}
          {overview.sources.length > 0 && ` · ${overview.sources.map((x) => formatSource(x)).join(', ')}`}
        </p>
      )}
    </div>
  );
}

function resolutionText(sec: number): string {
  if (sec >= 86_400) return sec === 86_400 ? 'day' : `${sec / 86_400} days`;
  if (sec >= 3600) return sec === 3600 ? 'hour' : `${sec / 3600} hours`;
  return sec === 60 ? 'minute' : `${sec / 60} minutes`;
}

/**
 * What one point of the curve is. A counted metric (spend, requests, tokens) has no meaning per point unless
 * the period is said: a raw sample covers its own poll interval, a roll-up a minute, hour or day.
 */
export function pointMeaning(metric: CanonicalMetric, resolution: number): string {
  const sum = METRIC_AGG[metric] === 'sum';
  if (resolution === 0) return sum ? 'Each point: the amount in one stored sample' : 'Raw samples';
  const per = resolutionText(resolution);
  return sum ? `Each point: the total per ${per}` : `Each point: the average per ${per}`;
}
