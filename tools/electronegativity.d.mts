// Types for the pure helpers of tools/electronegativity.mjs, so its unit test typechecks.
export declare const EXIT_SKIPPED: 3;

export interface Finding {
  id: string;
  file: string;
  line: number;
  column: number;
  severity: string;
  confidence: string;
  manualReview: boolean;
  sample: string;
  description: string;
}

export interface Accepted {
  id: string;
  file: string;
  match: string;
  reason: string;
}

export declare function validateConfig(config: unknown): string[];
export declare function classify(
  findings: Finding[],
  accepted: Accepted[],
): { ok: (Finding & { reason: string })[]; unexplained: Finding[]; stale: Accepted[] };
