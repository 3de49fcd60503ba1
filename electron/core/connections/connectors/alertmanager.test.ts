import { afterEach, describe, expect, it } from 'vitest';
import {
  fixture,
  fixtureText,
  json,
  startFixtureServer,
  targetFor,
  type FixtureServer,
} from '../../testing/promFixtureServer';
import { ConnectorError, type BindingTarget, type PollContext } from '../types';
import { alertMatches, alertmanagerConnector, labelsFingerprint } from './alertmanager';

let server: FixtureServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});
async function serve(routes: Parameters<typeof startFixtureServer>[0]) {
  server = await startFixtureServer(routes);
  return server;
}

const binding = (initiativeId: number, selector: Record<string, string>): BindingTarget => ({
  bindingId: initiativeId * 10,
  initiativeId,
  preset: null,
  selector,
  detected: {},
});
const ctx = (url: string, bindings: BindingTarget[]): PollContext => ({
  target: targetFor(url, 'alertmanager'),
  bindings,
  since: null,
  now: 1_795_300_200,
  signal: new AbortController().signal,
});

describe('labelsFingerprint', () => {
  it('equals the fingerprint Alertmanager computed for the captured alerts', () => {
    const alerts = JSON.parse(fixtureText('alertmanager-v2-alerts.json')) as Array<{
      fingerprint: string;
      labels: Record<string, string>;
    }>;
    expect(alerts.length).toBeGreaterThan(1);
    for (const a of alerts) expect(labelsFingerprint(a.labels)).toBe(a.fingerprint);
  });

  it('does not depend on label order', () => {
    expect(labelsFingerprint({ b: '2', a: '1' })).toBe(labelsFingerprint({ a: '1', b: '2' }));
    expect(labelsFingerprint({ a: '1', b: '2' })).not.toBe(labelsFingerprint({ a: '12' }));
  });
});

describe('alertMatches', () => {
  const labels = { alertname: 'X', team_alias: 'contract-review-pilot', gen_ai_request_model: 'gpt-4o' };
  it('needs every selector label to be equal', () => {
    expect(alertMatches({ team_alias: 'contract-review-pilot' }, labels)).toBe(true);
    expect(alertMatches({ team_alias: 'contract-review-pilot', severity: 'critical' }, labels)).toBe(false);
    expect(alertMatches({ team_alias: 'contract-review' }, labels)).toBe(false);
    expect(alertMatches({ 'gen_ai.request.model': 'gpt-4o' }, labels)).toBe(true);
    expect(alertMatches({}, labels)).toBe(true);
  });
});

describe('alertmanagerConnector.test', () => {
  it('reports the version, cluster state and active alerts from API v2', async () => {
    const s = await serve({
      '/api/v2/status': fixture('alertmanager-v2-status.json'),
      '/api/v2/alerts': fixture('alertmanager-v2-alerts-filtered.json'),
    });
    const d = await alertmanagerConnector.test(targetFor(s.url, 'alertmanager'));
    expect(d).toMatchObject({ ok: true, stage: 'ok', version: '0.25.0', samples: ['LLMLatencyP95High'] });
    expect(d.message).toBe('Alertmanager 0.25.0 answered, cluster disabled: 1 active alert');
    const alertsCall = s.seen.find((r) => r.path === '/api/v2/alerts');
    expect(alertsCall?.params.get('silenced')).toBe('false');
    expect(alertsCall?.params.get('inhibited')).toBe('false');
    expect(alertsCall?.params.get('active')).toBe('true');
  });

  it('falls back to Prometheus /api/v1/alerts and says so', async () => {
    const s = await serve({ '/api/v1/alerts': fixture('prometheus-alerts.json') });
    const d = await alertmanagerConnector.test(targetFor(s.url, 'alertmanager'));
    expect(d.ok).toBe(true);
    expect(d.message).toContain('Prometheus server, not Alertmanager');
    expect(d.message).toContain('3 firing alerts');
    expect(d.checks.map((c) => [c.name, c.ok])).toEqual([
      ['GET /api/v2/status', false],
      ['GET /api/v1/alerts (Prometheus fallback)', true],
    ]);
  });

  it('not_found when neither API is there', async () => {
    const s = await serve({});
    const d = await alertmanagerConnector.test(targetFor(s.url, 'alertmanager'));
    expect(d).toMatchObject({ ok: false, stage: 'not_found' });
    expect(d.message).toContain('Neither an Alertmanager');
  });

  it('a wrong shape is "shape"; a 400 with a bare JSON string keeps Alertmanager’s message', async () => {
    const s = await serve({
      '/api/v2/status': fixture('alertmanager-v2-status.json'),
      '/api/v2/alerts': json({ alerts: 'not a list' }),
    });
    expect(await alertmanagerConnector.test(targetFor(s.url, 'alertmanager'))).toMatchObject({
      ok: false,
      stage: 'shape',
    });
    await s.close();
    const raw =
      fixtureText('alertmanager-v2-alerts-error-400.http.txt')
        .split(/\r?\n\r?\n/)[1]
        ?.trim() ?? '';
    const bad = await serve({
      '/api/v2/status': fixture('alertmanager-v2-status.json'),
      '/api/v2/alerts': json(raw, 400),
    });
    const d = await alertmanagerConnector.test(targetFor(bad.url, 'alertmanager'));
    expect(d).toMatchObject({ ok: false, stage: 'http_error', httpStatus: 400 });
    expect(d.message).toContain('matcher value contains unescaped double quote');
  });
});

