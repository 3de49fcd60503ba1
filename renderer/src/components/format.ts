import type { InitiativeStatus, RiskTier } from '../../../shared/domain/enums';

/** Dates come as YYYY-MM-DD or ISO instants; people read a short, unambiguous form. */
const dateFormat = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(value: string | null): string {
  if (!value) return '—';
  const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(d.getTime()) ? value : dateFormat.format(d);
}

export function formatDateTime(value: string | null): string {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateTimeFormat.format(d);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

export const STATUS_TONE: Record<InitiativeStatus, 'ok' | 'neutral' | 'warning' | 'danger'> = {
  active: 'ok',
  on_hold: 'warning',
  killed: 'danger',
  retired: 'neutral',
};

export const RISK_TONE: Record<RiskTier, 'ok' | 'neutral' | 'warning' | 'danger' | 'accent'> = {
  unclassified: 'neutral',
  prohibited: 'danger',
  high: 'warning',
  limited: 'accent',
  minimal: 'ok',
};
