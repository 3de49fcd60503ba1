import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { MetricReading, MonitoringOverview } from '../../../../shared/domain/connections/metrics';
import { MonitoringView } from './MonitoringSection';

// Server-rendered markup: no browser here, but what the section says for each state is plain HTML.

const reading = (r: Partial<MetricReading> & Pick<MetricReading, 'metric' | 'unit'>): MetricReading => ({
  value: null,
  source: null,
  connectionName: null,
  asOf: null,
  ageSec: null,
  stale: false,
  ...r,
});

const overview = (o: Partial<MonitoringOverview>): MonitoringOverview => ({
  initiativeId: 7,
  bindings: [],
  readings: [],
  slos: [],
  alerts: [],
  sampleData: false,
  ...o,
});

const html = (o: MonitoringOverview | undefined) =>
  renderToStaticMarkup(<MonitoringView initiativeId={7} overview={o} error={undefined} />);

describe('MonitoringView', () => {
  it('explains and links to Connections when there is nothing', () => {
    const out = html(overview({ readings: [reading({ metric: 'requests', unit: 'count' })] }));
    expect(out).toContain('data-testid="monitoring-empty"');
    expect(out).toContain('Go to Connections');
    expect(out).not.toContain('data-testid="reading"');
  });

  it('shows missing values as "No data", never 0, and marks stale ones', () => {
    const out = html(
      overview({
        readings: [
          reading({
            metric: 'spend_usd',
            unit: 'usd',
            value: 12.5,
            source: 'litellm',
            connectionName: 'GW',
            ageSec: 300,
          }),
          reading({ metric: 'error_rate', unit: 'ratio', value: null }),
          reading({
            metric: 'latency_p95_s',
            unit: 'seconds',
            value: 0.42,
            source: 'prometheus:litellm',
            connectionName: 'Prom',
            ageSec: 7200,
            stale: true,
          }),
        ],
      }),
    );
    expect(out).toContain('$12.50');
    expect(out).toContain('as of 5 min ago');
    expect(out).toContain('GW · LiteLLM');
    expect(out).toMatch(/data-metric="error_rate"[^>]*>.*?No data/);
    expect(out).not.toMatch(/data-metric="error_rate"[^>]*>.*?0 %/);
    expect(out).toMatch(/data-metric="latency_p95_s"[^>]*data-stale="1"/);
    expect(out).toContain('STALE');
    expect(out).toContain('420 ms');
    expect(out).not.toContain('sample-data-banner');
  });

  it('labels sample data', () => {
    const out = html(
      overview({
        sampleData: true,
        readings: [reading({ metric: 'requests', unit: 'count', value: 1200, source: 'demo', ageSec: 60 })],
      }),
    );
    expect(out).toContain('data-testid="sample-data-banner"');
    expect(out).toContain('Sample data');
  });

  it('lists bindings, SLO states and alerts', () => {
    const out = html(
      overview({
        bindings: [
          {
            id: 1,
            initiativeId: 7,
            connectionId: 2,
            connectionName: 'Prom',
            connectionKind: 'prometheus',
            preset: 'litellm',
            selector: { team: 'claims' },
            detected: {},
            createdAt: '2026-11-01T00:00:00Z',
          },
        ],
        slos: [
          { kind: 'error_rate', threshold: 0.02, actual: 0.05, state: 'breached', source: 'litellm', asOf: null },
          { kind: 'cost_per_day', threshold: 50, actual: null, state: 'no_data', source: null, asOf: null },
        ],
        alerts: [
          {
            id: 3,
            connectionName: 'AM',
            name: 'HighErrorRate',
            severity: 'critical',
            summary: 'Errors above 5 %',
            startsAt: '2026-11-01T08:00:00Z',
            lastSeenAt: '2026-11-01T09:00:00Z',
            labels: {},
          },
        ],
      }),
    );
    expect(out).toContain('team=&quot;claims&quot;');
    expect(out).toContain('LiteLLM');
    expect(out).toMatch(/data-state="breached".*Breached/);
    expect(out).toMatch(/data-state="no_data".*No data/);
    expect(out).toContain('HighErrorRate');
    expect(out).toContain('Errors above 5 %');
  });
});
