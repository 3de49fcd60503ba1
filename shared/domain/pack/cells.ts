/**
 * Spreadsheet formula injection (OWASP "CSV injection"): text a spreadsheet program would read as a formula or
 * a DDE command starts with =, +, -, @, a tab or a carriage return. Such text gets a leading apostrophe, which
 * Excel, LibreOffice and Sheets show as plain text. Numbers are never touched: -5 stays a number.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text);
}
