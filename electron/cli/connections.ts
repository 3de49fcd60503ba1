// `flightdeck connections add|list|test` and `flightdeck sync --once`: live connections for automation and
// provisioning as code, over the same repository and poll code as the app. Secrets never pass on the command
// line: `--secret-env VAR` stores the reference 'env:VAR', read from the environment each time it is used.
import { existsSync } from 'node:fs';
import {
  CONNECTION_KINDS,
  DIAGNOSIS_STAGES,
  connectionCreateInput,
  type Connection,
  type Diagnosis,
  type DiagnosisStage,
} from '../../shared/domain/connections/connection';
import { diagnoseConnection, syncOnce, type PollOutcome } from '../core/connections/sync';
import type { Db } from '../core/db/sqlite';
import { noSecretStore, type SecretStore } from '../core/ports';
import {
  findConnectionByName,
  getConnection,
  getConnectionRecord,
  inferAuthKind,
  insertConnection,
  listConnections,
} from '../core/repositories/connections.repo';
import { DEFAULT_POLL_SECONDS, CONNECTION_LIMITS } from '../../shared/domain/connections/connection';
import { badInput, cell, EXIT_OK, open, requireDb, usage, type CliIo, type Values } from './cli';

/**
 * The command line has no OS secret store: a connection whose secret the app keeps there says so, rather than
 * looking as if its secret were lost.
 */
const cliSecrets: SecretStore = {
  ...noSecretStore,
  get: () =>
    Promise.reject(
      new Error("it is in the app's secret store, which the command line cannot read (use --secret-env VAR)"),
    ),
};

/** A connection test or a sync that did not fully succeed: the command was fine, the server was not. */
export const EXIT_FAILED = 1;

