import type { Db } from '../db/sqlite';
import { reviewIdsOf } from '../repositories/gates.repo';
import { listEntityAudit, type AuditRow } from './audit.repo';

/**
 * Audit rows of an initiative's gate reviews, for its timeline: requested, results, evidence, sign-offs,
 * decisions and conditions. Their labels are the undo menu's words ("Requested G3 review", "Decision on
 * G3: Conditional go (override)"); a decision also changes the initiative, which logs its own entry.
 */
export function gateTimelineRows(db: Db, initiativeId: number, limit: number): AuditRow[] {
  return reviewIdsOf(db, initiativeId).flatMap((id) => listEntityAudit(db, 'gateReview', id, limit));
}
