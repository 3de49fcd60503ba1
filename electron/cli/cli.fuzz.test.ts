// Property-based hostile-argv tests of every CLI command (perf-reliability.md X1 for the command line): argv
// from a grammar (each command with random subsets of its real flags, garbage flags and hostile values) and
// fully random arrays. The CLI must answer with a documented exit code and one clean line on stderr, never
// throw, and leave the portfolio it was given unchanged whenever it fails or only reads. Seeded: FD_FUZZ_SEED
// and FD_FUZZ_RUNS override. Paths all point into a temp dir (the test runs there); URLs only to loopback.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generatedRows, writeFlightdeckCsv } from '../core/import/testFiles';
import { fileDigest } from '../core/testing/portfolio-files';
import { makeTempDir, removeTempDir } from '../core/testing/temp-dir';
import { EDGE_STRINGS, LOOPBACK_URLS, sized } from '../core/testing/fuzz/arbitraries';
import { fileFingerprint } from '../core/testing/fuzz/fingerprint';
import { openSqlite } from '../core/db/sqlite';
import { HELP, runCli, type CliIo } from './cli';

const SEED = Number(process.env['FD_FUZZ_SEED'] ?? 20_260_108);
const RUNS = Number(process.env['FD_FUZZ_RUNS'] ?? 40);
const RUN_DEADLINE_MS = 30_000;
/** 4 is EXIT_BUSY, should the CLI grow one; anything else is undocumented. */
const EXIT_CODES = new Set([0, 1, 2, 3, 4]);
const STACK_TRACE =
  /\n\s*at |\bat [\w$.<>]+ \(.*:\d+:\d+\)|node:internal|\b(TypeError|RangeError|ReferenceError|SyntaxError):/;
const NOW = '2026-03-02T09:00:00.000Z';

let dir: string;
let cwd: string;
let freePort: number;
let P: Record<string, string>;
let baseFingerprint: string;
let baseDigest: string;
const requested: string[] = [];
/** Exit codes per command, printed at the end: shows the fuzz reaches success paths too, not only usage errors. */
const exits = new Map<string, Record<string, number>>();
let current = '';
const reasons = new Map<string, number>();
const realFetch = globalThis.fetch;

/** The files every run starts from: a fresh copy of the demo portfolio and the bad files next to it. */
function resetFiles(): void {
  for (const f of ['run.flightdeck', 'run.flightdeck-wal', 'run.flightdeck-shm']) rmSync(join(dir, f), { force: true });
  copyFileSync(P['base']!, P['db']!);
  writeFileSync(P['notes']!, 'hello, not a portfolio\n');
  writeFileSync(P['empty']!, '');
  copyFileSync(P['truncatedSource']!, P['truncated']!);
  // A previous run may have made any of these; each run starts without them.
  for (const f of readdirSync(dir)) {
    if (!KEEP.has(f)) rmSync(join(dir, f), { recursive: true, force: true });
  }
}
const KEEP = new Set([
  'base.flightdeck',
  'run.flightdeck',
  'notes.txt',
  'empty.flightdeck',
  'truncated.flightdeck',
  'truncated.source',
  'good.csv',
  'hostile.csv',
  'people.csv',
  'empty.csv',
  'garbage.xlsx',
  'folder',
]);

