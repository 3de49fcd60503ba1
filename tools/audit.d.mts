// Types for the pure helpers of tools/audit.mjs, so its unit test typechecks.
export declare const EXIT_SKIPPED: 3;

export interface Advisory {
  package: string;
  url: string;
  title: string;
  severity: string;
}

export interface AuditException {
  package: string;
  advisory: string;
  reason: string;
}

export declare function auditFailure(
  stdout: string,
  stderr: string,
): { kind: 'unreachable' | 'error'; message: string } | null;
export declare function evaluateAudit(
  report: unknown,
  exceptions: AuditException[],
): { explained: (Advisory & { reason: string })[]; unexplained: Advisory[]; unused: AuditException[] };
export declare function validateExceptions(exceptions: unknown): string[];
