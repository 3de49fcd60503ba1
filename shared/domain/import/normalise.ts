import type { Cell } from './types';

/**
 * Comparison keys for headers and cell values. Spreadsheets written by people differ in case, spacing, curly
 * quotes, dashes and line breaks inside cells ("Rights-Impacting\n"); comparing on these keys makes such
 * differences disappear while the original text is kept for messages.
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NOT_ALNUM = /[^a-z0-9]+/g;

/** Case-, space-, accent- and punctuation-insensitive key: "Bureau/Component" → "bureau component". */
export function normaliseHeader(h: string): string {
  return h.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase().replace(NOT_ALNUM, ' ').trim();
}

/** A leading list marker as the 2025 inventory forms use them: "a) High-impact", "c)  Deployed – …". */
const LIST_MARKER = /^\s*(?:[a-z]|\d{1,2})[.)]\s+/i;
/** " - ", " – ", " — " or ": " between a short value and its explanation ("Pilot - The use case has …"). */
const EXPLANATION = /\s+[-\u2013\u2014]\s+|:\s/;
const PARENTHETICAL = /\s*\([^)]*\)\s*$/;

/**
 * Keys to try, in order, when looking a cell up in a vocabulary: the whole text, then without a list marker,
 * then the text before an explanation, then without a trailing parenthetical ("Natural Language Processing (NLP)").
 */
export function valueKeys(text: string): string[] {
  const keys: string[] = [];
  const add = (s: string) => {
    const k = normaliseHeader(s);
    if (k && !keys.includes(k)) keys.push(k);
  };
  add(text);
  const unmarked = text.replace(LIST_MARKER, '');
  add(unmarked);
  const head = unmarked.split(EXPLANATION)[0] ?? '';
  add(head);
  add(head.replace(PARENTHETICAL, ''));
  return keys;
}

/** Words people write in a cell to mean "no value". Compared on normalised text. */
const PLACEHOLDERS = new Set([
  'n a',
  'na',
  'none',
  'null',
  'nil',
  'tbd',
  'tba',
  'tbc',
  'unknown',
  'not applicable',
  'not available',
  'to be determined',
  'ongoing',
  'on going',
  'todo',
  'pending',
]);

/** True when the normalised text is a placeholder ("N/A", "TBD", "-" …). */
export function isPlaceholder(text: string): boolean {
  const k = normaliseHeader(text);
  return k === '' || PLACEHOLDERS.has(k);
}

/**
 * A placeholder followed by an explanation ("N/A - Consolidated into another use case.",
 * "To Be Determined (calendar 2025)"): still no value, but the note is worth a warning.
 */
export function startsWithPlaceholder(text: string): boolean {
  const k = normaliseHeader(text);
  for (const p of PLACEHOLDERS) {
    if (k.startsWith(`${p} `)) return true;
  }
  return false;
}

/** The apostrophe exports put before formula-like text (pack/cells.ts neutraliseText). */
const NEUTRALISED = /^'[=+\-@\t\r]/;

/**
 * A cell as text, trimmed; '' for empty. The apostrophe an export added before "=…" is taken off again, so
 * an exported table imports back to the same text (it is neutralised again on the next export).
 */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return (NEUTRALISED.test(cell) ? cell.slice(1) : cell).trim();
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  return cell ? 'TRUE' : 'FALSE';
}

const WHITESPACE_RUN = /\s+/g;

/** Single-line text: line breaks and runs of spaces become one space (names, business units, people). */
export function oneLine(text: string): string {
  return NEEDS_COLLAPSE.test(text) ? text.replace(WHITESPACE_RUN, ' ').trim() : text.trim();
}
const NEEDS_COLLAPSE = /\s\s|[^\S ]/;

/** How a header in a rule finds a sheet column: same key, or (for long question headers) the key as a prefix. */
export function headerMatches(ruleKey: string, sheetKey: string): boolean {
  if (ruleKey === sheetKey) return true;
  // Question-text headers gain suffixes between years and agencies ("…this AI use case? Practice: Complete AI
  // Impact Assessment"; "Use Case ID [Agency Abbrev.] – [#]"). A prefix of at least three words is specific
  // enough not to catch an unrelated column; one word ("name") would be.
  return ruleKey.split(' ').length >= 3 && sheetKey.startsWith(`${ruleKey} `);
}
