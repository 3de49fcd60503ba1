// S6 of perf-reliability.md, end to end: connection secrets go in through the app's channels and the CLI, every
// kind of connection is tested and polled against servers that answer, refuse while echoing the credentials
// back, hang and reset; every pack format and a table are exported, a backup and a copy are taken. Then
// everything on disk under the data folder and the export folder (portfolio file, WAL, logs, backups, exports
// with their zip entries and PDF text, the secrets file, settings) and every handler result, event payload
// and CLI output is scanned for the secrets in every encoding. One hit fails the test, naming where and how.
//
// The parts that guard secrets are the real ones: the app's safeStorage-backed secret store (over an
// AES-256-GCM stand-in for the OS keychain) and the app's file logger with its redaction.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, ConnectionKind } from '../../../shared/domain/connections/connection';
import { CONNECTION_KINDS } from '../../../shared/domain/connections/connection';
import { EXPORT_FORMATS } from '../../../shared/domain/pack/types';
import type { Channel, Input } from '../../../shared/ipc/contract';
import { runCli } from '../../cli/cli';
// The app's own secret store and logger (plain Node modules of electron/main, no Electron import): the real guards.
import { createFileLogger } from '../../main/file-logger';
import { createSafeSecretStore, SECRETS_FILE_NAME } from '../../main/secret-store';
import { createCore, type Core } from '../index';
import { openSqlite } from '../db/sqlite';
import { createRouter, type Dispatch } from '../router';
import { FakeDialogs, FixedClock } from '../testing/fakes';
import {
  MockApiServer,
  fixture,
  startLangfuseMock,
  startLiteLlmMock,
  startOpenRouterMock,
  startSilentServer,
} from '../testing/mockApiServer';
import { APP_SENDER, trustAppFrame } from '../testing/test-core';
import { TempDirs } from '../testing/temp-dir';
import { aesSafeStorage } from './aesSafeStorage';
import { describeHits, scanText, scanTree, secretNeedles, type SecretHit } from './secretScan';

/** An API key as gateways issue them, long and unique so a hit cannot be chance. */
const SECRET = 'sk-fd-TESTSECRET-7f3a9c1e5b0d2f4a6c8e9b1d3f5a7c9e';
/** The key a connection is updated to. */
const SECRET2 = 'sk-fd-ROTATEDKEY-0e2d4c6b8a9f1e3d5c7b9a0f2e4d6c8b';
/** A basic-auth password with the characters encoders and redactors treat specially. */
const PASSWORD = 'pw-fd-TESTPASS/Q+z=~e4?b2>8c&6f"0d:9a';
/** The Langfuse public key is an identifier, not a secret: it may appear, and is the basic-auth user name. */
const LANGFUSE_PK = 'pk-lf-public-0001';
const needles = [
  ...secretNeedles(SECRET, 'SECRET'),
  ...secretNeedles(SECRET2, 'SECRET2'),
  ...secretNeedles(PASSWORD, 'PASSWORD'),
];
const NOW = '2026-11-21T12:00:00.000Z';

const temps = new TempDirs();
let dataDir: string;
let exportDir: string;
let dbPath: string;
let core: Core;
let dispatch: Dispatch;
const dialogs = new FakeDialogs();
const safe = aesSafeStorage();
/** Every handler result and emitted event, as JSON, labelled for the failure message. */
const outputs: { where: string; text: string }[] = [];
const servers: { close(): Promise<void> }[] = [];
let backupNote = '';

