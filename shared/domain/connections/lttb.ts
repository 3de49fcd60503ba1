/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013): keeps the first and last point and, per
 * bucket, the point that spans the largest triangle with the previous pick and the next bucket's mean — the
 * shape of a curve (peaks, incidents) survives where plain striding or averaging would flatten it.
 * Pure and O(n) over parallel arrays, which is how series travel to the chart.
 */
export function lttb(t: readonly number[], v: readonly number[], threshold: number): { t: number[]; v: number[] } {
  const n = Math.min(t.length, v.length);
  if (threshold >= n || threshold < 3) {
    if (threshold >= n) return { t: t.slice(0, n), v: v.slice(0, n) };
    // Too few points asked for a triangle: the ends are the honest minimum.
    const keep = n === 0 ? [] : threshold <= 1 || n === 1 ? [0] : [0, n - 1];
    return { t: keep.map((i) => t[i]!), v: keep.map((i) => v[i]!) };
  }
  const outT: number[] = new Array<number>(threshold);
  const outV: number[] = new Array<number>(threshold);
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  outT[0] = t[0]!;
  outV[0] = v[0]!;
  for (let i = 0; i < threshold - 2; i++) {
    // Mean of the next bucket: the third corner of the triangle.
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgT = 0;
    let avgV = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgT += t[j]!;
      avgV += v[j]!;
    }
    const len = nextEnd - nextStart;
    avgT /= len;
    avgV /= len;
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const at = t[a]!;
    const av = v[a]!;
    let maxArea = -1;
    let pick = start;
    for (let j = start; j < end; j++) {
      const area = Math.abs((at - avgT) * (v[j]! - av) - (at - t[j]!) * (avgV - av));
      if (area > maxArea) {
        maxArea = area;
        pick = j;
      }
    }
    outT[i + 1] = t[pick]!;
    outV[i + 1] = v[pick]!;
    a = pick;
  }
  outT[threshold - 1] = t[n - 1]!;
  outV[threshold - 1] = v[n - 1]!;
  return { t: outT, v: outV };
}
