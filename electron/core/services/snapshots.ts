import type { InitiativeStatus, InitiativeType, RiskTier } from '../../../shared/domain/enums';
import { isoFromEpochDay, type EpochDay } from '../../../shared/domain/governance/days';
import { DEFAULT_SIGNAL_THRESHOLDS, type SignalThresholds } from '../../../shared/domain/governance/signals';
import type { InitiativeSnapshot, OwnerRef, TransitionSnapshot } from '../../../shared/domain/governance/snapshot';
import type { PhaseId } from '../../../shared/domain/phases';
import type { Db } from '../db/sqlite';
import {
  readInitiativeCells,
  readScopeChangeCells,
  readTransitionCells,
  type InitiativeCells,
} from '../repositories/signals.repo';

/**
 * Governance snapshots (shared/domain/governance/snapshot.ts) built from the database with set-based reads:
 * the radar loads all of them at once, a gate review loads one for its auto-checks.
 */

/** A snapshot plus the name the report needs; the rules never read names. */
export interface Loaded {
  snapshot: InitiativeSnapshot;
  name: string;
  archivedDay: EpochDay | null;
}

/**
 * People cannot be deactivated yet and an owner id always points at a person (foreign key, ON DELETE
 * RESTRICT), so a set id is an active owner. `leftDay` joins once people get an end date.
 */
const owner = (id: number | null): OwnerRef | null => (id === null ? null : { personId: id, active: true });

/** Groups the ordered transition rows by initiative in one pass. */
function transitionsById(db: Db): Map<number, TransitionSnapshot[]> {
  const byId = new Map<number, TransitionSnapshot[]>();
  for (const [id, toPhase, day] of readTransitionCells(db)) {
    if (day === null) continue; // A malformed stamp cannot be placed in time; the current phase still counts.
    let list = byId.get(id);
    if (!list) byId.set(id, (list = []));
    list.push({ toPhase: toPhase as PhaseId, day });
  }
  return byId;
}

function scopeChangesById(db: Db, asOf: EpochDay, t: SignalThresholds): Map<number, EpochDay[]> | null {
  const from = isoFromEpochDay(asOf - t.scopeChurnWindowDays + 1);
  const cells = readScopeChangeCells(db, from, isoFromEpochDay(asOf));
  if (cells === null) return null;
  const byId = new Map<number, EpochDay[]>();
  for (const [id, day] of cells) {
    let list = byId.get(id);
    if (!list) byId.set(id, (list = []));
    list.push(day);
  }
  return byId;
}

const NO_CHANGES: readonly EpochDay[] = [];

function toSnapshot(
  c: InitiativeCells,
  transitions: readonly TransitionSnapshot[] | undefined,
  scope: Map<number, EpochDay[]> | null,
  asOf: EpochDay,
): Loaded {
  const [id, name, type, tier, status, phase, entered, created, sponsor, po, tl, archived] = c;
  // Unparseable stamps: treat as "as of today" so the initiative is not silently dropped or aged wrongly.
  const snapshot: InitiativeSnapshot = {
    id,
    type: type as InitiativeType,
    riskTier: tier as RiskTier,
    status: status as InitiativeStatus,
    createdDay: created ?? asOf,
    phase: phase as PhaseId,
    phaseEnteredDay: entered ?? asOf,
    owners: { sponsor: owner(sponsor), productOwner: owner(po), techLead: owner(tl) },
    // Features that do not exist yet (KPIs, gate reviews, evidence, budget, risks, ROI, monitoring, cost,
    // adoption) stay undefined: their rules stay silent rather than report a finding about missing data.
  };
  if (transitions) snapshot.transitions = transitions;
  if (scope) snapshot.scopeChanges = scope.get(id) ?? NO_CHANGES;
  return { snapshot, name, archivedDay: archived };
}

/** Every initiative as a governance snapshot, from three set-based reads. */
export function loadSnapshots(db: Db, asOf: EpochDay, t: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS): Loaded[] {
  const transitions = transitionsById(db);
  const scope = scopeChangesById(db, asOf, t);
  return readInitiativeCells(db).map((c) => toSnapshot(c, transitions.get(c[0]), scope, asOf));
}

/** One initiative's snapshot (for a gate review's auto-checks), or null when it does not exist. */
export function loadSnapshot(db: Db, id: number, asOf: EpochDay): InitiativeSnapshot | null {
  return loadSnapshots(db, asOf).find((l) => l.snapshot.id === id)?.snapshot ?? null;
}