async function call<C extends Channel>(channel: C, input?: Input<C>) {
  const r = await dispatch(APP_SENDER, channel, input);
  outputs.push({ where: `result of ${channel}`, text: JSON.stringify(r) });
  return r;
}
async function ok<C extends Channel>(channel: C, input?: Input<C>) {
  const r = await call(channel, input);
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code}: ${r.error.message}`);
  return r.value as unknown;
}

/** Answers every request with `status` and a body that repeats the request's headers, as careless proxies do. */
interface EchoServer {
  url: string;
  port: number;
  /** Each request's headers as JSON, in arrival order. */
  seen: string[];
  close(): Promise<void>;
}

async function startEchoServer(status: number, contentType: string): Promise<EchoServer> {
  const seen: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push(JSON.stringify(req.headers));
    req.resume();
    req.on('end', () => {
      // The quoted error text is what connectors show the user: the most likely way out for an echoed key.
      const auth = String(req.headers.authorization ?? req.headers['x-litellm-api-key'] ?? '');
      const said = `invalid credentials: ${auth}`;
      const echo = JSON.stringify({
        error: { message: said, code: status },
        message: said,
        detail: said,
        url: req.url,
        received: req.headers,
      });
      const body = contentType.startsWith('text/html') ? `<html><body><pre>${echo}</pre></body></html>` : echo;
      res.writeHead(status, {
        'content-type': contentType,
        'www-authenticate': `Bearer error="invalid_token", error_description="${String(req.headers.authorization)}"`,
        'x-echo-authorization': String(req.headers.authorization ?? ''),
      });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Redirects every request to the same path on `target`: a server handing the credentials on to another origin. */
async function startRedirectServer(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    res.writeHead(302, { location: `${target}${req.url ?? '/'}`, 'content-length': '0' });
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Accepts, then resets the connection (TCP RST) without a byte of answer. */
async function startResetServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: NetServer = createNetServer((socket: Socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => socket.resetAndDestroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

interface Plan {
  kind: ConnectionKind;
  server: string;
  url: string;
  auth: { secret: string; authKind?: 'bearer' | 'basic'; username?: string };
  timeoutMs?: number;
}

const created: { plan: Plan; connection: Connection }[] = [];

beforeAll(async () => {
  dataDir = temps.make('flightdeck-s6-data-');
  exportDir = temps.make('flightdeck-s6-exports-');
  dbPath = join(dataDir, 'Portfolio.flightdeck');
  const logger = createFileLogger({ dir: join(dataDir, 'logs') });
  const secrets = createSafeSecretStore({ safeStorage: safe, file: join(dataDir, SECRETS_FILE_NAME) });
  core = createCore({
    defaultDbPath: dbPath,
    dataDir,
    dialogs,
    clock: new FixedClock(NOW),
    emit: (event, payload) => outputs.push({ where: `event ${event}`, text: JSON.stringify(payload) }),
    logger,
    secrets,
    env: {},
    actor: 'Security Test',
    demoSize: 8,
  });
  dispatch = createRouter(core.handlers, trustAppFrame, logger);
  await ok('workspace/openDefault');
  await ok('workspace/setup', { mode: 'demo' });
});

let disposed = false;
const disposeCore = () => {
  if (!disposed) core.dispose();
  disposed = true;
};

afterAll(async () => {
  disposeCore();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  temps.cleanup();
});

describe('S6: a configured secret appears nowhere', () => {
  it('drives connections of every kind through good, echoing, hanging and resetting servers', async () => {
    const litellm = await startLiteLlmMock(SECRET);
    const langfuse = await startLangfuseMock(LANGFUSE_PK, SECRET);
    const openrouter = await startOpenRouterMock(SECRET);
    const prometheus = await MockApiServer.start({ auth: { kind: 'basic', username: 'prom', secret: PASSWORD } });
    prometheus.json('GET', '/api/v1/status/buildinfo', fixture('prometheus-buildinfo.json'));
    prometheus.json('GET', '/api/v1/query', fixture('prometheus-query-litellm-request-rate.json'));
    prometheus.json('GET', '/api/v1/query_range', fixture('prometheus-query-range-litellm-spend.json'));
    const alertmanager = await MockApiServer.start({ auth: { kind: 'bearer', secret: SECRET } });
    alertmanager.json('GET', '/api/v2/status', fixture('alertmanager-v2-status.json'));
    alertmanager.json('GET', '/api/v2/alerts', fixture('alertmanager-v2-alerts.json'));
    const echo401 = await startEchoServer(401, 'application/json');
    const echo500 = await startEchoServer(500, 'application/json');
    const echoHtml = await startEchoServer(200, 'text/html; charset=utf-8');
    // Another origin (localhost, not 127.0.0.1) that a redirect points at: it must never see the credentials.
    const thirdParty = await startEchoServer(200, 'application/json');
    const redirect = await startRedirectServer(`http://localhost:${thirdParty.port}`);
    const silent = await startSilentServer();
    const reset = await startResetServer();
    servers.push(litellm, langfuse, openrouter, prometheus, alertmanager, echo401, echo500, echoHtml, silent, reset);
    servers.push(thirdParty, redirect);

    const good: Record<ConnectionKind, Pick<Plan, 'url' | 'auth'>> = {
      litellm: { url: litellm.url, auth: { secret: SECRET } },
      langfuse: { url: langfuse.url, auth: { secret: SECRET, username: LANGFUSE_PK } },
      openrouter: { url: openrouter.url, auth: { secret: SECRET } },
      prometheus: { url: prometheus.url, auth: { secret: PASSWORD, authKind: 'basic', username: 'prom' } },
      alertmanager: { url: alertmanager.url, auth: { secret: SECRET, authKind: 'bearer' } },
    };
    const plans: Plan[] = [];
    for (const kind of CONNECTION_KINDS.ids) {
      const g = good[kind];
      plans.push({ kind, server: 'good', ...g });
      for (const [server, url] of [
        ['echo401', echo401.url],
        ['echo500', echo500.url],
        ['echoHtml', echoHtml.url],
        ['redirect', redirect.url],
      ] as const) {
        plans.push({ kind, server, url, auth: g.auth });
      }
      plans.push({ kind, server: 'hang', url: silent.url, auth: g.auth, timeoutMs: 500 });
      plans.push({ kind, server: 'reset', url: reset.url, auth: g.auth, timeoutMs: 2000 });
    }

    for (const plan of plans) {
      const input = {
        kind: plan.kind,
        name: `${plan.kind} ${plan.server}`,
        baseUrl: plan.url,
        secret: plan.auth.secret,
        ...(plan.auth.authKind ? { authKind: plan.auth.authKind } : {}),
        ...(plan.auth.username ? { username: plan.auth.username } : {}),
        ...(plan.timeoutMs ? { timeoutMs: plan.timeoutMs } : {}),
      };
      // The form's Test button sends the draft with its secret before anything is saved.
      await call('connection/test', { draft: input });
      const connection = (await ok('connection/create', input)) as Connection;
      expect(connection).toMatchObject({ hasSecret: true, secretSource: 'store' });
      created.push({ plan, connection });
      await call('connection/test', { id: connection.id });
      await call('connection/pollNow', { id: connection.id });
    }
    // The good servers really were reached with the credentials (so a clean scan is not a scan of nothing).
    expect(litellm.requests.some((r) => r.authorized && r.headers.authorization === `Bearer ${SECRET}`)).toBe(true);
    expect(prometheus.requests.some((r) => r.authorized)).toBe(true);
    expect(echo401.seen.some((h) => h.includes(SECRET))).toBe(true);
    const forwarded = thirdParty.seen.flatMap((h, i) =>
      scanText(`request ${i + 1} to the redirect target`, h, needles),
    );
    expect(forwarded, describeHits(forwarded)).toEqual([]);
    const states = Object.fromEntries(created.map((c) => [c.connection.name, c.connection.id]));
    const list = (await ok('connection/list')) as Connection[];
    expect(list.find((c) => c.id === states['litellm good'])).toMatchObject({ state: 'ok' });
    expect(list.find((c) => c.id === states['litellm echo401'])?.lastError?.stage).toBe('auth');
    expect(list.find((c) => c.id === states['litellm hang'])?.lastError?.stage).toBe('timeout');

    // Bind the good LiteLLM gateway so its spend reaches the packs, then rotate a key and delete a connection.
    const litellmGood = states['litellm good'];
    if (litellmGood === undefined) throw new Error('no litellm connection');
    await ok('binding/save', { initiativeId: 1, connectionId: litellmGood, selector: { team_id: 'team-claims' } });
    await ok('connection/pollNow', { id: litellmGood });
    litellm.setAuth({ kind: 'bearer', secret: SECRET2 });
    await ok('connection/update', { id: litellmGood, patch: { secret: SECRET2 } });
    await ok('connection/test', { id: litellmGood });
    const openrouterHang = states['openrouter hang'];
    if (openrouterHang !== undefined) await ok('connection/delete', { id: openrouterHang });

    // Refused inputs that carry a secret must not echo it in their error.
    for (const bad of [
      { kind: 'litellm', name: 'In URL', baseUrl: `http://user:${encodeURIComponent(SECRET)}@127.0.0.1:1` },
      { kind: 'litellm', name: 'In query', baseUrl: `http://127.0.0.1:1/?key=${SECRET}` },
      { kind: 'litellm', name: 'Unknown key', baseUrl: litellm.url, apiKey: SECRET },
      { kind: 'nope', name: 'Bad kind', baseUrl: litellm.url, secret: SECRET },
      { kind: 'litellm', name: 'Too long', baseUrl: litellm.url, secret: SECRET.repeat(100) },
    ]) {
      const r = await call('connection/create', bad as never);
      expect(r.ok).toBe(false);
    }
    const refusedUpdate = await call('connection/update', { id: 999_999, patch: { secret: SECRET } });
    expect(refusedUpdate.ok).toBe(false);
    for (const channel of ['metrics/overview', 'binding/list'] as const) await call(channel, { initiativeId: 1 });
  }, 180_000);

  it('exports every pack format and a table, saves a copy and takes a backup', async () => {
    for (const format of EXPORT_FORMATS) {
      dialogs.queueSave(join(exportDir, `pack.${format}`));
      const r = (await ok('export/pack', { format })) as { path?: string };
      expect(r.path).toBe(join(exportDir, `pack.${format}`));
    }
    dialogs.queueSave(join(exportDir, 'initiative-1.md'));
    await ok('export/pack', { format: 'md', initiativeId: 1 });
    const list = (await ok('connection/list')) as Connection[];
    dialogs.queueSave(join(exportDir, 'connections.csv'));
    await ok('export/table', {
      title: 'Connections',
      defaultName: 'Connections',
      columns: ['Name', 'Kind', 'Address', 'Secret', 'State', 'Last error'],
      rows: list.map((c) => [
        c.name,
        c.kind,
        c.baseUrl,
        c.hasSecret ? 'yes' : 'no',
        c.state,
        c.lastError?.message ?? '',
      ]),
    });
    const history = (await ok('export/history')) as { id: number }[];
    for (const h of history) await ok('export/snapshot', { id: h.id });
    await ok('audit/timeline', { initiativeId: 1 });
    dialogs.queueSave(join(exportDir, 'copy.flightdeck'));
    await ok('workspace/saveCopy');

    const backup = await call('backup/now');
    if (backup.ok) {
      backupNote = 'backup/now';
    } else {
      // The backup feature is built in parallel; until it lands, copy with SQLite's online backup API as it will.
      backupNote = `db.backup() (backup/now answered ${backup.error.code})`;
      await core.workspace.db().backup(join(dataDir, 'backups', 'manual.flightdeck'));
    }
    await call('backup/list');
    const backups = join(dataDir, 'backups');
    expect(existsSync(backups) && readdirSync(backups).length > 0, `no backup written (${backupNote})`).toBe(true);
  }, 180_000);

  it('keeps the secrets file as ciphertext that decrypts to exactly the live secrets', () => {
    const file = join(dataDir, SECRETS_FILE_NAME);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { version: number; secrets: Record<string, string> };
    const refs = core.workspace
      .db()
      .prepare(`SELECT secret_ref FROM connections WHERE secret_ref LIKE 'store:%'`)
      .pluck()
      .all() as string[];
    expect(Object.keys(stored.secrets).sort()).toEqual([...refs].sort());
    const plain = Object.values(stored.secrets).map((b64) => safe.decryptString(Buffer.from(b64, 'base64')));
    // Every connection's secret is there (the rotated one replaced), and nothing else.
    expect(new Set(plain)).toEqual(new Set([SECRET, SECRET2, PASSWORD]));
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('finds none of the secrets on disk while the portfolio is open (file and WAL), nor in any result or event', async () => {
    const disk = await scanTree(dataDir, needles);
    const exported = await scanTree(exportDir, needles);
    const memory: SecretHit[] = outputs.flatMap((o) => scanText(o.where, o.text, needles));
    const hits = [...disk.hits, ...exported.hits, ...memory];
    expect(hits, describeHits(hits)).toEqual([]);
    // The scan covered what it must: otherwise "nothing found" would mean nothing.
    expect(disk.scanned).toEqual(
      expect.arrayContaining([
        'Portfolio.flightdeck',
        'Portfolio.flightdeck#row connections',
        'Portfolio.flightdeck#row audit_log',
        'logs/main.log',
        SECRETS_FILE_NAME,
      ]),
    );
    expect(disk.scanned.some((s) => s.startsWith('backups/'))).toBe(true);
    expect(exported.scanned).toEqual(
      expect.arrayContaining([
        'pack.pdf#text',
        'pack.pptx!ppt/slides/slide1.xml',
        'pack.xlsx!xl/worksheets/sheet1.xml',
        'pack.md',
        'pack.csv',
        'connections.csv',
        'copy.flightdeck#row connections',
      ]),
    );
    expect(outputs.filter((o) => o.where.startsWith('event ')).length).toBeGreaterThan(20);
    // The logger was exercised by failures (so the log is evidence, not an empty file).
    expect(readFileSync(join(dataDir, 'logs', 'main.log'), 'utf8').split('\n').length).toBeGreaterThan(1);
  }, 120_000);

  it('the CLI stores only the variable name of --secret-env, and says nothing of the value', async () => {
    // The app holds the file exclusively; the CLI works on it once the app has closed it.
    disposeCore();
    const litellm = await startLiteLlmMock(SECRET);
    servers.push(litellm);
    const env = { FD_TEST_KEY: SECRET };
    const out: string[] = [];
    const cli = async (argv: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(argv, {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        env,
        now: () => new Date(NOW),
      });
      out.push(`$ ${argv.join(' ')}\n${stdout}\n${stderr}`);
      return { code, stdout };
    };
    const add = await cli([
      'connections',
      'add',
      '--db',
      dbPath,
      '--kind',
      'litellm',
      '--name',
      'CLI gateway',
      '--url',
      litellm.url,
      '--secret-env',
      'FD_TEST_KEY',
      '--json',
    ]);
    expect(add.code).toBe(0);
    const id = (JSON.parse(add.stdout) as { id: number }).id;
    expect((await cli(['connections', 'test', '--db', dbPath, '--id', String(id)])).code).toBe(0);
    await cli(['connections', 'list', '--db', dbPath, '--json']);
    await cli(['sync', '--db', dbPath, '--once', '--json']);
    expect(litellm.requests.some((r) => r.authorized)).toBe(true);

    const db = openSqlite(dbPath, { readonly: true, fileMustExist: true });
    try {
      expect(db.prepare('SELECT secret_ref FROM connections WHERE id = ?').pluck().get(id)).toBe('env:FD_TEST_KEY');
    } finally {
      db.close();
    }
    const hits = [
      ...(await scanTree(dataDir, needles)).hits,
      ...out.flatMap((text, i) => scanText(`CLI run ${i + 1}`, text, needles)),
    ];
    expect(hits, describeHits(hits)).toEqual([]);
    // Reported so the lead knows which backup path ran.
    console.info(`secrets-nowhere: backup taken with ${backupNote}`);
  }, 120_000);
});
