// The core's Logger port written to userData/logs as JSON lines. Plain Node so it is unit-tested.
// Logs get attached to bug reports, so anything that looks like a credential is redacted on the way in.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/ports';

const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authori[sz]ation|cookie|credential|private[-_]?key/i;
/** Bearer tokens and key=value secrets inside free text (an error message quoting a header, say). */
const SECRET_TEXT = /(bearer\s+)[A-Za-z0-9._~+/=-]{8,}|((?:api[-_]?key|token|secret|password)\s*[=:]\s*)[^\s&"',;]+/gi;
const MAX_STRING = 2000;
const MAX_DEPTH = 4;
export const MAX_LOG_BYTES = 5 * 1024 * 1024;

export function redactText(s: string): string {
  const clean = s.replace(
    SECRET_TEXT,
    (_m, bearer: string | undefined, kv: string | undefined) => `${bearer ?? kv ?? ''}[redacted]`,
  );
  return clean.length > MAX_STRING ? `${clean.slice(0, MAX_STRING)}…` : clean;
}

/** Copies `value` with secret-looking keys and text blanked, long strings cut and deep nesting flattened. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

export interface FileLoggerOptions {
  dir: string;
  fileName?: string;
  now?: () => Date;
  /** Mirror lines to stderr (development runs). */
  echo?: boolean;
}

/**
 * Appends synchronously: log calls are rare (errors, refusals, lifecycle), and a line written before a
 * crash is worth more than the microseconds saved. One rotation (main.log → main.log.1) bounds disk use.
 */
export function createFileLogger(options: FileLoggerOptions): Logger & { file: string } {
  const file = join(options.dir, options.fileName ?? 'main.log');
  const now = options.now ?? (() => new Date());
  let ready = false;

  const write = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => {
    const line =
      JSON.stringify({
        t: now().toISOString(),
        level,
        msg: redactText(message),
        ...(fields ? { fields: redact(fields) } : {}),
      }) + '\n';
    try {
      if (!ready) {
        mkdirSync(options.dir, { recursive: true });
        ready = true;
      }
      try {
        if (statSync(file).size > MAX_LOG_BYTES) renameSync(file, `${file}.1`);
      } catch {
        // No file yet: nothing to rotate.
      }
      appendFileSync(file, line);
    } catch {
      // A full or read-only disk must not take the app down with it; the line is lost, nothing else.
    }
    if (options.echo) process.stderr.write(line);
  };

  return {
    file,
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
