import { describe, expect, it } from 'vitest';
import { formatAge, formatAxis, formatMetric, formatSource, formatUntil } from './metricFormat';

describe('formatMetric', () => {
  it('says "No data" for null, never 0', () => {
    expect(formatMetric(null, 'usd')).toBe('No data');
    expect(formatMetric(null, 'count')).toBe('No data');
  });
  it('shows a real zero as zero', () => {
    expect(formatMetric(0, 'usd')).toBe('$0.00');
    expect(formatMetric(0, 'ratio')).toBe('0 %');
  });
  it('formats by unit', () => {
    expect(formatMetric(1234.5, 'usd')).toBe('$1,234.50');
    expect(formatMetric(0.0042, 'usd')).toBe('$0.0042');
    expect(formatMetric(1_250_000, 'tokens')).toBe('1.3M tokens');
    expect(formatMetric(812, 'count')).toBe('812');
    expect(formatMetric(0.245, 'seconds')).toBe('245 ms');
    expect(formatMetric(1.5, 'seconds')).toBe('1.5 s');
    expect(formatMetric(0.0125, 'ratio')).toBe('1.25 %');
    expect(formatMetric(0.873, 'score')).toBe('0.873');
  });
});

describe('ages', () => {
  it('reads as people say it', () => {
    expect(formatAge(10)).toBe('just now');
    expect(formatAge(180)).toBe('3 min ago');
    expect(formatAge(5 * 3600)).toBe('5 h ago');
    expect(formatAge(3 * 86_400)).toBe('3 days ago');
    expect(formatUntil(-5)).toBe('due now');
    expect(formatUntil(20)).toBe('in 20 s');
    expect(formatUntil(600)).toBe('in 10 min');
  });
});

describe('formatSource', () => {
  it('names the source and its metric family', () => {
    expect(formatSource('demo')).toBe('Sample data');
    expect(formatSource('prometheus:litellm', 'Prod')).toBe('Prod · Prometheus (LiteLLM metrics)');
    expect(formatSource(null)).toBe('No source');
  });
});

describe('formatAxis', () => {
  it('labels the origin of a seconds axis without a unit, so ms and s never mix on one axis', () => {
    expect(formatAxis(0, 'seconds')).toBe('0');
    expect(formatAxis(0.35, 'seconds')).toBe('350 ms');
    expect(formatAxis(10, 'seconds')).toBe('10 s');
    expect(formatAxis(1200, 'usd')).toBe('$1.2K');
  });
});
