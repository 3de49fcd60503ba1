import type { SpendView } from '../../../../shared/domain/connections/metrics';

export type SpendGroup = SpendView['groups'][number];

export const TOP_GROUPS = 10;

/**
 * The chart's stack: the largest groups by total, and everything else summed as "Other" so a long tail
 * does not turn the stack into noise. The table still lists every group.
 */
export function topAndOther(groups: readonly SpendGroup[], days: number, top = TOP_GROUPS): SpendGroup[] {
  const sorted = [...groups].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
  if (sorted.length <= top + 1) return sorted;
  const head = sorted.slice(0, top);
  const rest = sorted.slice(top);
  const daily = new Array<number>(days).fill(0);
  for (const g of rest) g.daily.forEach((v, i) => (daily[i] = (daily[i] ?? 0) + v));
  return [
    ...head,
    {
      key: '__other',
      label: `Other (${rest.length})`,
      initiativeId: null,
      total: rest.reduce((s, g) => s + g.total, 0),
      daily,
    },
  ];
}

/**
 * The days from the first one with any recorded spend: before it there is no history, and drawing those
 * days as $0 would invent zeros for data that was never collected. Totals are unchanged (they were 0).
 */
export function fromFirstSpend(
  days: readonly string[],
  groups: readonly SpendGroup[],
): { days: string[]; groups: SpendGroup[]; trimmed: number } {
  let first = days.length;
  for (const g of groups) {
    const i = g.daily.findIndex((v) => v !== 0);
    if (i >= 0 && i < first) first = i;
  }
  // Nothing recorded at all, or history from the first day: leave the range as asked.
  if (first === days.length || first === 0) return { days: [...days], groups: [...groups], trimmed: 0 };
  return {
    days: days.slice(first),
    groups: groups.map((g) => ({ ...g, daily: g.daily.slice(first) })),
    trimmed: first,
  };
}
