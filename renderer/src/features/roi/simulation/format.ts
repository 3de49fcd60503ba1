/**
 * Number formats of the ROI simulation and comparison screens. Anything unknown or not finite reads "—",
 * so NaN and Infinity never reach the screen.
 */

const MINUS = '\u2212';
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function known(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** $1,234,567 (whole dollars). */
export function money(x: number | null | undefined): string {
  if (!known(x)) return '—';
  const r = Math.round(x);
  return `${r < 0 ? MINUS : ''}$${whole.format(Math.abs(r))}`;
}

/** $1.2M, $350k, $900: for axes and bar labels. */
export function compactMoney(x: number | null | undefined): string {
  if (!known(x)) return '—';
  const a = Math.abs(x);
  const sign = x < 0 && a >= 0.5 ? MINUS : '';
  const scaled = (v: number, unit: string) => {
    const digits = v >= 100 ? 0 : 1;
    return `${sign}$${v.toFixed(digits).replace(/\.0$/, '')}${unit}`;
  };
  if (a >= 1e9) return scaled(a / 1e9, 'B');
  if (a >= 1e6) return scaled(a / 1e6, 'M');
  if (a >= 1e3) return scaled(a / 1e3, 'k');
  return `${sign}$${Math.round(a)}`;
}

/** A ratio as a percentage: 0.123 → "12.3 %". */
export function percent(x: number | null | undefined, digits = 1): string {
  if (!known(x)) return '—';
  const v = x * 100;
  return `${v < 0 ? MINUS : ''}${Math.abs(v).toFixed(digits)} %`;
}

export function months(x: number | null | undefined): string {
  if (!known(x)) return '—';
  return `${x.toFixed(1)} months`;
}

/** A driver value as entered: up to 4 significant decimals, thousands grouped. */
export function plainNumber(x: number | null | undefined): string {
  if (!known(x)) return '—';
  const a = Math.abs(x);
  const text = a >= 1000 ? whole.format(a) : Number(a.toPrecision(4)).toString();
  return `${x < 0 ? MINUS : ''}${text}`;
}

/** "+$1,200" / "−$300" / "±$0", for differences. */
export function signed(x: number | null | undefined, format: (v: number) => string): string {
  if (!known(x)) return '—';
  if (x === 0) return `±${format(0)}`;
  return x > 0 ? `+${format(x)}` : `${MINUS}${format(-x)}`;
}

/** The label of period t: Year 0..H, or Month 0..12H. */
export function periodLabel(t: number, periodicity: 'yearly' | 'monthly'): string {
  return periodicity === 'monthly' ? `Month ${t}` : `Year ${t}`;
}
