/** Error codes that cross the IPC boundary as values. The UI branches on the code, never on the message. */
export const ERROR_CODES = [
  'VALIDATION', // input failed its schema; issues name the fields
  'UNKNOWN_CHANNEL',
  'FORBIDDEN', // the sender is not the app's own frame
  'NOT_FOUND',
  'IN_USE', // refused because other records depend on it
  'CONFLICT',
  'NO_DATABASE', // no portfolio file is open
  'DB_ERROR',
  'CANCELLED', // a dialog was dismissed
  'NOTHING_TO_UNDO',
  'INTERNAL',
  'READ_ONLY', // the portfolio went read-only after a storage failure (disk full, I/O error, file removed)
  'BUSY', // another program or Flightdeck window holds the file's lock
  'IO_ERROR', // a file outside the portfolio (an export, a rejects CSV, an image) could not be written or read
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  /** Dotted path of the field, e.g. "patch.name"; empty for the whole input. */
  path: string;
  message: string;
}

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/** Thrown inside the core and turned into a Result by the router. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[] | undefined;
  constructor(code: ErrorCode, message: string, issues?: FieldIssue[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = issues;
  }
  toShape(): AppErrorShape {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}

export function isAppErrorShape(v: unknown): v is AppErrorShape {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as AppErrorShape).code === 'string' &&
    typeof (v as AppErrorShape).message === 'string'
  );
}
