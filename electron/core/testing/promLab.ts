// A real Prometheus + Alertmanager on loopback for integration tests (live-apis.md §4–5). Prometheus scrapes
// genaiExporter.ts every second and evaluates a rule that fires within seconds; Alertmanager receives it. Each
// server gets a free port and a temp data dir; stop() kills them by PID, waits for their exit and removes the dirs.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { delimiter, join } from 'node:path';
import { startGenAiExporter, type GenAiExporter } from './genaiExporter';
import { makeTempDir, removeTempDir } from './temp-dir';

/** Debian names the Alertmanager binary prometheus-alertmanager; upstream tarballs call it alertmanager. */
const BINARIES = { prometheus: ['prometheus'], alertmanager: ['prometheus-alertmanager', 'alertmanager'] } as const;

function onPath(names: readonly string[]): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const n of names) {
      const full = join(dir, n);
      try {
        accessSync(full, constants.X_OK);
        return full;
      } catch {
        // not here; keep looking
      }
    }
  }
  return null;
}

export interface LabBinaries {
  prometheus: string | null;
  alertmanager: string | null;
  /** A sentence naming what is missing, or null when both are there. */
  missing: string | null;
}

export function findLabBinaries(): LabBinaries {
  const prometheus = onPath(BINARIES.prometheus);
  const alertmanager = onPath(BINARIES.alertmanager);
  const lacking = [
    prometheus ? null : 'prometheus (Debian package "prometheus")',
    alertmanager ? null : 'prometheus-alertmanager (Debian package "prometheus-alertmanager")',
  ].filter((x): x is string => x !== null);
  return {
    prometheus,
    alertmanager,
    missing: lacking.length ? `Not installed: ${lacking.join(', ')}. .ci/run installs them with apt-get.` : null,
  };
}

/** A port that was free a moment ago: bind port 0, read it, release it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns a value (not undefined) or the deadline passes. No fixed sleeps. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 30_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      const why = last instanceof Error ? ` (last error: ${last.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

class Server {
  private readonly exited: Promise<void>;
  private stderr = '';
  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stderr?.setEncoding('utf8').on('data', (c: string) => {
      // Keep the tail only: enough to explain a failed start.
      this.stderr = (this.stderr + c).slice(-4000);
    });
    child.stdout?.resume();
  }
  get pid(): number | undefined {
    return this.child.pid;
  }
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
  log(): string {
    return this.stderr;
  }
  async ready(timeoutMs = 30_000): Promise<void> {
    await waitFor(
      async () => {
        if (!this.running) throw new Error(`${this.name} exited (${this.child.exitCode}): ${this.stderr.slice(-800)}`);
        const res = await fetch(`${this.url}/-/ready`, { signal: AbortSignal.timeout(2000) });
        await res.body?.cancel();
        return res.ok ? true : undefined;
      },
      `${this.name} to be ready at ${this.url}`,
      timeoutMs,
      100,
    ).catch((e: unknown) => {
      // A dead process is not going to become ready: say so instead of waiting out the deadline.
      throw e instanceof Error && !this.running ? new Error(`${this.name} exited: ${this.stderr.slice(-800)}`) : e;
    });
  }
  /** SIGTERM, then SIGKILL if it has not exited within 5 s; resolves once it has. */
  async stop(): Promise<void> {
    if (this.running) this.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (this.running) this.child.kill('SIGKILL');
    }, 5000);
    await this.exited;
    clearTimeout(timer);
  }
}

export const LAB_ALERT = 'LLMLatencyP95High';

/** p95 of the slow pilot (12 s) is far above 5 s: the alert fires two evaluations after data arrives. */
const RULES = `groups:
  - name: flightdeck-lab
    interval: 1s
    rules:
      - alert: ${LAB_ALERT}
        expr: histogram_quantile(0.95, sum by (le, team_alias) (rate(litellm_request_total_latency_metric_bucket[10s]))) > 5
        for: 2s
        labels:
          severity: critical
        annotations:
          summary: "p95 latency {{ $value | humanize }}s for {{ $labels.team_alias }}"
`;

function prometheusConfig(exporterPort: number, amPort: number | null): string {
  const jobs = ['litellm', 'kong', 'otel']
    .map(
      (job) => `  - job_name: ${job}
    metrics_path: /metrics/${job}
    static_configs:
      - targets: ['127.0.0.1:${exporterPort}']
        labels:
          gateway: ${job}`,
    )
    .join('\n');
  const alerting = amPort
    ? `alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:${amPort}']
`
    : '';
  return `global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - rules.yml
${alerting}scrape_configs:
${jobs}
`;
}

