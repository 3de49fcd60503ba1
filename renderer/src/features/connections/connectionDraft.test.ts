import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../../shared/domain/connections/connection';
import { blankDraft, checkDraft, createInput, draftFromConnection, patchOf, withKind } from './connectionDraft';

const saved: Connection = {
  id: 3,
  kind: 'litellm',
  name: 'Gateway',
  baseUrl: 'https://llm.example.com',
  authKind: 'bearer',
  username: null,
  hasSecret: true,
  secretSource: 'store',
  timeoutMs: 10_000,
  pollIntervalSec: 600,
  paused: false,
  state: 'ok',
  version: '1.50.0',
  lastOkAt: null,
  lastErrorAt: null,
  lastError: null,
  consecutiveFailures: 0,
  nextPollAt: null,
  bindingCount: 0,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

describe('connection draft', () => {
  it('takes the kind’s default auth and poll interval until the user chose others', () => {
    const d = withKind(blankDraft('prometheus'), 'litellm');
    expect(d.authKind).toBe('bearer');
    expect(d.pollIntervalSec).toBe('600');
    const chosen = withKind({ ...blankDraft('prometheus'), authKind: 'basic', pollIntervalSec: '45' }, 'litellm');
    expect(chosen.authKind).toBe('basic');
    expect(chosen.pollIntervalSec).toBe('45');
  });

  it('sends seconds as milliseconds and no secret for "none"', () => {
    const input = createInput({
      ...blankDraft('prometheus'),
      name: 'P',
      baseUrl: 'http://x',
      timeoutMs: '2.5',
      secret: 's',
    });
    expect(input.timeoutMs).toBe(2500);
    expect(input).not.toHaveProperty('secret');
  });

  it('flags numbers it cannot read', () => {
    expect(checkDraft({ ...blankDraft(), timeoutMs: 'abc', pollIntervalSec: '1.5' })).toEqual({
      timeoutMs: 'Enter the timeout in seconds',
      pollIntervalSec: 'Enter whole seconds',
    });
  });

  it('never fills the secret from a saved connection and patches only what changed', () => {
    const d = draftFromConnection(saved);
    expect(d.secret).toBe('');
    expect(patchOf(saved, d)).toEqual({});
    expect(patchOf(saved, { ...d, name: 'New' })).toEqual({ name: 'New' });
    expect(patchOf(saved, { ...d, secret: 'sk-new' })).toEqual({ secret: 'sk-new' });
    expect(patchOf(saved, { ...d, removeSecret: true })).toEqual({ secret: null });
  });
});
