import {
  CONNECTION_LIMITS,
  DEFAULT_AUTH,
  DEFAULT_POLL_SECONDS,
  type AuthKind,
  type Connection,
  type ConnectionKind,
} from '../../../../shared/domain/connections/connection';
import type { Input } from '../../../../shared/ipc/contract';
import type { FieldErrors } from '../initiative/issues';

/** The form as typed: strings, so a half-typed number is kept as it is until it is checked. */
export interface ConnectionDraft {
  kind: ConnectionKind;
  name: string;
  baseUrl: string;
  authKind: AuthKind;
  username: string;
  /** Typed by the user; never filled from the store (secrets are never read back). */
  secret: string;
  /** Seconds in the form; the core takes milliseconds (`timeoutMs`). */
  timeoutMs: string;
  pollIntervalSec: string;
  /** Edit only: the stored secret is to be removed. */
  removeSecret: boolean;
}

export function blankDraft(kind: ConnectionKind = 'prometheus'): ConnectionDraft {
  return {
    kind,
    name: '',
    baseUrl: '',
    authKind: DEFAULT_AUTH[kind],
    username: '',
    secret: '',
    timeoutMs: String(CONNECTION_LIMITS.defaultTimeoutMs / 1000),
    pollIntervalSec: String(DEFAULT_POLL_SECONDS[kind]),
    removeSecret: false,
  };
}

export function draftFromConnection(c: Connection): ConnectionDraft {
  return {
    kind: c.kind,
    name: c.name,
    baseUrl: c.baseUrl,
    authKind: c.authKind,
    username: c.username ?? '',
    secret: '',
    timeoutMs: String(c.timeoutMs / 1000),
    pollIntervalSec: String(c.pollIntervalSec),
    removeSecret: false,
  };
}

/**
 * A new kind brings its usual auth and poll interval, unless the user already chose other values than the
 * previous kind's defaults (their choice wins).
 */
export function withKind(d: ConnectionDraft, kind: ConnectionKind): ConnectionDraft {
  const prev = d.kind;
  return {
    ...d,
    kind,
    authKind: d.authKind === DEFAULT_AUTH[prev] ? DEFAULT_AUTH[kind] : d.authKind,
    pollIntervalSec:
      d.pollIntervalSec.trim() === '' || Number(d.pollIntervalSec) === DEFAULT_POLL_SECONDS[prev]
        ? String(DEFAULT_POLL_SECONDS[kind])
        : d.pollIntervalSec,
  };
}

/** Numbers the core cannot read at all; the ranges are the core's to check (its messages land at the fields). */
export function checkDraft(d: ConnectionDraft): FieldErrors {
  const e: FieldErrors = {};
  const timeout = Number(d.timeoutMs);
  if (d.timeoutMs.trim() === '' || !Number.isFinite(timeout)) e.timeoutMs = 'Enter the timeout in seconds';
  const poll = Number(d.pollIntervalSec);
  if (d.pollIntervalSec.trim() === '' || !Number.isInteger(poll)) e.pollIntervalSec = 'Enter whole seconds';
  if (d.authKind === 'basic' && d.username.trim() === '') e.username = 'Enter the user name';
  return e;
}

type CreateInput = Input<'connection/create'>;
type Patch = Input<'connection/update'>['patch'];

export function createInput(d: ConnectionDraft): CreateInput {
  return {
    kind: d.kind,
    name: d.name,
    baseUrl: d.baseUrl,
    authKind: d.authKind,
    ...(d.authKind === 'basic' ? { username: d.username } : {}),
    timeoutMs: Math.round(Number(d.timeoutMs) * 1000),
    pollIntervalSec: Number(d.pollIntervalSec),
    ...(d.authKind !== 'none' && d.secret !== '' ? { secret: d.secret } : {}),
  };
}

/** Only what changed; a typed secret replaces the stored one, "Remove secret" sends null. */
export function patchOf(c: Connection, d: ConnectionDraft): Patch {
  const next = createInput(d);
  const patch: Patch = {};
  if (next.name.trim() !== c.name) patch.name = next.name;
  if (next.baseUrl.trim().replace(/\/+$/, '') !== c.baseUrl) patch.baseUrl = next.baseUrl;
  if (next.authKind !== c.authKind) patch.authKind = next.authKind;
  if (d.authKind === 'basic' && d.username.trim() !== (c.username ?? '')) patch.username = d.username;
  if (next.timeoutMs !== c.timeoutMs) patch.timeoutMs = next.timeoutMs;
  if (next.pollIntervalSec !== c.pollIntervalSec) patch.pollIntervalSec = next.pollIntervalSec;
  if (d.secret !== '' && d.authKind !== 'none') patch.secret = d.secret;
  else if (d.removeSecret && c.hasSecret) patch.secret = null;
  return patch;
}