/** An environment variable name: what a shell can export. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

function openExisting(values: Values): { path: string; db: Db } {
  const path = requireDb(values);
  if (!existsSync(path)) throw badInput(`${path}: file not found`);
  return { path, db: open(path, false) };
}

function parseWhole(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim())) throw usage(`--${name} must be a whole number, got ${JSON.stringify(raw)}`);
  return Number(raw.trim());
}

function env(io: CliIo): Record<string, string | undefined> {
  return io.env ?? process.env;
}

function now(io: CliIo): () => Date {
  return io.now ?? (() => new Date());
}

function add(values: Values, io: CliIo): number {
  if (values.kind === undefined) throw usage(`--kind is required (${CONNECTION_KINDS.ids.join('|')})`);
  if (values.name === undefined) throw usage('--name is required');
  if (values.url === undefined) throw usage('--url is required');
  const secretEnv = values['secret-env'];
  if (secretEnv !== undefined) {
    if (!ENV_NAME.test(secretEnv)) throw usage(`--secret-env takes a variable name, got ${JSON.stringify(secretEnv)}`);
    // Checked now so a typo fails here, not at the first poll; the value itself is not stored.
    const v = env(io)[secretEnv];
    if (v === undefined || v === '') throw badInput(`environment variable ${secretEnv} is not set`);
  }
  const parsed = connectionCreateInput.safeParse({
    kind: values.kind,
    name: values.name,
    baseUrl: values.url,
    ...(values.username !== undefined ? { username: values.username } : {}),
    ...(values['timeout-ms'] !== undefined ? { timeoutMs: parseWhole('timeout-ms', values['timeout-ms']) } : {}),
    ...(values.interval !== undefined ? { pollIntervalSec: parseWhole('interval', values.interval) } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = { kind: '--kind', name: '--name', baseUrl: '--url', username: '--username' }[
      String(issue?.path[0] ?? '')
    ];
    const flag =
      field ??
      (issue?.path[0] === 'timeoutMs' ? '--timeout-ms' : issue?.path[0] === 'pollIntervalSec' ? '--interval' : '');
    throw usage(`${flag ? flag + ': ' : ''}${issue?.message ?? 'invalid connection'}`);
  }
  const input = parsed.data;
  const { path, db } = openExisting(values);
  try {
    const conn = db.transaction((): Connection => {
      const other = findConnectionByName(db, input.name);
      if (other) throw badInput(`${path}: a connection named ${JSON.stringify(other.name)} already exists`);
      const at = now(io)().toISOString();
      const id = insertConnection(db, {
        kind: input.kind,
        name: input.name,
        base_url: input.baseUrl,
        auth_kind: inferAuthKind(input.kind, secretEnv !== undefined, !!input.username?.trim()),
        username: input.username?.trim() ? input.username.trim() : null,
        secret_ref: secretEnv !== undefined ? `env:${secretEnv}` : null,
        timeout_ms: input.timeoutMs ?? CONNECTION_LIMITS.defaultTimeoutMs,
        poll_interval_s: input.pollIntervalSec ?? DEFAULT_POLL_SECONDS[input.kind],
        created_at: at,
        updated_at: at,
      });
      return getConnection(db, id)!;
    })();
    io.stdout.write(
      values.json
        ? JSON.stringify(conn, null, 2) + '\n'
        : `Added connection ${conn.id}: ${conn.name} (${conn.kind}) ${conn.baseUrl}\n`,
    );
    return EXIT_OK;
  } finally {
    db.close();
  }
}

function list(values: Values, io: CliIo): number {
  const { db } = openExisting(values);
  try {
    const items = listConnections(db);
    if (values.json) {
      io.stdout.write(JSON.stringify(items, null, 2) + '\n');
    } else {
      const header = ['ID', 'NAME', 'KIND', 'STATE', 'URL', 'LAST OK', 'LAST ERROR'];
      const rows = items.map((c) => [
        String(c.id),
        cell(c.name),
        c.kind,
        c.state,
        cell(c.baseUrl),
        c.lastOkAt ?? '-',
        cell(c.lastError ? `${c.lastError.stage}: ${c.lastError.message}` : null),
      ]);
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
      const line = (r: readonly string[]) =>
        r
          .map((v, i) => v.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd();
      const count = `${items.length} connection${items.length === 1 ? '' : 's'}`;
      io.stdout.write([line(header), ...rows.map(line), count].join('\n') + '\n');
    }
    return EXIT_OK;
  } finally {
    db.close();
  }
}

async function test(values: Values, io: CliIo): Promise<number> {
  const id = parseWhole('id', values.id);
  if (id === undefined || id < 1) throw usage('--id ID is required');
  const { path, db } = openExisting(values);
  try {
    const conn = getConnectionRecord(db, id);
    if (!conn) throw badInput(`${path}: connection ${id} does not exist`);
    const d: Diagnosis = await diagnoseConnection(db, conn, {
      secrets: cliSecrets,
      env: env(io),
      now: now(io),
    });
    if (values.json) {
      io.stdout.write(JSON.stringify({ id, name: conn.name, ...d }, null, 2) + '\n');
    } else if (d.ok) {
      const version = d.version ? `, version ${d.version}` : '';
      const samples = d.samples?.length ? ` (e.g. ${d.samples.slice(0, 3).join(', ')})` : '';
      io.stdout.write(`${conn.name}: reachable and answering as expected${version}${samples}\n`);
      for (const c of d.checks) io.stdout.write(`  ok  ${c.name}: ${c.detail}\n`);
    }
    if (!d.ok) io.stderr.write(`flightdeck: ${conn.name}: ${DIAGNOSIS_STAGES.label(d.stage)}: ${d.message}\n`);
    return d.ok ? EXIT_OK : EXIT_FAILED;
  } finally {
    db.close();
  }
}

export interface SyncSummary {
  id: number;
  name: string;
  kind: string;
  ok: boolean;
  series: number;
  samples: number;
  alerts: number;
  error: { stage: DiagnosisStage; message: string } | null;
}

function summary(o: PollOutcome): SyncSummary {
  return {
    id: o.connectionId,
    name: o.name,
    kind: o.kind,
    ok: o.ok,
    series: o.series,
    samples: o.samples,
    alerts: o.alerts,
    error: o.error ? { stage: o.error.stage, message: o.error.message } : null,
  };
}

/** `sync --once`: every connection that is not paused, polled once; exit 1 when any failed. */
export async function syncCommand(values: Values, io: CliIo): Promise<number> {
  if (!values.once) throw usage('sync needs --once (continuous polling runs in the app)');
  const { db } = openExisting(values);
  try {
    const outcomes = await syncOnce(db, { secrets: cliSecrets, env: env(io), now: now(io) });
    const items = outcomes.map(summary);
    const failed = items.filter((i) => !i.ok);
    if (values.json) {
      io.stdout.write(JSON.stringify({ ok: failed.length === 0, connections: items }, null, 2) + '\n');
    } else {
      for (const i of items) {
        io.stdout.write(
          i.ok
            ? `ok      ${i.name}: ${i.samples} samples in ${i.series} series${i.alerts ? `, ${i.alerts} alerts` : ''}\n`
            : `FAILED  ${i.name}: ${i.error ? `${DIAGNOSIS_STAGES.label(i.error.stage)}: ${i.error.message}` : 'discarded'}\n`,
        );
      }
      io.stdout.write(`Polled ${items.length} connection${items.length === 1 ? '' : 's'}, ${failed.length} failed.\n`);
    }
    for (const f of failed) {
      io.stderr.write(`flightdeck: ${f.name}: ${f.error ? f.error.message : 'poll discarded'}\n`);
    }
    return failed.length === 0 ? EXIT_OK : EXIT_FAILED;
  } finally {
    db.close();
  }
}

export const CONNECTION_SUBCOMMANDS = ['add', 'list', 'test'] as const;

/** `connections <add|list|test>`; add and list finish synchronously, test awaits the server. */
export function connectionsCommand(sub: string | undefined, values: Values, io: CliIo): number | Promise<number> {
  if (sub === 'add') return add(values, io);
  if (sub === 'list') return list(values, io);
  if (sub === 'test') return test(values, io);
  throw usage(
    sub === undefined
      ? 'missing connections sub-command (add, list, test)'
      : `unknown connections sub-command ${JSON.stringify(sub)}`,
  );
}
