// Alertmanager connector (API v2, live-apis.md §2.2): active, unsilenced, uninhibited alerts, matched to
// initiatives by label. When the address is a Prometheus server instead (/api/v2/status is 404 there), its
// /api/v1/alerts firing alerts are used, with the fingerprint Alertmanager would give the same labels, so an
// alert keeps its identity if the connection is later pointed at the real Alertmanager.
import { z } from 'zod';
import { ConnectorError, type AlertSeen, type BindingTarget, type Connector, type ConnectionTarget } from '../types';
import { diagnose, getJson, promApi } from './prometheusApi';

const labels = z.record(z.string(), z.string());

const v2Alert = z.object({
  fingerprint: z.string().min(1),
  labels,
  annotations: labels.optional(),
  startsAt: z.string(),
  status: z.object({ state: z.string() }).optional(),
});
const v2Alerts = z.array(v2Alert);
const v2Status = z.object({
  versionInfo: z.object({ version: z.string() }).partial().optional(),
  cluster: z.object({ status: z.string().optional(), peers: z.array(z.unknown()).optional() }).optional(),
});

const v1Alerts = z.object({
  alerts: z.array(
    z.object({
      labels,
      annotations: labels.optional(),
      state: z.string(),
      activeAt: z.string().optional(),
    }),
  ),
});

interface RawAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
}

/**
 * Alertmanager's fingerprint of a label set (prometheus/common model.LabelSet.Fingerprint): FNV-1a 64 over the
 * sorted names and values, each followed by the 0xff separator byte, printed as 16 hex digits.
 */
export function labelsFingerprint(ls: Readonly<Record<string, string>>): string {
  const prime = 1099511628211n;
  const mask = (1n << 64n) - 1n;
  let h = 14695981039346656037n;
  const add = (bytes: Uint8Array) => {
    for (const b of bytes) h = ((h ^ BigInt(b)) * prime) & mask;
  };
  const enc = new TextEncoder();
  const sep = new Uint8Array([0xff]);
  for (const name of Object.keys(ls).sort()) {
    add(enc.encode(name));
    add(sep);
    add(enc.encode(ls[name] as string));
    add(sep);
  }
  return h.toString(16).padStart(16, '0');
}

function parsed<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const r = schema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new ConnectorError('shape', `${what} answered in an unexpected shape${where}: ${issue?.message ?? ''}`);
  }
  return r.data;
}

async function alertsV2(target: ConnectionTarget, signal?: AbortSignal): Promise<RawAlert[]> {
  const path = '/api/v2/alerts';
  const { data } = await getJson(
    target,
    path,
    [
      ['active', 'true'],
      ['silenced', 'false'],
      ['inhibited', 'false'],
    ],
    signal,
  );
  return parsed(v2Alerts, data, `GET ${path}`).map((a) => ({
    fingerprint: a.fingerprint,
    labels: a.labels,
    annotations: a.annotations ?? {},
    startsAt: a.startsAt,
  }));
}

/** Prometheus's own view: firing alerts only (pending ones have not met their `for:` yet). */
async function alertsV1(target: ConnectionTarget, signal?: AbortSignal): Promise<RawAlert[]> {
  const data = await promApi(target, '/api/v1/alerts', [], signal);
  return parsed(v1Alerts, data, 'GET /api/v1/alerts')
    .alerts.filter((a) => a.state === 'firing')
    .map((a) => ({
      fingerprint: labelsFingerprint(a.labels),
      labels: a.labels,
      annotations: a.annotations ?? {},
      startsAt: a.activeAt ?? new Date(0).toISOString(),
    }));
}

/** v2, or the Prometheus fallback when this address has no Alertmanager v2 API. */
async function activeAlerts(
  target: ConnectionTarget,
  signal?: AbortSignal,
): Promise<{ alerts: RawAlert[]; via: 'v2' | 'prometheus' }> {
  try {
    return { alerts: await alertsV2(target, signal), via: 'v2' };
  } catch (e) {
    if (!(e instanceof ConnectorError && e.stage === 'not_found')) throw e;
    return { alerts: await alertsV1(target, signal), via: 'prometheus' };
  }
}

