// The `flightdeck` command line over the same core as the app (plain Node, no Electron).
// Everything is in runCli so tests drive it with fake streams and a fixed clock.
import { accessSync, constants, existsSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { InitiativeRow } from '../../shared/domain/initiative';
import { DEMO_SEED, DEMO_SIZE } from '../core/index';
import { verifyAuditChain, type VerifyResult } from '../core/audit/verify';
import { APPLICATION_ID, classifySqliteError, describeFailure, openPortfolio } from '../core/db/open';
import { LATEST_SCHEMA_VERSION } from '../core/db/migrations';
import { m0020AuditLog } from '../core/db/migrations/0020_audit_log';
import { openSqlite } from '../core/db/sqlite';
import type { Db } from '../core/db/sqlite';
import { generateDemo, writeDemo } from '../core/demo/generate';
import { listInitiatives } from '../core/repositories/initiatives.repo';
import { roiCommand } from './roi';
import { signalsCommand } from './signals';
import { risksCommand } from './risks';
import { exportCommand } from './export';
import { connectionsCommand, syncCommand } from './connections';
import { importCommand, isImportKeyFlag } from './import';

export const EXIT_OK = 0;
/** audit verify: the file is fine but its audit chain is not (edited, deleted, reordered or truncated). */
export const EXIT_CHAIN_BROKEN = 1;
/** Unknown command or flag, missing --db, a malformed number: the caller must change the command. */
export const EXIT_USAGE = 2;
/** The command was fine but the file was not: missing, not ours, damaged, too new, unwritable. */
export const EXIT_BAD_INPUT = 3;
/** The file is open in the app (or another command): nothing was read or written; run it again later. */
export const EXIT_BUSY = 4;

export const MAX_DEMO_SIZE = 200_000;

export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  env?: Record<string, string | undefined>;
  /** The clock used when FLIGHTDECK_NOW is not set. */
  now?: () => Date;
}