describe('alertmanagerConnector.poll', () => {
  it('gives each binding the alerts whose labels match, with name, severity, summary and start', async () => {
    const s = await serve({ '/api/v2/alerts': fixture('alertmanager-v2-alerts-filtered.json') });
    const r = await alertmanagerConnector.poll(
      ctx(s.url, [
        binding(1, { team_alias: 'contract-review-pilot' }),
        binding(2, { team_alias: 'support-bot-pilot' }),
      ]),
    );
    expect(r.batches).toEqual([]);
    expect(r.alerts).toEqual([
      {
        initiativeId: 1,
        fingerprint: '7bbaf62b6043bb3f',
        name: 'LLMLatencyP95High',
        severity: 'critical',
        summary: 'p95 latency 12s for contract-review-pilot',
        labels: {
          alertname: 'LLMLatencyP95High',
          lab: 'research',
          severity: 'critical',
          team_alias: 'contract-review-pilot',
        },
        startsAt: '2026-11-21T22:30:37.940Z',
      },
    ]);
  });

  it('one alert per initiative even when two of its bindings match', async () => {
    const s = await serve({ '/api/v2/alerts': fixture('alertmanager-v2-alerts-filtered.json') });
    const r = await alertmanagerConnector.poll(
      ctx(s.url, [binding(1, { team_alias: 'contract-review-pilot' }), binding(1, { severity: 'critical' })]),
    );
    expect(r.alerts).toHaveLength(1);
  });

  it('falls back to Prometheus firing alerts with Alertmanager-compatible fingerprints', async () => {
    const s = await serve({ '/api/v1/alerts': fixture('prometheus-alerts.json') });
    const r = await alertmanagerConnector.poll(ctx(s.url, [binding(1, { team_alias: 'contract-review-pilot' })]));
    expect(r.alerts?.map((a) => a.name).sort()).toEqual(['LLMHighErrorRate', 'LLMLatencyP95High']);
    const latency = r.alerts?.find((a) => a.name === 'LLMLatencyP95High');
    expect(latency).toMatchObject({
      fingerprint: labelsFingerprint({
        alertname: 'LLMLatencyP95High',
        severity: 'critical',
        team_alias: 'contract-review-pilot',
      }),
      startsAt: '2026-11-21T22:27:21.940681536Z',
      summary: 'p95 latency 19.75s for contract-review-pilot',
    });
  });

  it('skips pending alerts in the fallback', async () => {
    const s = await serve({
      '/api/v1/alerts': json({
        status: 'success',
        data: { alerts: [{ labels: { alertname: 'Soon' }, annotations: {}, state: 'pending', activeAt: 'x' }] },
      }),
    });
    const r = await alertmanagerConnector.poll(ctx(s.url, [binding(1, {})]));
    expect(r.alerts).toEqual([]);
  });

  it('a failure is thrown, classified', async () => {
    const s = await serve({ '/api/v2/alerts': { status: 503, type: 'text/plain', body: 'down' } });
    const err = await alertmanagerConnector.poll(ctx(s.url, [binding(1, {})])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ stage: 'server_error', httpStatus: 503 });
  });
});