async function run(argv: string[]): Promise<{ code: unknown; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    // /bin/false "prints" every PDF: the render fails fast, and the failure path is what the fuzz wants.
    env: { FLIGHTDECK_NOW: NOW, FD_FUZZ_SECRET: 'fuzz-secret-value', FLIGHTDECK_CHROMIUM: '/bin/false', PATH: '' },
    now: () => new Date(NOW),
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    const code = await Promise.race([
      Promise.resolve().then(() => runCli(argv, io)),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no exit within ${RUN_DEADLINE_MS} ms (hang)`)), RUN_DEADLINE_MS);
      }),
    ]);
    return { code, stdout, stderr };
  } catch (e) {
    throw new Error(`runCli threw for ${JSON.stringify(argv).slice(0, 400)}: ${(e as Error).stack ?? String(e)}`, {
      cause: e,
    });
  } finally {
    clearTimeout(timer);
  }
}

/** Commands that only read: the portfolio must be unchanged whatever their exit code. */
function readsOnly(argv: readonly string[]): boolean {
  const positionals = argv.filter((a) => !a.startsWith('-'));
  const cmd = positionals[0];
  if (argv.includes('--help') || argv.includes('-h') || cmd === 'help') return true;
  if (cmd === 'import') return argv.includes('--dry-run') || argv.includes('--list-profiles');
  if (cmd === 'connections') return positionals[1] === 'list';
  return ['list', 'signals', 'roi', 'risks', 'audit'].includes(cmd ?? '');
}

/** Exit 1 of these means "a connection failed", which they record in the file as they should. */
function recordsFailures(argv: readonly string[]): boolean {
  const positionals = argv.filter((a) => !a.startsWith('-'));
  return positionals[0] === 'sync' || (positionals[0] === 'connections' && positionals[1] === 'test');
}

/**
 * SQLite's -shm index and an empty -wal beside a file that was there before hold no data. `audit verify` leaves
 * them (its read-only connection cannot clean up after itself): reported to the lead, tolerated here.
 */
function emptySidecar(file: string): boolean {
  const m = /^(.*)-(wal|shm)$/.exec(file);
  if (!m || !KEEP.has(m[1]!)) return false;
  return m[2] === 'shm' || statSync(join(dir, file)).size === 0;
}

/** The properties every run must keep, whatever the argv. */
async function check(argv: string[]): Promise<void> {
  resetFiles();
  const before = new Map(
    ['notes', 'empty', 'truncated', 'good', 'hostile'].map((k) => [k, fileDigest(P[k]!)] as const),
  );
  const { code, stdout, stderr } = await run(argv);
  const where = `argv ${JSON.stringify(argv).slice(0, 400)} -> ${String(code)}\nstderr: ${stderr.slice(0, 400)}`;
  const tally = exits.get(current) ?? {};
  tally[String(code)] = (tally[String(code)] ?? 0) + 1;
  exits.set(current, tally);
  if (process.env['FD_FUZZ_VERBOSE'] && code !== 0) {
    const reason = stderr
      .split('\n')[0]!
      .replace(/"[^"]*"/g, '"…"')
      .slice(0, 90);
    reasons.set(`${current}: ${reason}`, (reasons.get(`${current}: ${reason}`) ?? 0) + 1);
  }
  if (typeof code !== 'number' || !Number.isInteger(code) || !EXIT_CODES.has(code)) {
    throw new Error(`undocumented exit code: ${where}`);
  }
  if (STACK_TRACE.test(stderr) || STACK_TRACE.test(stdout)) throw new Error(`a stack trace was printed: ${where}`);
  if (/internal error/i.test(stderr)) throw new Error(`a bug surfaced as "internal error": ${where}`);
  if (code !== 0) {
    if (!stderr.startsWith('flightdeck: ')) throw new Error(`failure without a "flightdeck:" line on stderr: ${where}`);
    if ((code === 2 || code === 3) && stderr.trimEnd().includes('\n')) {
      throw new Error(`a usage or bad-input error takes one line: ${where}`);
    }
  }
  // Whatever the command and its outcome, the portfolio stays a database: no export or rejects file replaces it.
  if (readFileSync(P['db']!).subarray(0, 16).toString('latin1') !== 'SQLite format 3\0') {
    throw new Error(`the portfolio was replaced by another file: ${where}`);
  }
  const mustBeUnchanged = readsOnly(argv) || (code !== 0 && !(code === 1 && recordsFailures(argv)));
  if (mustBeUnchanged) {
    if (fileDigest(P['db']!) !== baseDigest && fileFingerprint(P['db']!) !== baseFingerprint) {
      throw new Error(`the portfolio changed: ${where}`);
    }
    for (const [k, digest] of before) {
      if (fileDigest(P[k]!) !== digest) throw new Error(`${k} changed: ${where}`);
    }
  }
  if (code !== 0 && !recordsFailures(argv)) {
    // A failed command leaves nothing behind: no half-written export, no empty portfolio it created.
    const left = readdirSync(dir).filter((f) => !KEEP.has(f) && !/^rejects/.test(f) && !emptySidecar(f));
    if (left.length > 0) throw new Error(`a failed run left ${JSON.stringify(left)}: ${where}`);
  }
}

// ---------- the argv grammar ----------

const garbage = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(...EDGE_STRINGS.filter((s) => !/[\\/]/.test(s))),
  fc.constantFrom('', ' ', '-', '--', '-1', 'NaN', '1e400', '0x10', '١٢', '１２', sized(100_000)),
);
const intValue = (max: number) =>
  fc.oneof(
    { arbitrary: fc.integer({ min: 0, max }).map(String), weight: 10 },
    { arbitrary: fc.constantFrom('-1', '0', ' 5 ', '1.5', '1e3', '99999999999999999999', 'Infinity'), weight: 1 },
    { arbitrary: garbage, weight: 1 },
  );
const numberList = fc.oneof(
  {
    arbitrary: fc
      .array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 12 })
      .map((a) => a.join(',')),
    weight: 10,
  },
  {
    arbitrary: fc.constantFrom('', ',', '1,,2', 'NaN,1', 'Infinity', '1e308,1e308', '-0', ' 1 , 2 ', '1;2'),
    weight: 1,
  },
  { arbitrary: garbage, weight: 1 },
);
const rate = fc.oneof(
  { arbitrary: fc.double({ min: -0.999, max: 5, noNaN: true }).map(String), weight: 6 },
  { arbitrary: fc.constantFrom('-1', '-2', '0', 'NaN', '1e308', '', '10%'), weight: 1 },
  { arbitrary: garbage, weight: 1 },
);
const day = fc.oneof(
  { arbitrary: fc.constantFrom('2026-03-02', '2025-12-31', '2024-02-29', '1970-01-01', '9999-12-31'), weight: 6 },
  { arbitrary: fc.constantFrom('2026-02-30', '26-3-2', '2026-03-02T00:00:00Z'), weight: 1 },
  { arbitrary: garbage, weight: 1 },
);
const text = fc.oneof(
  { arbitrary: fc.string({ minLength: 1, maxLength: 30 }), weight: 6 },
  { arbitrary: fc.constantFrom(...EDGE_STRINGS), weight: 2 },
  { arbitrary: garbage, weight: 1 },
);
/** One of the words the flag takes, mostly; anything else now and then. */
const word = (...words: string[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...words), weight: 8 }, { arbitrary: text, weight: 1 });
const flag = (name: string, value?: fc.Arbitrary<string>): fc.Arbitrary<string[]> =>
  value === undefined
    ? fc.oneof(
        { arbitrary: fc.constant<string[]>([`--${name}`]), weight: 10 },
        { arbitrary: fc.constantFrom<string[]>([`--${name}=`], [`--${name}=yes`]), weight: 1 },
      )
    : fc.tuple(value, fc.boolean()).map(([v, eq]) => (eq || v.startsWith('-') ? [`--${name}=${v}`] : [`--${name}`, v]));
const garbageFlags = fc.constantFrom(
  ['--nope'],
  ['--db'],
  ['-x'],
  ['--'],
  ['--='],
  ['---db', 'x'],
  ['--secret', 'sk-live-123'],
  ['--password=hunter2'],
  ['--token'],
  ['--api-key=x'],
  ['--key', 'sk-abc'],
  ['-h'],
  ['--help'],
  ['extra-positional'],
);

/** `P[...]` is filled in beforeAll, so the path arbitraries read it lazily. */
const pathOf = (...keys: string[]) => fc.constantFrom(...keys).map((k) => P[k] ?? k);
const dbPath = () =>
  fc.oneof(
    { arbitrary: pathOf('db'), weight: 10 },
    {
      arbitrary: pathOf('missing', 'folder', 'notes', 'empty', 'truncated', 'missingFolder', 'unicode', 'good'),
      weight: 3,
    },
    { arbitrary: fc.constantFrom('', ' ', '-', sized(5_000)), weight: 1 },
  );
const outPath = () =>
  fc.oneof(
    pathOf('outMd', 'outPdf', 'outCsv', 'outXlsx', 'outPptx'),
    pathOf('folder', 'missingFolderOut', 'notes', 'db'),
    fc.constantFrom(''),
  );

interface Command {
  name: string;
  words: string[];
  flags: fc.Arbitrary<string[]>[];
  /** How many of the leading flags the command needs (--db and the like): each is left out only now and then. */
  needs: number;
  positional?: fc.Arbitrary<string>;
  /** Counterexamples found earlier, run first on every seed (P is filled in beforeAll, hence a function). */
  examples?: () => string[][];
}

const COMMANDS: Command[] = [
  {
    name: 'demo',
    needs: 1,
    words: ['demo'],
    flags: [flag('db', dbPath()), flag('size', intValue(60)), flag('seed', intValue(2 ** 32))],
  },
  { name: 'list', needs: 1, words: ['list'], flags: [flag('db', dbPath()), flag('json'), flag('all')] },
  {
    name: 'signals',
    needs: 1,
    words: ['signals'],
    flags: [flag('db', dbPath()), flag('json'), flag('as-of', day), flag('all')],
  },
  {
    name: 'roi (flows)',
    needs: 3,
    words: ['roi'],
    flags: [flag('costs', numberList), flag('benefits', numberList), flag('rate', rate), flag('json')],
  },
  {
    name: 'roi (stored model)',
    needs: 2,
    words: ['roi'],
    flags: [
      flag('db', dbPath()),
      flag('initiative', intValue(12)),
      flag('scenario', text),
      flag('iterations', intValue(2_000)),
      flag('seed', intValue(100)),
      flag('json'),
    ],
  },
  {
    name: 'risks',
    needs: 1,
    words: ['risks'],
    flags: [flag('db', dbPath()), flag('json'), flag('initiative', intValue(12)), flag('all')],
  },
  {
    name: 'connections add',
    needs: 4,
    words: ['connections', 'add'],
    flags: [
      flag('db', dbPath()),
      flag('kind', word('prometheus', 'alertmanager', 'litellm', 'langfuse', 'openrouter')),
      flag('name', text),
      flag(
        'url',
        fc.oneof({ arbitrary: fc.constantFrom(...LOOPBACK_URLS), weight: 8 }, { arbitrary: garbage, weight: 1 }),
      ),
      flag('secret-env', fc.constantFrom('FD_FUZZ_SECRET', 'NOT_SET_ANYWHERE', '1BAD', 'lower', '', 'A=B')),
      flag('username', text),
      flag('timeout-ms', intValue(200_000)),
      flag('interval', intValue(100_000)),
      flag('json'),
    ],
  },
  { name: 'connections list', needs: 1, words: ['connections', 'list'], flags: [flag('db', dbPath()), flag('json')] },
  {
    name: 'connections test',
    needs: 2,
    words: ['connections', 'test'],
    flags: [flag('db', dbPath()), flag('id', intValue(6)), flag('json')],
  },
  { name: 'sync', needs: 2, words: ['sync'], flags: [flag('db', dbPath()), flag('once'), flag('json')] },
  {
    name: 'import',
    needs: 1,
    // Seed 11 found it: the import commits, then writing the rejects fails and the command exits 3.
    examples: () => [
      ['import', P['good']!, '--db', P['db']!, '--rejects', P['folder']!],
      ['import', P['good']!, '--db', P['db']!, '--rejects', P['missingFolderOut']!],
      // Found by hand, like the export one below: the rejects CSV replaces the portfolio.
      ['import', P['good']!, '--db', P['db']!, '--rejects', P['db']!],
    ],
    words: ['import'],
    positional: fc.oneof(
      pathOf('good', 'hostile', 'people', 'emptyCsv', 'garbageXlsx', 'missing', 'folder', 'notes'),
      fc.constantFrom(''),
    ),
    flags: [
      flag('db', dbPath()),
      flag('profile', word('flightdeck', 'federal-2024', 'nope')),
      flag('sheet', text),
      flag('header-row', intValue(5)),
      flag('key', fc.constantFrom('name-and-unit', 'name', 'id', 'sk-123', '')),
      flag('all-or-nothing'),
      flag('rejects', pathOf('rejects', 'rejects', 'rejects', 'folder', 'missingFolderOut', 'db')),
      flag('dry-run'),
      flag('json'),
    ],
  },
  {
    name: 'import --list-profiles',
    needs: 1,
    words: ['import'],
    flags: [fc.constant(['--list-profiles']), flag('db', dbPath()), flag('json')],
  },
  {
    name: 'export',
    needs: 3,
    // Found by hand (--out naming the portfolio itself): the Markdown pack replaces the portfolio, exit 0.
    examples: () => [['export', '--db', P['db']!, '--format', 'md', '--out', P['db']!]],
    words: ['export'],
    flags: [
      flag('db', dbPath()),
      flag('format', word('md', 'csv', 'xlsx', 'pptx', 'pdf')),
      flag('out', outPath()),
      flag('initiative', intValue(12)),
      flag('as-of', day),
      flag('json'),
    ],
  },
  { name: 'audit verify', needs: 1, words: ['audit', 'verify'], flags: [flag('db', dbPath())] },
  { name: 'help', needs: 0, words: ['help'], flags: [] },
];

/** The command's words, a random subset of its flags in random order, sometimes garbage, sometimes a word short. */
function argvFor(c: Command): fc.Arbitrary<string[]> {
  const needed = c.flags.slice(0, c.needs);
  const optional = c.flags.slice(c.needs);
  const chosen = fc
    .tuple(
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: needed.length, maxLength: needed.length }),
      fc.subarray(optional),
      fc.nat(),
    )
    .map(([keep, extra, turn]) => {
      const all = [...needed.filter((_, i) => keep[i] !== 0), ...extra];
      // Flag order does not matter to the CLI; a rotation is enough to vary it.
      return all.length ? [...all.slice(turn % all.length), ...all.slice(0, turn % all.length)] : all;
    });
  return fc
    .tuple(
      chosen,
      fc.oneof({ arbitrary: fc.constant(null), weight: 5 }, { arbitrary: garbageFlags, weight: 1 }),
      c.positional ? fc.option(c.positional, { freq: 8 }) : fc.constant(null),
      fc.nat(),
      fc.integer({ min: 0, max: 9 }),
    )
    .chain(([flags, junk, positional, at, drop]) =>
      fc.tuple(...flags).map((groups) => {
        // Now and then a sub-command word goes missing ("connections --db x", "audit --db x").
        const words = drop === 0 && c.words.length > 1 ? c.words.slice(0, 1) : c.words;
        const head = positional === null ? words : [...words, positional];
        const tail = groups.flat();
        if (junk) tail.splice(at % (tail.length + 1), 0, ...junk);
        return [...head, ...tail];
      }),
    );
}

/** Tokens only, no structure; '/' and '\' are swapped out so a token can only name a file in the temp dir. */
const randomArgv = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.constantFrom(
        ...COMMANDS.flatMap((c) => c.words),
        '--db',
        '--json',
        '--all',
        '--size',
        '--once',
        '--out',
        '--format',
      ),
      fc.constantFrom(...EDGE_STRINGS.slice(0, 30)),
    ),
    { maxLength: 8 },
  )
  .map((tokens) => tokens.map((t) => t.replace(/[\\/]/g, '_')))
  // A random `demo --size` could ask for 200,000 initiatives: correct, but minutes of work, not a fuzz case.
  .filter((tokens) => !tokens.some((t, i) => /^--size/.test(t) || (tokens[i - 1] === '--size' && Number(t) > 100)));

// ---------- setup ----------

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

beforeAll(async () => {
  dir = makeTempDir('flightdeck-cli-fuzz-');
  cwd = process.cwd();
  // Relative paths from random tokens land in the temp dir, not in the checkout.
  process.chdir(dir);
  freePort = await freeLoopbackPort();
  // Loopback only; anything else is recorded and refused (the generators should never make one).
  vi.stubGlobal('fetch', (input: unknown, init?: RequestInit) => {
    const url = String(input instanceof URL ? input.href : input instanceof Request ? input.url : input);
    requested.push(url);
    if (!/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(url)) {
      return Promise.reject(new TypeError(`fuzz: refused a request to ${url}`));
    }
    return realFetch(input as string, init);
  });
  P = {
    base: join(dir, 'base.flightdeck'),
    db: join(dir, 'run.flightdeck'),
    missing: join(dir, 'missing.flightdeck'),
    unicode: join(dir, 'ポートフォリオ 💥.flightdeck'),
    missingFolder: join(dir, 'no-such-folder', 'x.flightdeck'),
    missingFolderOut: join(dir, 'no-such-folder', 'out.md'),
    folder: join(dir, 'folder'),
    notes: join(dir, 'notes.txt'),
    empty: join(dir, 'empty.flightdeck'),
    truncated: join(dir, 'truncated.flightdeck'),
    truncatedSource: join(dir, 'truncated.source'),
    good: join(dir, 'good.csv'),
    hostile: join(dir, 'hostile.csv'),
    people: join(dir, 'people.csv'),
    emptyCsv: join(dir, 'empty.csv'),
    garbageXlsx: join(dir, 'garbage.xlsx'),
    rejects: join(dir, 'rejects.csv'),
    outMd: join(dir, 'out.md'),
    outPdf: join(dir, 'out.pdf'),
    outCsv: join(dir, 'out.csv'),
    outXlsx: join(dir, 'out.xlsx'),
    outPptx: join(dir, 'out.pptx'),
  };
  mkdirSync(P['folder']!);
  const setup = async (argv: string[]) => {
    const r = await run(argv);
    if (r.code !== 0) throw new Error(`setup ${argv.join(' ')} failed: ${r.stderr}`);
  };
  await setup(['demo', '--db', P['base']!, '--size', '8']);
  // Connections to a loopback port nobody listens on, so `connections test` and `sync` fail fast and locally.
  for (const [kind, env] of [
    ['prometheus', []],
    ['litellm', ['--secret-env', 'FD_FUZZ_SECRET']],
    ['alertmanager', []],
  ] as const) {
    await setup([
      'connections',
      'add',
      '--db',
      P['base']!,
      '--kind',
      kind,
      '--name',
      `Loopback ${kind}`,
      '--url',
      `http://127.0.0.1:${freePort}`,
      '--timeout-ms',
      '1000',
      ...env,
    ]);
  }
  const bytes = readFileSync(P['base']!);
  writeFileSync(P['truncatedSource']!, bytes.subarray(0, Math.floor(bytes.length / 3)));
  writeFlightdeckCsv(dir, 'good.csv', generatedRows(5));
  writeFlightdeckCsv(dir, 'hostile.csv', [
    { name: '=HYPERLINK("http://127.0.0.1:9/?"&A1)', businessUnit: '<script>alert(1)</script>' },
    { name: sized(5_000), businessUnit: '\ud800\u202e' },
    { name: '', businessUnit: '' },
  ]);
  writeFileSync(P['people']!, 'Name,Age,City\nAda,36,London\n');
  writeFileSync(P['emptyCsv']!, '');
  writeFileSync(P['garbageXlsx']!, Buffer.from('PK\u0003\u0004 not really a zip file at all'));
  resetFiles();
  baseDigest = fileDigest(P['db']!);
  baseFingerprint = fileFingerprint(P['db']!) ?? 'unreadable';
  expect(baseFingerprint).toMatch(/^[0-9a-f]{64}$/);
}, 60_000);

