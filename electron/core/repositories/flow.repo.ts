import type { PhaseFlow } from '../../../shared/domain/flow';
import { PHASES } from '../../../shared/domain/phases';
import type { Db } from '../db/sqlite';

// The phase list comes from the domain constant (never from input), so every phase gets a row, even an empty one.
const PHASE_ROWS = PHASES.map((p) => `('${p.id}', ${p.n})`).join(', ');

/**
 * One statement, set-based. `moves` reads phase_transitions once: the window's changes of live initiatives
 * (the CROSS JOIN keeps the transitions as the outer loop, one primary-key look-up each, which measured about
 * twice as fast at 10,000 initiatives as probing the transitions per initiative). Each change then counts once
 * for the phase it entered and once for the phase it left (creation has no source phase). `since` is a
 * YYYY-MM-DD day, which sorts before every instant stamped on that day, so the whole first day counts.
 */
export const FLOW_SQL = `
  WITH phases(phase, n) AS (VALUES ${PHASE_ROWS}),
  moves AS MATERIALIZED (
    SELECT t.from_phase, t.to_phase
    FROM phase_transitions t CROSS JOIN initiatives i ON i.id = t.initiative_id
    WHERE i.archived_at IS NULL AND t.at >= @since AND t.at <= @until
  ),
  cur AS (SELECT phase, count(*) AS c FROM initiatives WHERE archived_at IS NULL GROUP BY phase),
  flow AS (
    SELECT p.phase, sum(m.to_phase = p.phase) AS entered, sum(m.from_phase IS p.phase) AS left_
    FROM phases p JOIN moves m ON m.to_phase = p.phase OR m.from_phase = p.phase
    GROUP BY p.phase
  )
  SELECT p.phase AS phase,
         coalesce(cur.c, 0) AS current,
         coalesce(flow.entered, 0) AS enteredInWindow,
         coalesce(flow.left_, 0) AS leftInWindow
  FROM phases p
  LEFT JOIN cur ON cur.phase = p.phase
  LEFT JOIN flow ON flow.phase = p.phase
  ORDER BY p.n`;

/** The funnel per phase for the window [since (a day), until (an instant)]. */
export function portfolioFlow(db: Db, since: string, until: string): PhaseFlow[] {
  return db.prepare(FLOW_SQL).all({ since, until }) as PhaseFlow[];
}
