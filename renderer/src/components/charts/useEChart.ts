import { useEffect, useRef, useState, type RefObject } from 'react';
import { init, type EChartsCoreOption, type EChartsType } from 'echarts/core';

/**
 * The theme's colours as the charts paint them. A canvas cannot read CSS variables, so they are read
 * from the document when the chart draws, and again when the OS switches between light and dark.
 */
export interface ChartPalette {
  surface: string;
  text: string;
  muted: string;
  border: string;
  accent: string;
  ok: string;
  warn: string;
  danger: string;
}

function readPalette(): ChartPalette {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    surface: v('--surface'),
    text: v('--text'),
    muted: v('--text-muted'),
    border: v('--border'),
    accent: v('--accent'),
    ok: v('--ok-soft-text'),
    warn: v('--warning-soft-text'),
    danger: v('--danger'),
  };
}

const DARK = '(prefers-color-scheme: dark)';

export function useChartPalette(): ChartPalette {
  const [palette, setPalette] = useState(readPalette);
  useEffect(() => {
    const mq = window.matchMedia(DARK);
    const onChange = () => setPalette(readPalette());
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);
  return palette;
}

/**
 * An echarts instance on the returned element: created on mount (canvas renderer, so the strict CSP
 * needs no inline styles), resized with its container, disposed on unmount, and given `option` whenever
 * it changes. Each chart registers only the echarts parts it draws, so the bundle stays small.
 */
export function useEChart<T extends HTMLElement = HTMLDivElement>(
  option: EChartsCoreOption,
): {
  ref: RefObject<T | null>;
  chart: RefObject<EChartsType | null>;
} {
  const ref = useRef<T>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    // Panels change width with the window; the canvas has to follow.
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return { ref, chart };
}