const ALERTMANAGER_CONFIG = `route:
  receiver: blackhole
  group_by: [alertname, team_alias]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: blackhole
`;

export interface PromLab {
  prometheusUrl: string;
  alertmanagerUrl: string;
  exporter: GenAiExporter;
  prometheusPid: number | undefined;
  alertmanagerPid: number | undefined;
  /** Instant query against the lab's Prometheus: the raw `data.result` list. */
  query(promql: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  /** Resolves once `promql` returns at least one series. */
  waitForSeries(promql: string, timeoutMs?: number): Promise<void>;
  /** Stops only Prometheus (to test what a client sees when the server is gone). */
  stopPrometheus(): Promise<void>;
  /** Stops everything started and removes the temp dirs. Safe to call twice. */
  stop(): Promise<void>;
}

async function startWithRetry(
  name: string,
  launch: (port: number) => ChildProcess,
  attempts = 3,
): Promise<{ server: Server; port: number }> {
  let lastError: unknown = null;
  for (let i = 0; i < attempts; i++) {
    // The port was free when probed; another process can take it before the server binds, so retry.
    const port = await freePort();
    const server = new Server(name, launch(port), `http://127.0.0.1:${port}`);
    try {
      await server.ready();
      return { server, port };
    } catch (e) {
      lastError = e;
      await server.stop();
    }
  }
  throw lastError instanceof Error ? lastError : new Error(`${name} did not start`);
}

/**
 * Starts the exporter, Alertmanager and Prometheus (in that order, so Prometheus knows Alertmanager's port) and
 * waits until both answer /-/ready. Throws when a binary is missing; callers check findLabBinaries() first.
 */
export async function startPromLab(): Promise<PromLab> {
  const bins = findLabBinaries();
  if (!bins.prometheus || !bins.alertmanager) throw new Error(bins.missing ?? 'binaries missing');
  const promBin = bins.prometheus;
  const amBin = bins.alertmanager;
  const dirs: string[] = [];
  const servers: Server[] = [];
  let exporter: GenAiExporter | null = null;
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(servers.map((s) => s.stop()));
    await exporter?.close();
    for (const d of dirs) removeTempDir(d);
  };

  try {
    exporter = await startGenAiExporter();
    const amDir = makeTempDir('flightdeck-am-');
    dirs.push(amDir);
    writeFileSync(join(amDir, 'alertmanager.yml'), ALERTMANAGER_CONFIG);
    const am = await startWithRetry('alertmanager', (port) =>
      spawn(
        amBin,
        [
          `--config.file=${join(amDir, 'alertmanager.yml')}`,
          `--storage.path=${join(amDir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          // Empty: no gossip listener (it would bind 0.0.0.0:9094).
          '--cluster.listen-address=',
          '--log.level=warn',
        ],
        { cwd: amDir, stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );
    servers.push(am.server);

    const promDir = makeTempDir('flightdeck-prom-');
    dirs.push(promDir);
    writeFileSync(join(promDir, 'rules.yml'), RULES);
    writeFileSync(join(promDir, 'prometheus.yml'), prometheusConfig(exporter.port, am.port));
    const prom = await startWithRetry('prometheus', (port) =>
      spawn(
        promBin,
        [
          `--config.file=${join(promDir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(promDir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--log.level=warn',
        ],
        { cwd: promDir, stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );
    servers.push(prom.server);

    const prometheusUrl = prom.server.url;
    const query: PromLab['query'] = async (promql) => {
      const url = `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`;
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      const body = (await res.json()) as { status: string; error?: string; data?: { result: unknown } };
      if (body.status !== 'success') throw new Error(`query ${promql} failed: ${body.error ?? res.status}`);
      return body.data?.result as Awaited<ReturnType<PromLab['query']>>;
    };
    return {
      prometheusUrl,
      alertmanagerUrl: am.server.url,
      exporter,
      prometheusPid: prom.server.pid,
      alertmanagerPid: am.server.pid,
      query,
      waitForSeries: async (promql, timeoutMs = 30_000) => {
        await waitFor(
          async () => ((await query(promql)).length > 0 ? true : undefined),
          `series for ${promql}`,
          timeoutMs,
        );
      },
      stopPrometheus: () => prom.server.stop(),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
