import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../../shared/domain/connections/connection';
import { ConnectionForm } from './ConnectionForm';

const saved: Connection = {
  id: 4,
  kind: 'langfuse',
  name: 'Langfuse cloud',
  baseUrl: 'https://cloud.langfuse.com',
  authKind: 'basic',
  username: 'pk-lf-public',
  hasSecret: true,
  secretSource: 'store',
  timeoutMs: 15_000,
  pollIntervalSec: 1800,
  paused: false,
  state: 'ok',
  version: null,
  lastOkAt: null,
  lastErrorAt: null,
  lastError: null,
  consecutiveFailures: 0,
  nextPollAt: null,
  bindingCount: 0,
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
};

describe('ConnectionForm', () => {
  it('starts a new connection as Prometheus with its defaults and no secret field', () => {
    const out = renderToStaticMarkup(<ConnectionForm connection={null} onClose={() => undefined} />);
    expect(out).toContain('Add connection');
    expect(out).toMatch(/name="pollIntervalSec"[^>]*value="30"/);
    expect(out).toMatch(/name="timeoutMs"[^>]*value="10"/);
    expect(out).not.toContain('name="secret"');
    expect(out).toContain('Test connection');
  });

  it('on edit, says a secret is stored, offers to remove it and never fills it in', () => {
    const out = renderToStaticMarkup(<ConnectionForm connection={saved} onClose={() => undefined} />);
    expect(out).toContain('A secret is stored — leave empty to keep it.');
    expect(out).toContain('Remove secret');
    expect(out).toMatch(/type="password"[^>]*name="secret"[^>]*value=""/);
    expect(out).toMatch(/name="username"[^>]*value="pk-lf-public"/);
    expect(out).toMatch(/name="timeoutMs"[^>]*value="15"/);
  });
});