/**
 * An alert belongs to a binding when every selector label equals the alert's label (a selector key with dots
 * also matches its underscore form, as exporters write it). An empty selector takes every alert.
 */
export function alertMatches(selector: Readonly<Record<string, string>>, alertLabels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => (alertLabels[k] ?? alertLabels[k.replace(/\./g, '_')]) === v);
}

export function alertsForBindings(alerts: readonly RawAlert[], bindings: readonly BindingTarget[]): AlertSeen[] {
  const seen = new Map<string, AlertSeen>();
  for (const b of bindings) {
    for (const a of alerts) {
      if (!alertMatches(b.selector, a.labels)) continue;
      const key = `${b.initiativeId}\u0000${a.fingerprint}`;
      if (seen.has(key)) continue;
      seen.set(key, {
        initiativeId: b.initiativeId,
        fingerprint: a.fingerprint,
        name: a.labels.alertname ?? '(unnamed alert)',
        severity: a.labels.severity ?? null,
        summary: a.annotations.summary ?? a.annotations.description ?? null,
        labels: a.labels,
        startsAt: a.startsAt,
      });
    }
  }
  return [...seen.values()];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const alertmanagerConnector: Connector = {
  kind: 'alertmanager',

  test: (target, signal) =>
    diagnose(async (step) => {
      let status: z.infer<typeof v2Status> | null = null;
      try {
        status = await step(
          'GET /api/v2/status',
          async () =>
            parsed(v2Status, (await getJson(target, '/api/v2/status', [], signal)).data, 'GET /api/v2/status'),
          (s) => `version ${s.versionInfo?.version ?? 'not reported'}, cluster ${s.cluster?.status ?? 'unknown'}`,
        );
      } catch (e) {
        if (!(e instanceof ConnectorError && e.stage === 'not_found')) throw e;
      }
      if (status) {
        const alerts = await step(
          'GET /api/v2/alerts',
          () => alertsV2(target, signal),
          (a) => plural(a.length, 'active alert'),
        );
        const version = status.versionInfo?.version;
        const cluster = status.cluster?.status ? `, cluster ${status.cluster.status}` : '';
        return {
          ok: true,
          stage: 'ok',
          message: `Alertmanager${version ? ` ${version}` : ''} answered${cluster}: ${plural(alerts.length, 'active alert')}`,
          ...(version ? { version } : {}),
          samples: alerts.slice(0, 5).map((a) => a.labels.alertname ?? a.fingerprint),
        };
      }
      let alerts: RawAlert[];
      try {
        alerts = await step(
          'GET /api/v1/alerts (Prometheus fallback)',
          () => alertsV1(target, signal),
          (a) => plural(a.length, 'firing alert'),
        );
      } catch (e) {
        if (e instanceof ConnectorError && e.stage === 'not_found')
          throw new ConnectorError(
            'not_found',
            'Neither an Alertmanager (/api/v2/status) nor a Prometheus (/api/v1/alerts) answered at this address (404). Check the base URL',
            404,
          );
        throw e;
      }
      return {
        ok: true,
        stage: 'ok',
        message:
          `This address is a Prometheus server, not Alertmanager: using its /api/v1/alerts instead ` +
          `(${plural(alerts.length, 'firing alert')}; silences and inhibitions are not applied)`,
        samples: alerts.slice(0, 5).map((a) => a.labels.alertname ?? a.fingerprint),
      };
    }),

  async poll(ctx) {
    const { alerts } = await activeAlerts(ctx.target, ctx.signal);
    return { batches: [], alerts: alertsForBindings(alerts, ctx.bindings), cursor: ctx.now };
  },
};
