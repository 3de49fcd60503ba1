import { describe, expect, it } from 'vitest';
import { pointsForWidth, spliceDetail, toPoints, type Point } from './seriesPoints';

describe('toPoints', () => {
  it('pairs the packed arrays', () => {
    expect(toPoints({ t: [1000, 2000], v: [5, 7] })).toEqual([
      [1000, 5],
      [2000, 7],
    ]);
  });
});

describe('spliceDetail', () => {
  const overview: Point[] = [
    [0, 1],
    [100, 2],
    [200, 3],
    [300, 4],
  ];
  it('replaces the zoomed window with the detail and keeps the rest', () => {
    const detail: Point[] = [
      [100, 2.1],
      [150, 2.5],
      [200, 3.1],
    ];
    expect(spliceDetail(overview, detail, 100, 200)).toEqual([[0, 1], ...detail, [300, 4]]);
  });
  it('keeps only the overview around an empty window, inventing nothing', () => {
    expect(spliceDetail(overview, [], 50, 250)).toEqual([
      [0, 1],
      [300, 4],
    ]);
  });
});

describe('pointsForWidth', () => {
  it('stays within what metrics/series accepts', () => {
    expect(pointsForWidth(0)).toBe(10);
    expect(pointsForWidth(640.4)).toBe(640);
    expect(pointsForWidth(50_000)).toBe(10_000);
  });
});
