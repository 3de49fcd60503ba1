import { type z } from 'zod';
import { AppError, type AppErrorShape, type FieldIssue, type Result } from '../../shared/errors';
import {
  inputSchemas,
  isChannel,
  PNG_EXPORT_MAX_DATA_URL,
  type Channel,
  type Handlers,
} from '../../shared/ipc/contract';
import type { Logger } from './ports';

/** Who is calling: the transport fills this from the Electron sender frame or the Playwright binding source. */
export interface Sender {
  url: string;
  isMainFrame: boolean;
}

export type SenderCheck = (sender: Sender) => boolean;

/** Larger payloads are refused before parsing: nothing the UI sends comes near this... */
export const MAX_PAYLOAD_BYTES = 1_000_000;

/**
 * ...except what carries a file's bytes: a chart exported as PNG (its handler caps the image at 20 MB,
 * which is about 27 MB of base64).
 */
export const CHANNEL_PAYLOAD_LIMITS: Partial<Record<Channel, number>> = {
  'export/png': PNG_EXPORT_MAX_DATA_URL + 10_000,
};

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

function failure(error: AppErrorShape): Result<never> {
  return { ok: false, error };
}

function payloadSize(input: unknown): number {
  if (input === undefined) return 0;
  try {
    return JSON.stringify(input)?.length ?? 0;
  } catch {
    return Infinity;
  }
}

export type Dispatch = (sender: Sender, channel: unknown, input: unknown) => Promise<Result<unknown>>;

/**
 * The one router both transports use: sender check, channel check, size and schema validation,
 * then the handler. Errors come back as values; nothing thrown crosses the boundary.
 */
export function createRouter(handlers: Handlers, isTrusted: SenderCheck, logger: Logger): Dispatch {
  return async (sender, channel, input) => {
    if (!isTrusted(sender)) {
      logger.warn('ipc: refused untrusted sender', { url: sender.url, channel: String(channel) });
      return failure({ code: 'FORBIDDEN', message: 'This window is not allowed to call Flightdeck.' });
    }
    if (!isChannel(channel)) {
      return failure({
        code: 'UNKNOWN_CHANNEL',
        message: `Unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}.`,
      });
    }
    const limit = CHANNEL_PAYLOAD_LIMITS[channel] ?? MAX_PAYLOAD_BYTES;
    const size = payloadSize(input);
    if (size === Infinity) {
      return failure({
        code: 'VALIDATION',
        message: 'The request cannot be read: it is not plain data (a cycle or a BigInt).',
        issues: [],
      });
    }
    if (size > limit) {
      return failure({
        code: 'VALIDATION',
        message: `The request is larger than ${limit} bytes.`,
        issues: [],
      });
    }
    const parsed = inputSchemas[channel].safeParse(input);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      const first = issues[0];
      return failure({
        code: 'VALIDATION',
        message: first ? `${first.path ? first.path + ': ' : ''}${first.message}` : 'Invalid input.',
        issues,
      });
    }
    try {
      const handler = handlers[channel] as (i: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (e) {
      if (e instanceof AppError) return failure(e.toShape());
      const code = typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : '';
      if (code.startsWith('SQLITE_CONSTRAINT')) {
        return failure({ code: 'CONFLICT', message: `The change breaks a data rule: ${(e as Error).message}` });
      }
      if (code.startsWith('SQLITE_')) {
        logger.error('ipc: database error', { channel, code, message: (e as Error).message });
        return failure({ code: 'DB_ERROR', message: `The database reported an error: ${(e as Error).message}` });
      }
      logger.error('ipc: handler failed', { channel, message: e instanceof Error ? e.stack : String(e) });
      return failure({ code: 'INTERNAL', message: 'Something went wrong inside Flightdeck. Nothing was changed.' });
    }
  };
}
