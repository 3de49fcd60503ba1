import type { FieldIssue } from '../../../../shared/errors';
import type { ReviewStatus } from '../../../../shared/domain/gateReview';
import type { AutoCheckStatus } from '../../../../shared/domain/governance/autochecks';
import type { CriterionCategory } from '../../../../shared/domain/governance/criteria';
import type { CriterionResultValue, DecisionId, GateEvaluation } from '../../../../shared/domain/governance/gates';

/** Every table a gate review reads from: any change to one of them refetches the review. */
export const GATE_TABLES = [
  'gate_reviews',
  'gate_criterion_results',
  'gate_evidence',
  'gate_signoffs',
  'gate_conditions',
  'initiatives',
  'people',
  'kpis',
  'kpi_measurements',
];

export type Tone = 'neutral' | 'warning' | 'danger' | 'ok' | 'accent';

export const RESULT_LABELS: Record<CriterionResultValue, string> = {
  MET: 'Met',
  PARTIAL: 'Partial',
  NOT_MET: 'Not met',
  NA: 'N/A',
  WAIVED: 'Waived',
};

export const DECISION_TONE: Record<DecisionId, Tone> = {
  GO: 'ok',
  CONDITIONAL_GO: 'accent',
  HOLD: 'warning',
  RECYCLE: 'warning',
  KILL: 'danger',
  DEFER: 'neutral',
};

export const STATUS_LABEL: Record<ReviewStatus, string> = {
  open: 'Open',
  decided: 'Decided',
  cancelled: 'Cancelled',
};

export const AUTO_CHECK: Record<AutoCheckStatus, { label: string; tone: Tone }> = {
  passed: { label: 'Auto-check passed', tone: 'ok' },
  failed: { label: 'Auto-check failed', tone: 'danger' },
  not_available: { label: 'Auto-check not available', tone: 'neutral' },
};

const CATEGORY_LABELS: Record<CriterionCategory, string> = {
  VALUE: 'Value',
  OWNERSHIP: 'Ownership',
  DATA: 'Data',
  ARCHITECTURE: 'Architecture',
  SECURITY: 'Security',
  PRIVACY: 'Privacy',
  LEGAL_COMPLIANCE: 'Legal & compliance',
  RESPONSIBLE_AI: 'Responsible AI',
  MLOPS: 'MLOps',
  OPERATIONS: 'Operations',
  CHANGE_ADOPTION: 'Change & adoption',
  FINANCE: 'Finance',
};

export function categoryLabel(c: CriterionCategory): string {
  return CATEGORY_LABELS[c] ?? c;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** 1536 → "1.5 KB"; exact bytes below 1 KB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toLocaleString('en', { maximumFractionDigits: 1 })} ${units[u]}`;
}

/** The first 12 hex digits: enough to compare with `sha256sum` by eye. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12);
}

/** The evaluation in one line: "Passes", "Does not pass" or "Blocked: reason". */
export function verdict(e: GateEvaluation): { label: string; tone: Tone } {
  if (e.blockedReason !== undefined) return { label: `Blocked: ${e.blockedReason}`, tone: 'danger' };
  return e.passes ? { label: 'Passes', tone: 'ok' } : { label: 'Does not pass', tone: 'warning' };
}

export type GateErrors = Record<string, string>;

/**
 * The core's issues keyed by their full dotted path ("conditions.0.ownerId", "override.reason"), so each
 * lands beside its own control; the schema's "overrideReason" is the same field as "override.reason".
 * The first message per path wins; whole-input issues go under "".
 */
export function gateIssues(issues: readonly FieldIssue[]): GateErrors {
  const out: GateErrors = {};
  for (const issue of issues) {
    const key = issue.path === 'overrideReason' ? 'override.reason' : issue.path;
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/** Today as YYYY-MM-DD in the user's time zone. */
export function todayIso(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
