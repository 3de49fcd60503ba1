import type { FieldIssue } from '../../../../shared/errors';

export type FieldErrors = Record<string, string>;

/**
 * The core's issues keyed by form field: "patch.name" and "name" both become "name",
 * "tags.2" becomes "tags". The first message per field wins; whole-input issues go under "".
 */
export function issuesByField(issues: readonly FieldIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const parts = issue.path.split('.').filter((p) => p !== 'patch');
    const key = parts[0] ?? '';
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}
