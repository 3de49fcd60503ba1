// The Prometheus and Alertmanager connectors against the REAL servers (Debian `prometheus` 2.42 and
// `prometheus-alertmanager` 0.25), scraping genaiExporter.ts every second. One lab for both connectors: starting
// two would double the load on a small CI machine for nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalMetric, MetricPreset, PresetDetection } from '../../../../shared/domain/connections/metrics';
import { findLabBinaries, LAB_ALERT, startPromLab, waitFor, type PromLab } from '../../testing/promLab';
import { targetFor } from '../../testing/promFixtureServer';
import type { BindingTarget, PollContext, PollResult, SampleBatch } from '../types';
import { alertmanagerConnector, labelsFingerprint } from './alertmanager';
import { detectPresets, prometheusConnector } from './prometheus';
import { promApi } from './prometheusApi';

const bins = findLabBinaries();
const LONG = 60_000;

// Under CI the servers are installed by .ci/run: their absence is a failure, not a reason to skip.
if (bins.missing && process.env.CI === 'true') {
  describe('Prometheus + Alertmanager integration', () => {
    it('has the prometheus and prometheus-alertmanager binaries', () => {
      throw new Error(bins.missing ?? '');
    });
  });
}

describe.skipIf(bins.missing !== null)('Prometheus + Alertmanager integration', () => {
  let lab: PromLab;
  let startedAt = 0;
  let detections: PresetDetection[] = [];

  beforeAll(async () => {
    startedAt = Math.floor(Date.now() / 1000);
    lab = await startPromLab();
    // Every family with scrapes older than 20 s: the newest grid points of a poll (step 9 s) then have at least
    // two samples in their window, which rate() and histogram_quantile() need.
    for (const m of [
      'litellm_proxy_total_requests_metric_total',
      'kong_ai_llm_requests_total',
      'gen_ai_server_request_duration_seconds_count',
    ])
      await lab.waitForSeries(`increase(${m}[30s] offset 20s) > 0`, 60_000);
  }, 90_000);

  afterAll(async () => {
    await lab?.stop();
  }, 30_000);

  const prom = () => targetFor(lab.prometheusUrl, 'prometheus', { pollIntervalSec: 5 });
  const am = () => targetFor(lab.alertmanagerUrl, 'alertmanager');
  const binding = (preset: MetricPreset | null, selector: Record<string, string>, initiativeId = 1): BindingTarget => ({
    bindingId: initiativeId,
    initiativeId,
    preset,
    selector,
    detected: preset ? (detections.find((d) => d.preset === preset)?.names ?? {}) : {},
  });
  const ctx = (target = prom(), bindings: BindingTarget[], since: number | null = null, now?: number): PollContext => ({
    target,
    bindings,
    since,
    now: now ?? Math.floor(Date.now() / 1000),
    signal: new AbortController().signal,
  });
  const series = (r: PollResult, metric: CanonicalMetric, dims: Record<string, string> = {}): SampleBatch | undefined =>
    r.batches.find((b) => b.metric === metric && JSON.stringify(b.dims) === JSON.stringify(dims));
  /** Value of `metric` at the newest timestamp that `requests` also has. */
  const perRequest = (r: PollResult, metric: CanonicalMetric): number => {
    const req = new Map(series(r, 'requests')?.points);
    const pts = (series(r, metric)?.points ?? []).filter(([t]) => (req.get(t) ?? 0) > 0);
    const last = pts.at(-1);
    if (!last) throw new Error(`no ${metric} point beside a request count`);
    return last[1] / (req.get(last[0]) as number);
  };

  it(
    'Test connection reports the version, targets and the presets found',
    async () => {
      const d = await prometheusConnector.test(prom());
      expect(d).toMatchObject({ ok: true, stage: 'ok', version: expect.stringMatching(/^2\./) as string });
      expect(d.message).toContain('3 of 3 targets up');
      expect(d.message).toContain('LiteLLM');
      expect(d.samples?.some((s) => s.includes('job="litellm"'))).toBe(true);
    },
    LONG,
  );

  it(
    'detection finds each family with the names this server exposes and their labels',
    async () => {
      detections = await detectPresets(prom());
      const by = new Map(detections.map((d) => [d.preset, d]));
      expect(by.get('litellm')?.coverage).toBe(7);
      expect(by.get('litellm')?.labels).toEqual(
        expect.arrayContaining(['team_alias', 'api_key_alias', 'model', 'job']),
      );
      expect(by.get('kong')?.names.latency_p95_s).toBe('kong_ai_llm_provider_latency_ms_bucket');
      expect(by.get('kong')?.labels).toContain('ai_model');
      expect(by.get('otel')?.names.requests).toBe('gen_ai_server_request_duration_seconds_count');
      expect(by.get('otel')?.labels).toEqual(expect.arrayContaining(['gen_ai_request_model', 'gen_ai_token_type']));
    },
    LONG,
  );

  it(
    'LiteLLM poll: requests, tokens, spend, latency and error rate for one team, with plausible values',
    async () => {
      const r = await prometheusConnector.poll(ctx(prom(), [binding('litellm', { team_alias: 'support-bot-pilot' })]));
      for (const m of [
        'requests',
        'input_tokens',
        'output_tokens',
        'spend_usd',
        'latency_p50_s',
        'latency_p95_s',
      ] as const)
        expect(series(r, m)?.points.length, m).toBeGreaterThan(0);
      // Ratios are exact whatever the window holds: 900 input / 150 output tokens and $0.004 per request.
      expect(perRequest(r, 'input_tokens')).toBeCloseTo(900, -1);
      expect(perRequest(r, 'output_tokens')).toBeCloseTo(150, -1);
      expect(perRequest(r, 'spend_usd')).toBeCloseTo(0.004, 4);
      // Every latency is 1.2 s: the quantiles interpolate inside the (1, 1.5] bucket.
      for (const [, v] of series(r, 'latency_p95_s')?.points ?? []) expect(v).toBeGreaterThan(1);
      for (const [, v] of series(r, 'latency_p95_s')?.points ?? []) expect(v).toBeLessThanOrEqual(1.5);
      // This team has no failure series at all: 0 % errors where there were requests.
      expect(series(r, 'error_rate')?.points.every(([, v]) => v === 0)).toBe(true);
      expect(series(r, 'spend_usd', { model: 'gpt-4o' })?.points.length).toBeGreaterThan(0);
      // The 24 h backfill has points only where the lab had data: nothing invented before it started.
      for (const b of r.batches) for (const [t] of b.points) expect(t).toBeGreaterThan(startedAt - 5);
      expect(r.cursor % 9).toBe(0);
    },
    LONG,
  );

  it(
    'the failing team shows its error rate (1 failure in 2 requests)',
    async () => {
      const r = await prometheusConnector.poll(
        ctx(prom(), [binding('litellm', { team_alias: 'contract-review-pilot' })]),
      );
      const last = series(r, 'error_rate')?.points.at(-1)?.[1];
      expect(last).toBeCloseTo(0.5, 2);
    },
    LONG,
  );

  it(
    'Kong poll: latency converted from ms to s; no error rate where the selector label is not on the HTTP counter',
    async () => {
      const r = await prometheusConnector.poll(ctx(prom(), [binding('kong', { ai_model: 'gpt-4o' })]));
      const p95 = series(r, 'latency_p95_s')?.points ?? [];
      expect(p95.length).toBeGreaterThan(0);
      for (const [, v] of p95) expect(v).toBeGreaterThan(1);
      for (const [, v] of p95) expect(v).toBeLessThanOrEqual(1.5);
      expect(perRequest(r, 'input_tokens')).toBeCloseTo(900, -1);
      expect(perRequest(r, 'spend_usd')).toBeCloseTo(0.004, 4);
      expect(series(r, 'error_rate')).toBeUndefined();
      const byWorkspace = await prometheusConnector.poll(ctx(prom(), [binding('kong', { workspace: 'default' })]));
      // 1 failure in 15 HTTP requests per tick (5 + 2 + 8) across the three routes.
      expect(series(byWorkspace, 'error_rate')?.points.at(-1)?.[1]).toBeCloseTo(1 / 15, 2);
    },
    LONG,
  );

  it(
    'OTel poll: duration histogram gives requests, latency and the error_type ratio',
    async () => {
      const r = await prometheusConnector.poll(
        ctx(prom(), [binding('otel', { 'gen_ai.request.model': 'claude-3-5-sonnet' })]),
      );
      expect(series(r, 'error_rate')?.points.at(-1)?.[1]).toBeCloseTo(0.5, 2);
      // One request of 12 s, one failure of 0.05 s: p95 is in the (10.24, 20.48] bucket.
      const p95 = series(r, 'latency_p95_s')?.points.at(-1)?.[1] ?? 0;
      expect(p95).toBeGreaterThan(10.24);
      expect(p95).toBeLessThanOrEqual(20.48);
      expect(perRequest(r, 'input_tokens')).toBeCloseTo(3000, -2);
      expect(series(r, 'spend_usd')).toBeUndefined();
    },
    LONG,
  );

  it(
    'a selector that matches nothing gives no points, not zeros; an injection attempt is just a value',
    async () => {
      const none = await prometheusConnector.poll(ctx(prom(), [binding('litellm', { team_alias: 'no-such-pilot' })]));
      expect(none.batches).toEqual([]);
      const evil = await prometheusConnector.poll(
        ctx(prom(), [binding('litellm', { team_alias: 'x"} or vector(1) or up{a="', team: 'a\\"\n' })]),
      );
      expect(evil.batches).toEqual([]);
    },
    LONG,
  );

  it(
    'a second poll resumes after the cursor: no timestamp twice',
    async () => {
      const now = Math.floor(Date.now() / 1000);
      const b = [binding('litellm', { team_alias: 'support-bot-pilot' })];
      const first = await prometheusConnector.poll(ctx(prom(), b, null, now - 12));
      const second = await prometheusConnector.poll(ctx(prom(), b, first.cursor, now));
      expect(second.cursor).toBeGreaterThan(first.cursor);
      const t1 = new Set(series(first, 'requests')?.points.map(([t]) => t));
      const t2 = series(second, 'requests')?.points.map(([t]) => t) ?? [];
      expect(t1.size).toBeGreaterThan(0);
      expect(t2.length).toBeGreaterThan(0);
      for (const t of t2) {
        expect(t1.has(t)).toBe(false);
        expect(t).toBeGreaterThan(first.cursor);
      }
    },
    LONG,
  );

  it(
    'a query Prometheus rejects is stage "query" with its own reason (syntax, too many points)',
    async () => {
      await expect(promApi(prom(), '/api/v1/query', [['query', 'sum(rate(up[1m])']])).rejects.toMatchObject({
        stage: 'query',
        httpStatus: 400,
        message: expect.stringContaining('parse error') as string,
      });
      const now = Math.floor(Date.now() / 1000);
      await expect(
        promApi(prom(), '/api/v1/query_range', [
          ['query', 'up'],
          ['start', String(now - 86_400)],
          ['end', String(now)],
          ['step', '1'],
        ]),
      ).rejects.toMatchObject({ stage: 'query', message: expect.stringContaining('11,000 points') as string });
    },
    LONG,
  );

  it(
    'the firing alert reaches Alertmanager and only the matching binding gets it',
    async () => {
      const d = await alertmanagerConnector.test(am());
      expect(d).toMatchObject({ ok: true, version: '0.25.0' });
      const bindings = [
        binding(null, { team_alias: 'contract-review-pilot' }, 1),
        binding(null, { team_alias: 'support-bot-pilot' }, 2),
      ];
      const r = await waitFor(
        async () => {
          const res = await alertmanagerConnector.poll(ctx(am(), bindings));
          return res.alerts?.length ? res : undefined;
        },
        'the lab alert in Alertmanager',
        45_000,
        250,
      );
      expect(r.batches).toEqual([]);
      expect(r.alerts).toHaveLength(1);
      const alert = r.alerts?.[0];
      expect(alert).toMatchObject({ initiativeId: 1, name: LAB_ALERT, severity: 'critical' });
      expect(alert?.summary).toContain('contract-review-pilot');
      expect(alert?.fingerprint).toBe(labelsFingerprint(alert?.labels ?? {}));
    },
    LONG,
  );

  it(
    'pointed at Prometheus, the Alertmanager connector falls back to /api/v1/alerts with the same fingerprint',
    async () => {
      const target = targetFor(lab.prometheusUrl, 'alertmanager');
      const d = await alertmanagerConnector.test(target);
      expect(d.ok).toBe(true);
      expect(d.message).toContain('Prometheus server, not Alertmanager');
      const b = [binding(null, { team_alias: 'contract-review-pilot' }, 1)];
      const viaProm = await waitFor(
        async () => (await alertmanagerConnector.poll(ctx(target, b))).alerts?.[0],
        'a firing alert in Prometheus',
        45_000,
        250,
      );
      const viaAm = await waitFor(
        async () => (await alertmanagerConnector.poll(ctx(am(), b))).alerts?.[0],
        'the alert in Alertmanager',
        45_000,
        250,
      );
      expect(viaProm.name).toBe(LAB_ALERT);
      expect(viaProm.fingerprint).toBe(viaAm.fingerprint);
    },
    LONG,
  );

  it(
    'a silenced alert is no longer reported (silenced=false is honoured)',
    async () => {
      const now = Date.now();
      const res = await fetch(`${lab.alertmanagerUrl}/api/v2/silences`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          matchers: [{ name: 'alertname', value: LAB_ALERT, isRegex: false, isEqual: true }],
          startsAt: new Date(now - 1000).toISOString(),
          endsAt: new Date(now + 3_600_000).toISOString(),
          createdBy: 'flightdeck-test',
          comment: 'integration test',
        }),
      });
      expect(res.status).toBe(200);
      const b = [binding(null, { team_alias: 'contract-review-pilot' }, 1)];
      await waitFor(
        async () => ((await alertmanagerConnector.poll(ctx(am(), b))).alerts?.length === 0 ? true : undefined),
        'the silenced alert to disappear',
        30_000,
        250,
      );
    },
    LONG,
  );

  it(
    'the Prometheus connector pointed at Alertmanager says there is no Prometheus API there',
    async () => {
      const d = await prometheusConnector.test(targetFor(lab.alertmanagerUrl, 'prometheus'));
      expect(d).toMatchObject({ ok: false, stage: 'not_found' });
    },
    LONG,
  );

  it(
    'a stopped server is "refused", for the Test button and for a poll (runs last: it stops Prometheus)',
    async () => {
      await lab.stopPrometheus();
      const d = await prometheusConnector.test(prom());
      expect(d).toMatchObject({ ok: false, stage: 'refused' });
      await expect(
        prometheusConnector.poll(ctx(prom(), [binding('litellm', { team_alias: 'support-bot-pilot' })])),
      ).rejects.toMatchObject({ stage: 'refused' });
    },
    LONG,
  );
});
