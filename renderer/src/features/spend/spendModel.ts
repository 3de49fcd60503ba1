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
