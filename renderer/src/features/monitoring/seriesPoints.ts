import type { SeriesView } from '../../../../shared/domain/connections/metrics';

/** [unix ms, value] pairs, the shape echarts' time axis takes. */
export type Point = [number, number];

export function toPoints(s: Pick<SeriesView, 't' | 'v'>): Point[] {
  const out: Point[] = new Array<Point>(s.t.length);
  for (let i = 0; i < s.t.length; i++) out[i] = [s.t[i] as number, s.v[i] as number];
  return out;
}

/**
 * The overview with a finer slice spliced in: coarse points outside [from, to] (ms), the detail inside.
 * Zooming out then shows the coarse curve at once instead of a gap while the next query runs.
 */
export function spliceDetail(overview: readonly Point[], detail: readonly Point[], from: number, to: number): Point[] {
  const before = overview.filter((p) => p[0] < from);
  const after = overview.filter((p) => p[0] > to);
  return [...before, ...detail, ...after];
}

/** The chart's width in points, within what metrics/series accepts. */
export function pointsForWidth(px: number): number {
  return Math.max(10, Math.min(10_000, Math.round(px)));
}
