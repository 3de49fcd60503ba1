import { useRadar } from '../watchlist/radar';
import type { PortfolioRow } from '../portfolio/rows';
import type { CsvTable } from './csvExport';
import { portfolioCsv } from './portfolioCsv';

/** The slice of the portfolio's react-table instance the CSV reads. */
interface PortfolioTableLike {
  getVisibleLeafColumns(): { id: string; columnDef: { header?: unknown } }[];
  getRowModel(): { rows: { original: PortfolioRow }[] };
}

/** What the portfolio table shows right now, with the watchlist score from the shared radar report. */
export function portfolioTableCsv(table: PortfolioTableLike): CsvTable {
  const scores = useRadar.getState().scores;
  return portfolioCsv(
    table.getVisibleLeafColumns().map((c) => ({
      id: c.id,
      header: typeof c.columnDef.header === 'string' ? c.columnDef.header : c.id,
    })),
    table.getRowModel().rows.map((r) => r.original),
    (id) => scores.get(id)?.score ?? null,
  );
}