export const HELP = `Usage: flightdeck <command> [options]

Commands:
  demo --db FILE [--size N] [--seed S]   Create a demo portfolio in FILE (a new or empty portfolio;
                                         an existing portfolio with data is never overwritten).
                                         --size  number of initiatives, 1-${MAX_DEMO_SIZE} (default ${DEMO_SIZE})
                                         --seed  integer 0-4294967295 (default ${DEMO_SEED})
  list --db FILE [--json] [--all]        Print the initiatives of FILE as an aligned table, or as
                                         JSON with --json. --all includes archived initiatives.
  signals --db FILE [--json] [--as-of D] Print the open pilot-purgatory signals of FILE, worst
                                         initiative first, as an aligned table or as JSON with
                                         --json. --as-of YYYY-MM-DD looks at FILE as of that day
                                         (default: today). --all includes snoozed and resolved
                                         signals; the STATE column says which.
  roi --costs C0,C1,... --benefits B0,B1,... --rate R [--json]
                                         NPV, ROI, IRR, PV of costs and benefits, and payback (plain
                                         and discounted, in periods, interpolated) of one cost and one
                                         benefit flow per period. Period 0 is not discounted; R is a
                                         fraction (0.1 = 10%). IRR is null where none exists.
                                         A list or rate starting with '-' needs the = form:
                                         --costs=-50,10 --rate=-0.02.
  roi --db FILE --initiative ID [--scenario NAME] [--iterations N] [--seed S] [--json]
                                         The same figures for an initiative's stored ROI model (its
                                         current plan, else approved, else baseline, else newest
                                         what-if), risk-adjusted too, plus Monte Carlo NPV and ROI
                                         P10/P50/P90 and P(NPV < 0) (10,000 runs, seed 1 by default).
  risks --db FILE [--json] [--initiative ID] [--all]
                                         Print the open risks of FILE (of one initiative with
                                         --initiative), worst residual score first, with inherent
                                         and residual L×I scores, band and flags (above appetite
                                         unaccepted, review or action overdue, acceptance expired);
                                         as JSON with --json. --all includes closed risks.
  connections add --db FILE --kind prometheus|alertmanager|litellm|langfuse|openrouter --name NAME
                  --url URL [--secret-env VAR] [--username U] [--timeout-ms N] [--interval S] [--json]
                                         Add a live connection to FILE and print its id (as JSON with
                                         --json). The secret (API key, password) is read from the
                                         environment variable VAR each time the connection is used;
                                         only the name VAR is stored. Secrets are never accepted on
                                         the command line. --interval is the poll interval in seconds.
  connections list --db FILE [--json]    Print FILE's connections with their state and last error.
  connections test --db FILE --id ID [--json]
                                         Diagnose connection ID as the app's Test button does: exit 0
                                         when it is reachable and answers as expected, 1 otherwise
                                         with the reason (DNS, refused, TLS, 401/403, 404, 429,
                                         timeout, unexpected shape) on stderr.
  sync --db FILE --once [--json]         Poll every connection of FILE that is not paused once, store
                                         the samples and alerts, and print a summary per connection;
                                         exit 1 when any failed.
  import FILE --db DB [--profile NAME] [--sheet NAME] [--header-row N] [--key name-and-unit|name|id]
         [--all-or-nothing] [--rejects OUT.csv] [--dry-run] [--json]
                                         Import the initiatives of a CSV or XLSX file into DB (created
                                         if missing). --profile names a mapping profile (saved in DB or
                                         built in; see --list-profiles); without it the best-fitting one
                                         is used and named, and a file no profile fits is refused (exit
                                         3) with its unmatched columns. Rows matching an initiative on
                                         the key (default name + business unit) update it. Invalid rows
                                         are listed; --rejects writes them as CSV; --all-or-nothing
                                         imports nothing if any row is rejected (exit 1); --dry-run
                                         only counts. --json prints { profile, imported, updated,
                                         rejected, rejects: [{ row, column, reason }], ... }.
  import --list-profiles [--db DB] [--json]
                                         List the built-in import profiles (and DB's saved ones).
  export --db DB --format pdf|pptx|xlsx|md|csv --out FILE [--initiative ID] [--as-of D] [--json]
                                         Write a status pack of DB (or of one initiative) to FILE:
                                         RAG per initiative from the written thresholds, KPIs, value,
                                         spend vs budget, top risks, decisions, milestones, watchlist.
                                         The frozen snapshot and the file's SHA-256 are stored in DB
                                         and the audit trail. PDF needs Chromium (FLIGHTDECK_CHROMIUM).
                                         Prints path, bytes and sha256 (JSON with --json); exit 1 when
                                         rendering or writing fails (no partial file is left).
  audit verify --db FILE                 Check FILE's audit trail hash chain, read-only. Prints a
                                         one-line summary when intact; otherwise names the first
                                         broken entry (its seq and why) on stderr and exits 1.
  help, --help, -h                       Show this help.

Environment:
  FLIGHTDECK_NOW   ISO 8601 date-time used as "now" when generating demo data. The same --size,
                   --seed and FLIGHTDECK_NOW always produce the same portfolio; without it the
                   dates are relative to the real clock. signals uses its date as the
                   default --as-of.

Exit status:
  0  success
  1  audit verify: the audit chain is broken; connections test: the connection failed; sync: a
     connection failed; import --all-or-nothing: rows were rejected, nothing was imported
  2  usage error (unknown command or option, missing --db, bad --size, --seed or --as-of)
  3  bad input file (missing, not a Flightdeck file, corrupt or empty, too new, not writable,
     or a non-empty portfolio given to demo); roi: a value that is not a number, a rate at or
     below -1, or cost and benefit flows of different lengths
  4  busy: FILE is open in the Flightdeck app or another flightdeck command, which holds it
     exclusively; nothing was read or written. Close it there (or wait) and run the command again.
`;

/** A CLI failure: one line on stderr and an exit code. */
export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const usage = (message: string) => new CliError(EXIT_USAGE, `${message} (see flightdeck --help)`);
export const badInput = (message: string) => new CliError(EXIT_BAD_INPUT, message);
/** One line for a file another process holds: the caller can retry later, so it gets its own exit code. */
export const busy = (path: string) =>
  new CliError(
    EXIT_BUSY,
    `${path}: busy: the file is open in Flightdeck or another flightdeck command; close it there (or wait) and run the command again`,
  );

