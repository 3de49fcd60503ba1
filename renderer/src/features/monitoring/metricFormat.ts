import {
  CANONICAL_METRICS,
  type CanonicalMetric,
  type METRIC_UNITS,
} from '../../../../shared/domain/connections/metrics';

type Unit = (typeof METRIC_UNITS)[CanonicalMetric];

const usd = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });
const usdSmall = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 });
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const plain = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const score = new Intl.NumberFormat('en', { maximumFractionDigits: 3 });

/**
 * A metric's value as people read it: USD, token and request counts (compact above 10,000), seconds or
 * milliseconds, percentages for ratios. null is "No data", never 0: a missing number is not a zero.
 */
export function formatMetric(value: number | null, unit: Unit): string {
  if (value === null || !Number.isFinite(value)) return 'No data';
  switch (unit) {
    case 'usd':
      // A cent-level cost per request would round to $0.00.
      return value !== 0 && Math.abs(value) < 1 ? usdSmall.format(value) : usd.format(value);
    case 'count':
    case 'tokens': {
      const n = Math.abs(value) >= 10_000 ? compact.format(value) : plain.format(value);
      return unit === 'tokens' ? `${n} tokens` : n;
    }
    case 'seconds':
      return Math.abs(value) < 1
        ? `${plain.format(value * 1000)} ms`
        : `${score.format(Math.round(value * 100) / 100)} s`;
    case 'ratio':
      return `${(value * 100).toLocaleString('en', { maximumFractionDigits: value < 0.1 ? 2 : 1 })} %`;
    case 'score':
      return score.format(value);
  }
}

/** Axis labels: the same units, shorter. */
export function formatAxis(value: number, unit: Unit): string {
  switch (unit) {
    case 'usd':
      return `$${compact.format(value)}`;
    case 'count':
    case 'tokens':
      return compact.format(value);
    case 'seconds':
      // The axis origin in either unit: "0 ms" under "10 s" reads as a change of unit.
      if (value === 0) return '0';
      return Math.abs(value) < 1 ? `${plain.format(value * 1000)} ms` : `${score.format(value)} s`;
    case 'ratio':
      return `${(value * 100).toLocaleString('en', { maximumFractionDigits: 1 })} %`;
    case 'score':
      return score.format(value);
  }
}

/** "just now", "3 min ago", "5 h ago", "2 days ago" from an age in seconds. */
export function formatAge(ageSec: number): string {
  const s = Math.max(0, Math.round(ageSec));
  if (s < 45) return 'just now';
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.round(s / 3600);
  if (h < 48) return `${h} h ago`;
  const d = Math.round(s / 86_400);
  return `${d} days ago`;
}

/** "in 3 min", "in 20 s", "due now" for a time still to come. */
export function formatUntil(sec: number): string {
  const s = Math.round(sec);
  if (s <= 0) return 'due now';
  if (s < 60) return `in ${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `in ${min} min`;
  const h = Math.round(s / 3600);
  if (h < 48) return `in ${h} h`;
  return `in ${Math.round(s / 86_400)} days`;
}

/** Where a number came from, in words: 'prometheus:litellm' → "Prometheus (LiteLLM metrics)". */
export function formatSource(source: string | null, connectionName?: string | null): string {
  if (source === null) return 'No source';
  if (source === 'demo') return 'Sample data';
  const [kind, preset] = source.split(':');
  const names: Record<string, string> = {
    prometheus: 'Prometheus',
    alertmanager: 'Alertmanager',
    litellm: 'LiteLLM',
    langfuse: 'Langfuse',
    openrouter: 'OpenRouter',
    kong: 'Kong',
    otel: 'OpenTelemetry',
    price: 'token prices',
  };
  const base = names[kind ?? ''] ?? kind ?? source;
  const family = preset ? ` (${names[preset] ?? preset} metrics)` : '';
  return connectionName ? `${connectionName} · ${base}${family}` : `${base}${family}`;
}

export const metricLabel = (m: CanonicalMetric) => CANONICAL_METRICS.label(m);
