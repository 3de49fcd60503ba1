import type { CsvTable } from './csvExport';

/**
 * The spend table (biggest first) with its total: amounts as numbers in USD and shares in percent, so a
 * spreadsheet can add them up; the period and grouping go into the file name.
 */
export function spendCsv(
  groupLabel: string,
  days: number,
  groups: readonly { label: string; total: number }[],
  total: number,
): CsvTable {
  const cents = (n: number) => Math.round(n * 100) / 100;
  const share = (n: number) => (total > 0 ? Math.round((n / total) * 1000) / 10 : null);
  return {
    title: `Spend by ${groupLabel.toLowerCase()}, last ${days} days`,
    defaultName: `spend-by-${groupLabel.toLowerCase()}-${days}d`,
    columns: [groupLabel, 'Spend (USD)', 'Share (%)'],
    rows: [
      ...groups.map((g) => [g.label, cents(g.total), share(g.total)]),
      ['Total', cents(total), total > 0 ? 100 : null],
    ],
  };
}
