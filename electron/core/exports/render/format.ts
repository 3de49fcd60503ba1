import { AppError } from '../../../../shared/errors';
import type { Rag, RagDimension } from '../../../../shared/domain/pack/types';

/**
 * Shared formatting for the pack renderers. The palette is Okabe-Ito (distinguishable with the common forms of
 * colour blindness), and RAG is always printed as a letter too, never as colour alone.
 */
export const RAG_COLOURS: Record<Rag, string> = { green: '#009E73', amber: '#E69F00', red: '#D55E00' };
export const RAG_LETTER: Record<Rag, string> = { green: 'G', amber: 'A', red: 'R' };
export const RAG_WORD: Record<Rag, string> = { green: 'Green', amber: 'Amber', red: 'Red' };
export const RAG_ORDER: readonly Rag[] = ['red', 'amber', 'green'];
export const DIMENSION_LABEL: Record<RagDimension, string> = {
  schedule: 'Schedule',
  budget: 'Budget',
  value: 'Value',
  risk: 'Risk',
  governance: 'Governance',
};
export const DIMENSION_SHORT: Record<RagDimension, string> = {
  schedule: 'Sch',
  budget: 'Bud',
  value: 'Val',
  risk: 'Rsk',
  governance: 'Gov',
};
/** Ink, muted text, rules and the accent of every pack. */
export const INK = '#1f2933';
export const MUTED = '#52606d';
export const RULE = '#d9dee3';
export const ACCENT = '#0b4f71';
/** Two series colours that are not RAG colours (realized vs projected, spend vs budget). */
export const SERIES = { actual: '#0072B2', plan: '#9fb3c8', spend: '#0072B2', budget: '#CC79A7' } as const;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Text as HTML text or a quoted attribute value. Control characters other than tab/newline are dropped. */
export function escapeHtml(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text.replace(CONTROL, '').replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c] ?? c);
}

export function throwIfAborted(signal: AbortSignal | undefined, what = 'The export'): void {
  if (signal?.aborted) throw new AppError('CANCELLED', `${what} was cancelled; no file was written.`);
}

/** $1.2M, €350k; a dash for unknown. Falls back to "1.2M XYZ" for a currency Intl does not know. */
export function money(value: number | null | undefined, currency: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      notation: 'compact',
      minimumFractionDigits: 0,
      maximumFractionDigits: 1,
    }).format(value);
  } catch {
    return `${new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(value)} ${currency}`;
  }
}

export function num(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
}

export function pct(value: number | null | undefined, digits = 0): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : `${num(value, digits)}%`;
}

/** The day part of an ISO date or date-time; a dash for none. */
export function day(value: string | null | undefined): string {
  if (!value) return '–';
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : value;
}

/** Date cell value for spreadsheets: a UTC midnight Date for YYYY-MM-DD, the instant for a date-time, else null. */
export function toDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function trendArrow(trend: 'up' | 'down' | 'flat' | null): string {
  return trend === 'up' ? '↑' : trend === 'down' ? '↓' : trend === 'flat' ? '→' : '–';
}

/** Cuts text to `max` characters with an ellipsis, for table cells and slide boxes with fixed room. */
/** Characters XML 1.0 cannot carry (an XLSX/PPTX part or chart SVG with them does not open), and unpaired surrogates. */
export const XML_INVALID =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Data text for a chart label or a slide: XML-safe (stored text may hold control characters) and at most `max` characters. */
export function clip(text: string, max: number): string {
  const clean = text.replace(XML_INVALID, '');
  const chars = Array.from(clean);
  return chars.length <= max ? clean : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}
