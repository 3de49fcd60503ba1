/**
 * Cash-flow arithmetic of the TEI method (domain.md §1.1): one flow per period, period 0 is "time 0" and
 * is not discounted, period t is discounted by (1 + r)^t. Pure and allocation-light: the Monte Carlo run
 * calls these tens of thousands of times.
 */

export interface CashFlowResult {
  pvCosts: number;
  pvBenefits: number;
  npv: number;
  /** NPV / PV of costs; null when there are no costs (a ratio over nothing is not a number to show). */
  roi: number | null;
  /** Rate at which NPV of the net flows is 0; null when none exists (no sign change, or no root found). */
  irr: number | null;
  /** Periods until the cumulative net flow first reaches 0, interpolated within the period; null if never. */
  paybackPeriods: number | null;
  /** The same on discounted net flows. */
  discountedPaybackPeriods: number | null;
}

/** Σ x_t / (1+r)^t, t from 0. */
export function presentValue(flows: ArrayLike<number>, rate: number): number {
  let pv = 0;
  let factor = 1;
  const growth = 1 + rate;
  for (let t = 0; t < flows.length; t++) {
    pv += flows[t]! / factor;
    factor *= growth;
  }
  return pv;
}

/**
 * Periods until the running sum of `net` first reaches zero, interpolated linearly inside the period that
 * crosses: (t − 1) + remaining / net_t. 0 when nothing is owed at time 0 (no investment or already
 * positive); null when the sum never gets there within the horizon.
 */
export function paybackPeriods(net: ArrayLike<number>): number | null {
  if (net.length === 0) return null;
  // Rounding noise must not postpone a payback that is exact on paper (−100 then 110 / 1.1 is
  // 99.99999999999999 in binary): sums within a hair of zero count as zero.
  let largest = 0;
  for (let t = 0; t < net.length; t++) largest = Math.max(largest, Math.abs(net[t]!));
  const tolerance = largest * 1e-12;
  let cum = net[0]!;
  if (cum >= -tolerance) return 0;
  for (let t = 1; t < net.length; t++) {
    const flow = net[t]!;
    const next = cum + flow;
    if (next >= -tolerance) return Math.min(t, t - 1 + -cum / flow);
    cum = next;
  }
  return null;
}

function discounted(net: ArrayLike<number>, rate: number): number[] {
  const out = new Array<number>(net.length);
  let factor = 1;
  for (let t = 0; t < net.length; t++) {
    out[t] = net[t]! / factor;
    factor *= 1 + rate;
  }
  return out;
}

const IRR_GUESS = 0.1;
const IRR_TOLERANCE = 1e-13;

/** The rates where NPV changes sign are searched on this grid of 1 + r (r from −99.9999 % to +10^6 %). */
const GRID: readonly number[] = (() => {
  const points: number[] = [];
  // Log-spaced growth factors from 1e-6 to 1e4: fine near 1 (ordinary rates), coarse at the extremes.
  for (let e = -6; e <= 4 + 1e-9; e += 0.005) points.push(10 ** e);
  return points;
})();

function npvAt(net: ArrayLike<number>, growth: number): number {
  // Horner from the last period: Σ x_t g^{-t} = x_0 + g^{-1}(x_1 + g^{-1}(x_2 + ...)).
  const inv = 1 / growth;
  let acc = 0;
  for (let t = net.length - 1; t >= 0; t--) acc = acc * inv + net[t]!;
  return acc;
}

/** Bisection on growth factor g = 1 + r between a sign change; converges to machine precision. */
function bisect(net: ArrayLike<number>, lo: number, hi: number): number {
  let fLo = npvAt(net, lo);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    const fMid = npvAt(net, mid);
    if (fMid === 0) return mid;
    if (fLo < 0 === fMid < 0) {
      lo = mid;
      fLo = fMid;
    } else hi = mid;
    if (hi - lo <= IRR_TOLERANCE * Math.max(1, Math.abs(mid))) break;
  }
  return (lo + hi) / 2;
}

/**
 * Internal rate of return of the net flows, or null when none exists. Flows that never change sign have
 * no IRR. With several roots (more than one sign change), the one nearest the spreadsheet default guess
 * of 10 % is returned, as Calc and Excel's IRR(values) find from that guess in ordinary cases.
 */
export function irr(net: ArrayLike<number>): number | null {
  let pos = false;
  let neg = false;
  for (let t = 0; t < net.length; t++) {
    if (net[t]! > 0) pos = true;
    else if (net[t]! < 0) neg = true;
  }
  if (!pos || !neg) return null;
  let best: number | null = null;
  let prevG = GRID[0]!;
  let prevF = npvAt(net, prevG);
  for (let i = 1; i < GRID.length; i++) {
    const g = GRID[i]!;
    const f = npvAt(net, g);
    let root: number | null = null;
    if (prevF === 0) root = prevG;
    else if (f !== 0 && prevF < 0 !== f < 0) root = bisect(net, prevG, g);
    if (root !== null) {
      const r = root - 1;
      if (best === null || Math.abs(r - IRR_GUESS) < Math.abs(best - IRR_GUESS)) best = r;
    }
    prevG = g;
    prevF = f;
  }
  if (best === null && npvAt(net, GRID[GRID.length - 1]!) === 0) best = GRID[GRID.length - 1]! - 1;
  return best !== null && Number.isFinite(best) ? best : null;
}

/** Every TEI figure of one cost and one benefit flow per period. Arrays must have the same length. */
export function evaluateCashFlows(costs: ArrayLike<number>, benefits: ArrayLike<number>, rate: number): CashFlowResult {
  if (costs.length !== benefits.length) throw new RangeError('costs and benefits need one value per period each');
  if (!(rate > -1)) throw new RangeError('the rate must be above -100%');
  const net = new Array<number>(costs.length);
  for (let t = 0; t < costs.length; t++) net[t] = benefits[t]! - costs[t]!;
  const pvCosts = presentValue(costs, rate);
  const pvBenefits = presentValue(benefits, rate);
  const npv = pvBenefits - pvCosts;
  return {
    pvCosts,
    pvBenefits,
    npv,
    roi: pvCosts !== 0 ? npv / pvCosts : null,
    irr: irr(net),
    paybackPeriods: paybackPeriods(net),
    discountedPaybackPeriods: paybackPeriods(discounted(net, rate)),
  };
}
