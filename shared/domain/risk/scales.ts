/**
 * The 5×5 scoring model of domain.md §2.2: likelihood and impact on 1–5 scales calibrated with written
 * definitions (otherwise two people score the same risk differently), score = L × I, and four bands.
 * The horizon is 12 months or the initiative's life, whichever is shorter.
 */

export type Level = 1 | 2 | 3 | 4 | 5;
export const LEVELS: readonly Level[] = [1, 2, 3, 4, 5];

export interface LikelihoodLevel {
  level: Level;
  label: string;
  /** Probability that the event occurs over the horizon. */
  probability: string;
}

export const LIKELIHOOD_SCALE: readonly LikelihoodLevel[] = [
  { level: 1, label: 'Rare', probability: '< 5% over the horizon' },
  { level: 2, label: 'Unlikely', probability: '5–20% over the horizon' },
  { level: 3, label: 'Possible', probability: '20–50% over the horizon' },
  { level: 4, label: 'Likely', probability: '50–80% over the horizon' },
  { level: 5, label: 'Almost certain', probability: '> 80% over the horizon' },
];

export interface ImpactLevel {
  level: Level;
  label: string;
  financial: string;
  harmRights: string;
  regulatory: string;
  reputational: string;
  operational: string;
}

/** Impact is the worst of the five dimensions (§2.2 "Impact = max across dimensions"). */
export const IMPACT_SCALE: readonly ImpactLevel[] = [
  {
    level: 1,
    label: 'Insignificant',
    financial: '< $10k',
    harmRights: 'None',
    regulatory: 'None',
    reputational: 'None',
    operational: '< 1 hour of disruption',
  },
  {
    level: 2,
    label: 'Minor',
    financial: '$10k–$100k',
    harmRights: 'Minor, reversible',
    regulatory: 'Inquiry',
    reputational: 'Local',
    operational: '< 1 day of disruption',
  },
  {
    level: 3,
    label: 'Moderate',
    financial: '$0.1M–$1M',
    harmRights: 'Material to some users',
    regulatory: 'Formal finding',
    reputational: 'Regional or trade press',
    operational: '< 1 week of disruption',
  },
  {
    level: 4,
    label: 'Major',
    financial: '$1M–$10M',
    harmRights: 'Significant, or an impact on rights',
    regulatory: 'Fine or enforcement action',
    reputational: 'National press',
    operational: '> 1 week of disruption',
  },
  {
    level: 5,
    label: 'Catastrophic',
    financial: '> $10M',
    harmRights: 'Severe, irreversible, or a safety impact',
    regulatory: 'Prohibited practice, or licence at risk',
    reputational: 'Sustained',
    operational: 'Loss of a critical service',
  },
];

export function likelihoodLabel(l: number): string {
  return LIKELIHOOD_SCALE[l - 1]?.label ?? `L${l}`;
}

export function impactLabel(i: number): string {
  return IMPACT_SCALE[i - 1]?.label ?? `I${i}`;
}

/** One of the two scales as the UI shows it beside a score picker: level, label and its written definition. */
export function scaleDefinition(kind: 'likelihood' | 'impact', level: Level): string {
  if (kind === 'likelihood') {
    const l = LIKELIHOOD_SCALE[level - 1]!;
    return `${l.label}: ${l.probability}`;
  }
  const i = IMPACT_SCALE[level - 1]!;
  return (
    `${i.label}: financial ${i.financial}; harm/rights ${i.harmRights.toLowerCase()}; ` +
    `regulatory ${i.regulatory.toLowerCase()}; reputational ${i.reputational.toLowerCase()}; ` +
    `operational ${i.operational.toLowerCase()}`
  );
}

export type RiskBand = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export const RISK_BANDS: readonly RiskBand[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/**
 * Bands of §2.2 (and §7): 1–4 Low (green), 5–9 Medium (yellow), 10–16 High (amber), 20–25 Critical (red).
 * No product of two levels falls in 17–19, so "≥ 20" and "≥ 17" agree; `min`/`max` are the published ends.
 */
export const BAND_RANGES: Readonly<Record<RiskBand, { min: number; max: number; label: string; color: string }>> = {
  LOW: { min: 1, max: 4, label: 'Low', color: 'green' },
  MEDIUM: { min: 5, max: 9, label: 'Medium', color: 'yellow' },
  HIGH: { min: 10, max: 16, label: 'High', color: 'amber' },
  CRITICAL: { min: 20, max: 25, label: 'Critical', color: 'red' },
};

export function isLevel(v: unknown): v is Level {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5;
}

/** Score = L × I (1–25). Throws on anything that is not a 1–5 integer: a score is never NaN. */
export function riskScore(likelihood: number, impact: number): number {
  if (!isLevel(likelihood) || !isLevel(impact)) {
    throw new RangeError(`Likelihood and impact must be whole numbers from 1 to 5 (got ${likelihood}, ${impact})`);
  }
  return likelihood * impact;
}

/** The band of a score (1–25). */
export function bandOf(score: number): RiskBand {
  if (!Number.isInteger(score) || score < 1 || score > 25) throw new RangeError(`Not a risk score: ${score}`);
  if (score >= BAND_RANGES.CRITICAL.min) return 'CRITICAL';
  if (score >= BAND_RANGES.HIGH.min) return 'HIGH';
  if (score >= BAND_RANGES.MEDIUM.min) return 'MEDIUM';
  return 'LOW';
}

export function bandLabel(b: RiskBand): string {
  return BAND_RANGES[b].label;
}

/** The scores a band filter matches, as an inclusive range (what the register's SQL filter uses). */
export function bandScoreRange(b: RiskBand): { min: number; max: number } {
  // Critical reaches down to 17 so the range is contiguous with High's end (no product lies in 17–19).
  if (b === 'CRITICAL') return { min: BAND_RANGES.HIGH.max + 1, max: 25 };
  return { min: BAND_RANGES[b].min, max: BAND_RANGES[b].max };
}

/** A scored pair as the register shows it. */
export interface Scored {
  likelihood: Level;
  impact: Level;
  score: number;
  band: RiskBand;
}

export function scored(likelihood: Level, impact: Level): Scored {
  const score = riskScore(likelihood, impact);
  return { likelihood, impact, score, band: bandOf(score) };
}