const OPTIONS = {
  db: { type: 'string' },
  size: { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  'as-of': { type: 'string' },
  costs: { type: 'string' },
  benefits: { type: 'string' },
  rate: { type: 'string' },
  initiative: { type: 'string' },
  scenario: { type: 'string' },
  iterations: { type: 'string' },
  kind: { type: 'string' },
  name: { type: 'string' },
  url: { type: 'string' },
  'secret-env': { type: 'string' },
  username: { type: 'string' },
  'timeout-ms': { type: 'string' },
  interval: { type: 'string' },
  id: { type: 'string' },
  once: { type: 'boolean' },
  profile: { type: 'string' },
  sheet: { type: 'string' },
  'header-row': { type: 'string' },
  key: { type: 'string' },
  'all-or-nothing': { type: 'boolean' },
  rejects: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'list-profiles': { type: 'boolean' },
  format: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

type OptionName = keyof typeof OPTIONS;
export type Values = { [K in OptionName]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };

type Command = 'demo' | 'list' | 'signals' | 'audit' | 'roi' | 'risks' | 'connections' | 'sync' | 'import' | 'export';
const COMMANDS: readonly Command[] = [
  'demo',
  'list',
  'signals',
  'audit',
  'roi',
  'risks',
  'connections',
  'sync',
  'import',
  'export',
];

const ALLOWED: Record<Command, readonly OptionName[]> = {
  demo: ['db', 'size', 'seed', 'help'],
  list: ['db', 'json', 'all', 'help'],
  signals: ['db', 'json', 'as-of', 'all', 'help'],
  audit: ['db', 'help'],
  risks: ['db', 'json', 'initiative', 'all', 'help'],
  roi: ['costs', 'benefits', 'rate', 'json', 'db', 'initiative', 'scenario', 'iterations', 'seed', 'help'],
  connections: ['db', 'json', 'kind', 'name', 'url', 'secret-env', 'username', 'timeout-ms', 'interval', 'id', 'help'],
  sync: ['db', 'once', 'json', 'help'],
  import: [
    'db',
    'profile',
    'sheet',
    'header-row',
    'key',
    'all-or-nothing',
    'rejects',
    'dry-run',
    'list-profiles',
    'json',
    'help',
  ],
  export: ['db', 'format', 'out', 'initiative', 'as-of', 'json', 'help'],
};

/** Options that would put a secret in shell history and the process list; refused before parsing, value unseen. */
const SECRET_FLAGS = /^--(secret|password|api-key|token|key)(=|$)/;

function reportError(e: unknown, io: CliIo): number {
  if (e instanceof CliError) {
    io.stderr.write(`flightdeck: ${e.message}\n`);
    return e.exitCode;
  }
  // A bug, not a user error: still one line, but the exit code says it is neither 2 nor 3.
  io.stderr.write(`flightdeck: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  return 1;
}

/** parseArgs messages run on with advice about '--'; the first sentence is the useful line. */
function firstSentence(message: string): string {
  const line = message.split('\n')[0] ?? message;
  const cut = line.indexOf('. ');
  return cut > 0 ? line.slice(0, cut) : line.replace(/\.$/, '');
}

function parseInteger(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim())) throw usage(`--${name} must be a whole number, got ${JSON.stringify(raw)}`);
  const n = Number(raw.trim());
  if (!Number.isSafeInteger(n) || n < min || n > max) throw usage(`--${name} must be between ${min} and ${max}`);
  return n;
}

export function resolveNow(io: CliIo): () => Date {
  const fixed = io.env?.FLIGHTDECK_NOW?.trim();
  if (fixed) {
    const d = new Date(fixed);
    if (Number.isNaN(d.getTime())) throw usage(`FLIGHTDECK_NOW is not a date-time: ${JSON.stringify(fixed)}`);
    return () => d;
  }
  return io.now ?? (() => new Date());
}

export function requireDb(values: Values): string {
  const db = values.db;
  if (db === undefined || db.trim() === '') throw usage('--db FILE is required');
  return db;
}

export function open(path: string, create: boolean): Db {
  if (existsSync(path) && statSync(path).isDirectory()) throw badInput(`${path}: is a folder, not a portfolio file`);
  const result = openPortfolio(path, { create });
  if (!result.ok) throw result.reason === 'LOCKED' ? busy(path) : badInput(`${path}: ${result.message}`);
  return result.db;
}

/**
 * Checked before SQLite sees the path: better-sqlite3 reports a missing folder as a plain TypeError,
 * which the core's classifier cannot tell from damage, and "damaged" would be the wrong advice.
 */
function assertWritableFolder(path: string): void {
  const folder = dirname(resolve(path));
  if (!existsSync(folder)) throw badInput(`${path}: the folder ${folder} does not exist`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw badInput(`${path}: the folder ${folder} is not writable`);
  }
}

function demo(values: Values, io: CliIo): number {
  const path = requireDb(values);
  const size = parseInteger('size', values.size, DEMO_SIZE, 1, MAX_DEMO_SIZE);
  const seed = parseInteger('seed', values.seed, DEMO_SEED, 0, 0xffffffff);
  const now = resolveNow(io);
  const existed = existsSync(path);
  if (!existed) assertWritableFolder(path);
  const db = open(path, true);
  let written = false;
  try {
    const { n } = db
      .prepare('SELECT (SELECT count(*) FROM initiatives) + (SELECT count(*) FROM people) AS n')
      .get() as { n: number };
    if (n > 0) throw badInput(`${path}: already holds a portfolio with data; refusing to overwrite it`);
    const data = generateDemo({ size, seed, now: now() });
    try {
      writeDemo(db, data);
    } catch (e) {
      throw badInput(`${path}: could not write the demo portfolio: ${(e as Error).message}`);
    }
    written = true;
    io.stdout.write(
      `Created demo portfolio ${path}: ${data.initiatives.length} initiatives, ${data.people.length} people (seed ${seed}).\n`,
    );
    return EXIT_OK;
  } finally {
    db.close();
    // A file this command created and then failed to fill is removed, so a retry starts clean.
    if (!written && !existed) for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
  }
}

export interface ListedInitiative {
  id: number;
  name: string;
  phase: string;
  status: string;
  owners: { sponsor: string | null; productOwner: string | null; techLead: string | null };
}

export function toListed(r: InitiativeRow): ListedInitiative {
  return {
    id: r.id,
    name: r.name,
    phase: r.phase,
    status: r.status,
    owners: { sponsor: r.sponsorName, productOwner: r.productOwnerName, techLead: r.techLeadName },
  };
}

const MAX_CELL = 48;

export function cell(s: string | null): string {
  const v = (s ?? '-').replace(/\s+/g, ' ');
  return v.length > MAX_CELL ? `${v.slice(0, MAX_CELL - 1)}…` : v;
}

/** Columns padded to their widest cell; names are cut so a long one cannot push the rest off screen. */
export function formatTable(items: readonly ListedInitiative[]): string {
  const header = ['ID', 'NAME', 'PHASE', 'STATUS', 'SPONSOR', 'PRODUCT OWNER', 'TECH LEAD'];
  const rows = items.map((i) => [
    String(i.id),
    cell(i.name),
    i.phase,
    i.status,
    cell(i.owners.sponsor),
    cell(i.owners.productOwner),
    cell(i.owners.techLead),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((v, c) => (c === 0 ? v.padStart(widths[c] ?? 0) : v.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  const count = `${items.length} initiative${items.length === 1 ? '' : 's'}`;
  return [line(header), ...rows.map(line), count].join('\n') + '\n';
}

function list(values: Values, io: CliIo): number {
  const path = requireDb(values);
  if (!existsSync(path)) throw badInput(`${path}: file not found`);
  const db = open(path, false);
  try {
    const items = listInitiatives(db, values.all === true).map(toListed);
    io.stdout.write(values.json ? JSON.stringify(items, null, 2) + '\n' : formatTable(items));
    return EXIT_OK;
  } finally {
    db.close();
  }
}

/**
 * Opens a file for checking only: read-only and without migrating, so verifying a file (perhaps
 * someone else's evidence) never changes it. Refuses what openPortfolio would refuse.
 */
function openForReading(path: string): Db {
  if (!existsSync(path)) throw badInput(`${path}: file not found`);
  if (statSync(path).isDirectory()) throw badInput(`${path}: is a folder, not a portfolio file`);
  let db: Db | null = null;
  try {
    db = openSqlite(path, { readonly: true, fileMustExist: true });
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (appId !== APPLICATION_ID) throw badInput(`${path}: ${describeFailure('NOT_FLIGHTDECK')}`);
    if (version > LATEST_SCHEMA_VERSION) throw badInput(`${path}: ${describeFailure('TOO_NEW')}`);
    if (version < m0020AuditLog.version) {
      throw badInput(
        `${path}: has no audit trail yet (schema version ${version}); open it in Flightdeck once to start one`,
      );
    }
    return db;
  } catch (e) {
    db?.close();
    if (e instanceof CliError) throw e;
    const { reason, detail } = classifySqliteError(e);
    if (reason === 'LOCKED') throw busy(path);
    throw badInput(`${path}: ${describeFailure(reason, detail)}`);
  }
}

function auditVerify(values: Values, io: CliIo): number {
  const path = requireDb(values);
  const db = openForReading(path);
  try {
    let r: VerifyResult;
    try {
      r = verifyAuditChain(db);
    } catch (e) {
      const { reason, detail } = classifySqliteError(e);
      if (reason === 'LOCKED') throw busy(path);
      throw badInput(`${path}: ${describeFailure(reason, detail)}`);
    }
    if (r.ok) {
      const head = r.entries > 0 ? `, head #${r.headSeq} ${r.headHash.slice(0, 16)}` : '';
      io.stdout.write(`Audit chain intact: ${r.entries.toLocaleString('en')} entries${head} (${path}).\n`);
      return EXIT_OK;
    }
    io.stderr.write(`flightdeck: audit chain broken at entry ${r.firstBrokenSeq}: ${r.reason} (${r.detail})\n`);
    return EXIT_CHAIN_BROKEN;
  } finally {
    db.close();
  }
}

/**
 * Runs one invocation; never throws and never exits the process, so tests and the bin share it. Commands
 * that talk to servers (connections test, sync) answer with a Promise; all others synchronously.
 */
export function runCli(argv: readonly string[], io: CliIo): number | Promise<number> {
  try {
    const secretFlag = argv.find((a, i) => SECRET_FLAGS.test(a) && !isImportKeyFlag(argv, i));
    if (secretFlag) {
      throw usage(
        `${secretFlag.split('=')[0]} is not accepted: secrets never go on the command line; use --secret-env VAR`,
      );
    }
    let parsed: { values: Values; positionals: string[] };
    try {
      parsed = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true }) as {
        values: Values;
        positionals: string[];
      };
    } catch (e) {
      throw usage(firstSentence((e as Error).message));
    }
    const { values, positionals } = parsed;
    const [command, ...extra] = positionals;
    if (command === 'help' || (values.help && command === undefined)) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    if (command === undefined) throw usage('missing command');
    if (!(COMMANDS as readonly string[]).includes(command)) throw usage(`unknown command ${JSON.stringify(command)}`);
    const cmd = command as Command;
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    // `audit` and `connections` take a sub-command.
    // `import` takes its FILE as the positional.
    const args = cmd === 'audit' || cmd === 'connections' || cmd === 'import' ? extra.slice(1) : extra;
    if (cmd === 'audit' && extra[0] === undefined) throw usage('missing audit sub-command (verify)');
    if (cmd === 'audit' && extra[0] !== 'verify') throw usage(`unknown audit sub-command ${JSON.stringify(extra[0])}`);
    if (args.length > 0) throw usage(`unexpected argument ${JSON.stringify(args[0])}`);
    const stray = (Object.keys(values) as OptionName[]).find((k) => !ALLOWED[cmd].includes(k));
    if (stray) throw usage(`--${stray} does not apply to ${cmd}`);
    if (cmd === 'demo') return demo(values, io);
    if (cmd === 'list') return list(values, io);
    if (cmd === 'signals') return signalsCommand(values, io);
    if (cmd === 'risks') return risksCommand(values, io);
    if (cmd === 'roi') return roiCommand(values, io);
    if (cmd === 'export') return exportCommand(values, io).catch((e: unknown) => reportError(e, io));
    if (cmd === 'import') {
      const result = importCommand(extra, values, io);
      return typeof result === 'number' ? result : result.catch((e: unknown) => reportError(e, io));
    }
    if (cmd === 'connections' || cmd === 'sync') {
      const result = cmd === 'sync' ? syncCommand(values, io) : connectionsCommand(extra[0], values, io);
      return typeof result === 'number' ? result : result.catch((e: unknown) => reportError(e, io));
    }
    return auditVerify(values, io);
  } catch (e) {
    return reportError(e, io);
  }
}
