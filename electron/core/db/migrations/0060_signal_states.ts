import type { Migration } from './types';

/** YYYY-MM-DD; the zod schemas check it is a real day, this keeps other writers from storing junk. */
const isDate = (col: string) => `${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`;

/**
 * The lifecycle of a pilot-purgatory signal (one rule on one initiative): when the radar first and last
 * saw it fire, and what a person decided about it (acknowledged, snoozed until a day, resolved). The
 * signal itself is never stored: the rules recompute it from the data on every read. A row exists once
 * the radar has seen the signal fire on an evaluation for today; see services/signals.ts for the rules.
 */
export const m0060SignalStates: Migration = {
  version: 60,
  name: 'signal states',
  up(db) {
    db.exec(`
      CREATE TABLE signal_states (
        initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
        rule_id       TEXT NOT NULL CHECK (length(rule_id) BETWEEN 1 AND 60),
        first_seen    TEXT NOT NULL CHECK (${isDate('first_seen')}),
        last_seen     TEXT NOT NULL CHECK (${isDate('last_seen')}),
        state         TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','acknowledged','snoozed','resolved')),
        snoozed_until TEXT CHECK (snoozed_until IS NULL OR ${isDate('snoozed_until')}),
        note          TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
        -- NULL while only the radar has touched the row (bookkeeping is nobody's decision).
        updated_by    TEXT,
        updated_at    TEXT NOT NULL,
        PRIMARY KEY (initiative_id, rule_id),
        CHECK ((state = 'snoozed') = (snoozed_until IS NOT NULL)),
        CHECK (last_seen >= first_seen)
      ) STRICT;
    `);
  },
};