afterAll(() => {
  console.log(
    [
      `CLI fuzz: ${COMMANDS.length} command forms + random argv, seed ${SEED}, ${RUNS} runs each (${RUNS * 3} random)`,
      `requests made (loopback only): ${requested.length}`,
      ...[...exits].map(([c, t]) => `${c.padEnd(24)} exit codes ${JSON.stringify(t)}`),
      ...[...reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${String(n).padStart(4)}  ${r}`),
    ].join('\n'),
  );
  vi.unstubAllGlobals();
  process.chdir(cwd);
  removeTempDir(dir);
});

describe('CLI fuzz', () => {
  it('covers every command of the help text', () => {
    const documented = [...HELP.matchAll(/^ {2}([a-z]+(?: [a-z]+)?)(?= --| FILE|\s{2,}| \[|,|$)/gm)].map((m) => m[1]);
    expect(documented.length).toBeGreaterThanOrEqual(14);
    for (const name of documented) {
      const first = name!.split(' ')[0]!;
      expect(
        COMMANDS.some((c) => c.words[0] === first),
        `no grammar for "${name}"`,
      ).toBe(true);
    }
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s: documented exit code, one clean stderr line, no change on failure',
    async (name, command) => {
      current = name;
      await fc.assert(fc.asyncProperty(argvFor(command), check), {
        seed: SEED,
        numRuns: RUNS,
        // FD_FUZZ_KNOWN=skip hunts past a known counterexample instead of stopping at it every time.
        examples:
          process.env['FD_FUZZ_KNOWN'] === 'skip'
            ? []
            : (command.examples?.() ?? []).map((argv) => [argv] as [string[]]),
      });
    },
    180_000,
  );

  it('random argv arrays: documented exit code, no stack, no change on failure', async () => {
    current = 'random argv';
    await fc.assert(fc.asyncProperty(randomArgv, check), { seed: SEED, numRuns: RUNS * 3 });
  }, 180_000);

  it('notices a changed portfolio (the "unchanged" check is not vacuous)', () => {
    resetFiles();
    expect(fileFingerprint(P['db']!)).toBe(baseFingerprint);
    const db = openSqlite(P['db']!);
    try {
      db.prepare("UPDATE initiatives SET name = name || ' ' WHERE id = (SELECT min(id) FROM initiatives)").run();
    } finally {
      db.close();
    }
    expect(fileDigest(P['db']!)).not.toBe(baseDigest);
    expect(fileFingerprint(P['db']!)).not.toBe(baseFingerprint);
  });

  it('reached no address but loopback', () => {
    expect(requested.filter((u) => !/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(u))).toEqual([]);
  });
});
