/** The seven-phase roadmap. Order matters: index + 1 is the phase number and the gate that leaves it. */
export const PHASES = [
  { id: 'STRATEGY', n: 1, label: 'Strategy & opportunity assessment', short: 'Strategy' },
  { id: 'DATA_FOUNDATION', n: 2, label: 'Data foundation', short: 'Data' },
  { id: 'ARCHITECTURE', n: 3, label: 'Architecture design', short: 'Architecture' },
  { id: 'DEVELOP_VALIDATE', n: 4, label: 'Development & validation', short: 'Build & validate' },
  { id: 'PRODUCTION_DEPLOY', n: 5, label: 'Production deployment', short: 'Deploy' },
  { id: 'MONITOR_OBSERVE', n: 6, label: 'Monitoring & observability', short: 'Monitor' },
  { id: 'SCALE_OPTIMIZE', n: 7, label: 'Scale & optimization', short: 'Scale' },
] as const;

export type PhaseId = (typeof PHASES)[number]['id'];
export const PHASE_IDS = PHASES.map((p) => p.id) as [PhaseId, ...PhaseId[]];

const byId = new Map<PhaseId, (typeof PHASES)[number]>(PHASES.map((p) => [p.id, p]));

export function phaseInfo(id: PhaseId): (typeof PHASES)[number] {
  const info = byId.get(id);
  if (!info) throw new Error(`Unknown phase ${String(id)}`);
  return info;
}

export function phaseNumber(id: PhaseId): number {
  return phaseInfo(id).n;
}
