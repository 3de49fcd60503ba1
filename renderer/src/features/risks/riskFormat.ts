import {
  BAND_RANGES,
  RISK_STATUSES,
  TREATMENTS,
  bandOf,
  categoryLabel,
  effectiveCadence,
  isLevel,
  nextReviewDate,
  taxonomy,
  type ReviewCadence,
  type RiskBand,
  type RiskFlags,
} from '../../../../shared/domain/risk';

/** The tables a risk read depends on: any change to them refetches. */
export const RISK_TABLES = ['risks', 'risk_actions', 'risk_controls', 'people', 'initiatives'] as const;

export type Tone = 'neutral' | 'warning' | 'danger' | 'ok' | 'accent';

/** Band → the chip class suffix; the colours are the theme's band variables (risks.css). */
export function bandClass(b: RiskBand): string {
  return `band-${b.toLowerCase()}`;
}

export function bandText(b: RiskBand): string {
  return BAND_RANGES[b].label;
}

/** The score and band of a pair, or null while either part is not a 1–5 level (never NaN). */
export function scoreOf(likelihood: number | null, impact: number | null): { score: number; band: RiskBand } | null {
  if (!isLevel(likelihood) || !isLevel(impact)) return null;
  const score = likelihood * impact;
  return { score, band: bandOf(score) };
}

export function treatmentLabel(id: string | null): string {
  if (id === null) return '—';
  return TREATMENTS.find((t) => t.id === id)?.label ?? id;
}

export function statusLabel(id: string): string {
  return RISK_STATUSES.find((s) => s.id === id)?.label ?? id;
}

export { categoryLabel };

/** The flags a person must act on, most pressing first, each with its explanation. */
export function flagList(
  f: RiskFlags,
  appetite: number,
  residualScore: number,
): { id: string; label: string; tone: Tone; title: string }[] {
  const out: { id: string; label: string; tone: Tone; title: string }[] = [];
  if (f.aboveAppetiteUnaccepted) {
    out.push({
      id: 'above-appetite',
      label: 'Above appetite',
      tone: 'danger',
      title: `Residual ${residualScore} is above the appetite of ${appetite} and no acceptance is in force`,
    });
  }
  if (f.acceptanceExpired) {
    out.push({
      id: 'acceptance-expired',
      label: 'Acceptance expired',
      tone: 'warning',
      title: 'The acceptance has expired: re-accept it or treat the risk',
    });
  }
  return out;
}

/** The next review the core would derive: last review (or the day identified) + the cadence in force. */
export function computedNextReview(
  from: string,
  cadence: ReviewCadence | null,
  residualScore: number | null,
): { date: string; cadence: ReviewCadence } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || residualScore === null) return null;
  const c = effectiveCadence(cadence, residualScore);
  return { date: nextReviewDate(from, c), cadence: c };
}

/** "OWASP Top 10 for LLM Applications 2025 — genai.owasp.org (S30)" for a `<taxonomy>:<item>` ref. */
export function refSource(ref: string): string {
  const t = taxonomy(ref.split(':')[0] ?? '');
  return t ? `${t.label} — ${t.source}` : ref;
}

/** Short prefix naming a ref's taxonomy in a chip. */
export function refPrefix(ref: string): string {
  const id = ref.split(':')[0] ?? '';
  const short: Record<string, string> = {
    pilot_failure: 'Pilot failure',
    nist_trustworthy: 'NIST RMF',
    nist_gai_600_1: 'NIST 600-1',
    owasp_llm_2025: 'OWASP LLM',
    owasp_agentic_2026: 'OWASP Agentic',
    mit_domain: 'MIT',
    eu_ai_act_tier: 'EU AI Act tier',
    eu_ai_act_article: 'EU AI Act',
    iso42001: 'ISO 42001',
  };
  return short[id] ?? id;
}

export function categoryName(id: string): string {
  return categoryLabel(id);
}
