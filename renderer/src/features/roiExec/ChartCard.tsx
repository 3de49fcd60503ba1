import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { PNG_EXPORT_MAX_DATA_URL } from '../../../../shared/ipc/contract';
import { errorMessage, invoke } from '../../api/client';
import { useEChart } from '../../components/charts/useEChart';
import { toast } from '../../store/toasts';

/** The longest image `export/png` accepts (the router gives that channel room for it). */
const MAX_DATA_URL_CHARS = PNG_EXPORT_MAX_DATA_URL;

/**
 * The chart as a PNG at twice the screen's pixels on the theme's surface colour; at screen size when that
 * would be too large to send. Null when even that is too large.
 */
export function chartPng(chart: EChartsType, background: string): string | null {
  chart.dispatchAction({ type: 'hideTip' });
  for (const pixelRatio of [2, 1]) {
    const url = chart.getDataURL({ type: 'png', pixelRatio, backgroundColor: background });
    if (url.length <= MAX_DATA_URL_CHARS) return url;
  }
  return null;
}

export type ChartEvents = Partial<Record<'click' | 'mouseover' | 'mouseout' | 'globalout', (params: unknown) => void>>;

interface Props {
  /** The chart's name for people (export dialog, button label). */
  title: string;
  /** The file name the save dialog proposes, without .png. */
  fileName: string;
  option: EChartsCoreOption;
  /** What a screen reader hears instead of the canvas. */
  summary: string;
  background: string;
  className: string;
  testId: string;
  events?: ChartEvents;
  /** Controls shown beside the export button (toggles). */
  controls?: ReactNode;
  /** Shown under the chart (the hover read-out). */
  footer?: ReactNode;
  /** Makes the chart focusable and hands it the keys (stepping through the bubbles). */
  onChartKey?: (event: KeyboardEvent<HTMLDivElement>, chart: EChartsType) => void;
  /** Said after the summary when the chart takes keys. */
  keyHint?: string;
  /** A data item drawn emphasised (the initiative open in the detail panel). */
  highlight?: { seriesIndex: number; dataIndex: number } | null;
}

/** A chart panel: the echarts canvas, its controls and a keyboard-reachable "Export PNG". */
export function ChartCard({
  title,
  fileName,
  option,
  summary,
  background,
  className,
  testId,
  events,
  controls,
  footer,
  onChartKey,
  keyHint,
  highlight,
}: Props) {
  const { ref, chart } = useEChart(option);
  const [busy, setBusy] = useState(false);
  const eventsRef = useRef(events);
  useEffect(() => {
    eventsRef.current = events;
  });

  // Tests and benchmarks wait on data-rendered="1" (the chart's last frame is painted) instead of sleeping.
  // A layout effect, so it runs before useEChart's setOption, which paints (and reports it) synchronously.
  useLayoutEffect(() => {
    const el = ref.current;
    if (el) el.dataset.rendered = '0';
  }, [option, ref]);

  // Registered once: the handlers read the latest props through the ref, so re-renders do not re-bind.
  useEffect(() => {
    const c = chart.current;
    const el = ref.current;
    if (!c || !el) return;
    const onFinished = () => {
      el.dataset.rendered = '1';
    };
    c.on('finished', onFinished);
    const names = ['click', 'mouseover', 'mouseout', 'globalout'] as const;
    const bound = names.map((name) => {
      const handler = (params: unknown) => eventsRef.current?.[name]?.(params);
      if (name === 'globalout') c.getZr().on('globalout', handler);
      else c.on(name, handler);
      return () => (name === 'globalout' ? c.getZr().off('globalout', handler) : c.off(name, handler));
    });
    return () => {
      // useEChart's own cleanup (declared first, so run first on unmount) may have disposed of it already.
      if (c.isDisposed()) return;
      c.off('finished', onFinished);
      bound.forEach((off) => off());
    };
  }, [chart, ref]);

  const hSeries = highlight?.seriesIndex;
  const hData = highlight?.dataIndex;
  useEffect(() => {
    const c = chart.current;
    if (!c || hSeries === undefined || hData === undefined) return;
    c.dispatchAction({ type: 'highlight', seriesIndex: hSeries, dataIndex: hData });
    return () => {
      if (!c.isDisposed()) c.dispatchAction({ type: 'downplay', seriesIndex: hSeries, dataIndex: hData });
    };
  }, [chart, hSeries, hData, option]);

  const exportPng = async () => {
    const c = chart.current;
    if (!c || busy) return;
    const dataUrl = chartPng(c, background);
    if (!dataUrl) {
      toast.error(`“${title}” is too large to export as an image.`);
      return;
    }
    setBusy(true);
    try {
      const result = await invoke('export/png', { title: `Export “${title}” as PNG`, defaultName: fileName, dataUrl });
      if ('path' in result) toast.info(`Saved ${result.path}`);
    } catch (e) {
      toast.error(`Could not export the chart: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="rx-card rx-chart-card" aria-label={title} data-testid={testId}>
      <div className="rx-card-tools">
        {controls}
        <button
          type="button"
          className="button small"
          onClick={() => void exportPng()}
          disabled={busy}
          aria-label={`Export ${title} as PNG`}
          data-testid={`${testId}-export`}
        >
          {busy ? 'Exporting…' : 'Export PNG'}
        </button>
      </div>
      <div
        ref={ref}
        className={className}
        role="img"
        aria-label={keyHint ? `${summary} ${keyHint}` : summary}
        tabIndex={onChartKey ? 0 : undefined}
        onKeyDown={
          onChartKey
            ? (e) => {
                if (chart.current) onChartKey(e, chart.current);
              }
            : undefined
        }
        data-testid={`${testId}-canvas`}
      />
      {footer}
    </section>
  );
}
