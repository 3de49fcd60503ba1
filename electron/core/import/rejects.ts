import type { RowProblem } from '../../../shared/domain/import/types';
import { csvText } from '../exports/csv';

/**
 * The rejects file: one line per problem, `row,column,reason`, through the same CSV writer as every export
 * (RFC 4180, CRLF). Text comes from the imported file (headers) and may start with '=' or '@': the writer
 * neutralises it so that opening the rejects in a spreadsheet cannot run a formula; the row number stays a number.
 */
export function rejectsCsv(rejects: readonly RowProblem[]): string {
  return csvText(
    ['row', 'column', 'reason'],
    rejects.map((r) => [r.row, r.column, r.reason]),
  );
}
