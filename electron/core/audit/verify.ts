import type { Db } from '../db/sqlite';
import { GENESIS_HASH, entryHash } from './chain';
import { readAuditHeadSetting } from './audit.repo';

export type ChainBreak = 'edited' | 'deleted' | 'reordered' | 'truncated';

export type VerifyResult =
  | { ok: true; entries: number; headSeq: number; headHash: string }
  | { ok: false; entries: number; firstBrokenSeq: number; reason: ChainBreak; detail: string };

type RawRow = [
  seq: number,
  at: string,
  actor: string,
  action: string,
  label: string,
  kind: string,
  id: number,
  before: string | null,
  after: string | null,
  prevHash: string,
  hash: string,
];

/**
 * Walks the whole chain in seq order and names the first entry that does not hold. Rows stream in
 * raw (array) mode through `.iterate()`, so a million entries cost no million objects or one big array.
 *
 * What each break looks like:
 * - a gap in seq (or a first seq other than 1): rows were deleted;
 * - a row whose stored hash does not match its content: edited, or, when its content belongs at
 *   another place in the chain (its link shows up elsewhere), reordered;
 * - a row that is self-consistent but does not link to the one before: the one before was edited and
 *   re-hashed (its successor still commits to the old hash);
 * - an intact chain that ends before the head recorded in settings: truncated.
 */
export function verifyAuditChain(db: Db): VerifyResult {
  const rows = db
    .prepare(
      `SELECT seq, at, actor, action, label, entity_kind, entity_id, before_json, after_json, prev_hash, hash
       FROM audit_log ORDER BY seq`,
    )
    .raw(true);
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let entries = 0;
  const broken = (firstBrokenSeq: number, reason: ChainBreak, detail: string): VerifyResult => ({
    ok: false,
    entries,
    firstBrokenSeq,
    reason,
    detail,
  });

  // better-sqlite3 refuses other statements while an iterator is open, so a mismatch is noted,
  // the loop left (which closes the cursor), and only then diagnosed.
  let mismatch: { seq: number; prevHash: string; expectedPrev: string } | null = null;
  for (const r of rows.iterate() as IterableIterator<RawRow>) {
    const seq = r[0];
    if (seq !== expectedSeq) {
      return broken(expectedSeq, 'deleted', `entry ${expectedSeq} is missing (the next entry is ${seq})`);
    }
    const h = entryHash(seq, r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]);
    if (h !== r[10]) {
      mismatch = { seq, prevHash: r[9], expectedPrev: prev };
      break;
    }
    if (r[9] !== prev) {
      return broken(seq - 1, 'edited', `entry ${seq - 1} was changed after entry ${seq} was chained to it`);
    }
    prev = h;
    expectedSeq++;
    entries++;
  }
  if (mismatch) {
    const { reason, detail } = diagnoseMismatch(db, mismatch.seq, mismatch.prevHash, mismatch.expectedPrev);
    return broken(mismatch.seq, reason, detail);
  }

  const head = readAuditHeadSetting(db);
  const lastSeq = expectedSeq - 1;
  if (head === null) {
    if (entries > 0) return broken(lastSeq + 1, 'truncated', 'the recorded head of the log is missing');
  } else if (head.seq > lastSeq) {
    return broken(lastSeq + 1, 'truncated', `the log ends at entry ${lastSeq} but its recorded head is ${head.seq}`);
  } else if (head.seq < lastSeq) {
    return broken(
      head.seq + 1,
      'edited',
      `entries after the recorded head (entry ${head.seq}) were added outside the app`,
    );
  } else if (head.hash !== prev) {
    return broken(lastSeq, 'edited', `entry ${lastSeq} does not match the recorded head`);
  }
  return { ok: true, entries, headSeq: lastSeq, headHash: prev };
}

/** Only on a failure: one extra look-up decides between "edited in place" and "moved". */
function diagnoseMismatch(
  db: Db,
  seq: number,
  prevHash: string,
  expectedPrev: string,
): { reason: ChainBreak; detail: string } {
  // Moved content keeps its own link: this row points at an entry other than seq-1, and some other
  // row carries the hash it points at (or the link that belongs here). An in-place edit keeps the link.
  const elsewhere = db
    .prepare('SELECT seq FROM audit_log WHERE (prev_hash = ? OR hash = ?) AND seq <> ? LIMIT 1')
    .pluck()
    .get(expectedPrev, prevHash, seq) as number | undefined;
  if (prevHash !== expectedPrev && elsewhere !== undefined) {
    return { reason: 'reordered', detail: `entry ${seq} holds content chained at another position` };
  }
  return { reason: 'edited', detail: `entry ${seq} does not match its hash` };
}
