import { join } from 'node:path';
import { appendAudit, AUDIT_HEAD_KEY, type AuditWriter } from '../../../electron/core/audit/audit.repo';
import { GENESIS_HASH, entryHash } from '../../../electron/core/audit/chain';
import { verifyAuditChain } from '../../../electron/core/audit/verify';
import { openPortfolio } from '../../../electron/core/db/open';
import type { Db } from '../../../electron/core/db/sqlite';
import { silentLogger } from '../../../electron/core/ports';
import { setSetting } from '../../../electron/core/repositories/settings.repo';
import type { CoreContext } from '../../../electron/core/services/context';
import { History } from '../../../electron/core/services/history';
import { initiativeHandlers } from '../../../electron/core/services/initiatives';
import { Workspace } from '../../../electron/core/services/workspace';
import { writePortfolioFile } from '../../../electron/core/testing/portfolio-files';
import { interleaved, median, timeMs } from '../stats';
import type { BenchRow } from '../types';

const NOW = new Date('2026-11-01T09:00:00.000Z');
const CHAIN = 1_000_000;

function openOrThrow(path: string): Db {
  const r = openPortfolio(path, { create: true });
  if (!r.ok) throw new Error(r.message);
  return r.db;
}

/**
 * A valid 1M-entry chain of the shape edits produce (a few changed fields per entry), hashed here and
 * inserted in one transaction: building it through the services would take minutes.
 */
function writeChain(db: Db, n: number): void {
  const ins = db.prepare(
    `INSERT INTO audit_log (seq, at, actor, action, label, entity_kind, entity_id, before_json, after_json, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const statuses = ['active', 'on_hold', 'killed', 'retired'];
  db.transaction(() => {
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= n; seq++) {
      const at = new Date(NOW.getTime() + seq * 1000).toISOString();
      const id = (seq % 10_000) + 1;
      const before = JSON.stringify({ status: statuses[seq % 4], updated_at: at });
      const after = JSON.stringify({ status: statuses[(seq + 1) % 4], updated_at: at });
      const label = `Edit “Initiative ${id}”`;
      const h = entryHash(seq, at, 'Bench User', 'initiative.update', label, 'initiative', id, before, after, prev);
      ins.run(seq, at, 'Bench User', 'initiative.update', label, 'initiative', id, before, after, prev, h);
      prev = h;
    }
    setSetting(db, AUDIT_HEAD_KEY, `${n}:${prev}`);
  })();
}

const verifyChain: BenchRow = {
  figure: 'verify audit chain, 1,000,000 entries',
  target: { ms: 5000, on: 'p95' },
  async run(ctx) {
    const db = openOrThrow(join(ctx.temp.make('fd-bench-'), 'chain.flightdeck'));
    try {
      const t0 = performance.now();
      writeChain(db, CHAIN);
      const built = performance.now() - t0;
      // The floor: the same rows streamed the same way, without hashing or comparing.
      const scan = db
        .prepare(
          `SELECT seq, at, actor, action, label, entity_kind, entity_id, before_json, after_json, prev_hash, hash
           FROM audit_log ORDER BY seq`,
        )
        .raw(true);
      const r = await interleaved(
        Math.min(ctx.runs, 5),
        1,
        () => {
          const v = verifyAuditChain(db);
          if (!v.ok || v.entries !== CHAIN) throw new Error(`chain did not verify: ${JSON.stringify(v)}`);
        },
        () => {
          let n = 0;
          for (const _row of scan.iterate()) n++;
          if (n !== CHAIN) throw new Error(`scanned ${n} rows`);
        },
      );
      return {
        ...r,
        baselineLabel: 'raw SELECT scan of the same rows, .raw().iterate(), no hashing',
        note: `chain of ${CHAIN.toLocaleString('en')} precomputed entries built in ${built.toFixed(0)} ms (one transaction)`,
      };
    } finally {
      db.close();
    }
  },
};

const EDITS = 10_000;
const STATUSES = ['active', 'on_hold'] as const;

/** The initiative services over their own file, with the audit writer given (the real one, or a no-op). */
function editor(path: string, writeAudit: AuditWriter) {
  const workspace = new Workspace({ now: () => NOW });
  workspace.open(path, false);
  const history = new History({ meta: () => ({ actor: 'Bench User', at: NOW.toISOString() }), writeAudit });
  const ctx: CoreContext = {
    workspace,
    history,
    clock: { now: () => NOW },
    actor: () => 'Bench User',
    emit: () => {},
    logger: silentLogger,
  };
  const handlers = initiativeHandlers(ctx);
  const ids = (workspace.db().prepare('SELECT id FROM initiatives ORDER BY id').pluck().all() as number[]).slice(
    0,
    500,
  );
  let round = 0;
  return {
    /** `n` user edits, each its own transaction (as the app does them), each really changing a field. */
    edit(n: number) {
      round++;
      for (let i = 0; i < n; i++) {
        const id = ids[i % ids.length]!;
        void handlers['initiative/update']({
          id,
          patch: { status: STATUSES[(round + Math.floor(i / ids.length)) % 2]! },
        });
      }
      // The undo stack is capped; clearing it keeps every batch the same work.
      history.clear();
    },
    close: () => workspace.close(),
  };
}

const editsWithLog: BenchRow = {
  figure: '10,000 edits with audit log',
  target: { ratioToBaseline: 1.2, on: 'median' },
  async run(ctx) {
    const dir = ctx.temp.make('fd-bench-');
    const logged = join(dir, 'logged.flightdeck');
    const bare = join(dir, 'bare.flightdeck');
    writePortfolioFile(logged, { size: 1000, seed: 1, now: NOW });
    writePortfolioFile(bare, { size: 1000, seed: 1, now: NOW });
    const withLog = editor(logged, appendAudit);
    const withoutLog = editor(bare, () => {});
    try {
      // Each sample is 10,000 edits, taken as ten batches of 1,000 alternating between the two files,
      // so load from other processes (this is a shared machine) hits both sides alike.
      const BATCH = 1_000;
      const samples: number[] = [];
      const baseline: number[] = [];
      const runs = Math.min(ctx.runs, 7);
      for (let run = -1; run < runs; run++) {
        let a = 0;
        let b = 0;
        for (let done = 0; done < EDITS; done += BATCH) {
          a += await timeMs(() => withLog.edit(BATCH));
          b += await timeMs(() => withoutLog.edit(BATCH));
        }
        // Run -1 warms up both (statement preparation, JIT, page cache).
        if (run >= 0) {
          samples.push(a);
          baseline.push(b);
        }
      }
      const r = { samples, baseline };
      const overhead = (median(r.samples) / median(r.baseline) - 1) * 100;
      return {
        ...r,
        baselineLabel: 'the same edits with the audit writer disabled',
        note: `audit log overhead at the median: ${overhead.toFixed(1)}% (target ≤ 20%); each edit is one transaction, synchronous=FULL`,
      };
    } finally {
      withLog.close();
      withoutLog.close();
    }
  },
};

export const auditRows: BenchRow[] = [verifyChain, editsWithLog];
