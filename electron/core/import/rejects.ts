import { neutraliseText } from '../../../shared/domain/pack/cells';
import type { RowProblem } from '../../../shared/domain/import/types';

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The rejects file: one line per problem, `row,column,reason`, CRLF line ends as RFC 4180 has them. Text comes
 * from the imported file (headers) and may start with '=' or '@': it is neutralised so that opening the
 * rejects in a spreadsheet cannot run a formula. The row number is a number and left alone.
 */
export function rejectsCsv(rejects: readonly RowProblem[]): string {
  const lines = ['row,column,reason'];
  for (const r of rejects) {
    lines.push(`${r.row},${field(neutraliseText(r.column))},${field(neutraliseText(r.reason))}`);
  }
  return lines.join('\r\n') + '\r\n';
}
