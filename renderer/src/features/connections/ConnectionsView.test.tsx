import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Connection, Diagnosis } from '../../../../shared/domain/connections/connection';
import { ConnectionTable } from './ConnectionsView';
import { DiagnosisView } from './DiagnosisView';

const conn = (c: Partial<Connection>): Connection => ({
  id: 1,
  kind: 'prometheus',
  name: 'Prom',
  baseUrl: 'http://127.0.0.1:9090',
  authKind: 'none',
  username: null,
  hasSecret: false,
  secretSource: null,
  timeoutMs: 10_000,
  pollIntervalSec: 30,
  paused: false,
  state: 'ok',
  version: '2.45.0',
  lastOkAt: null,
  lastErrorAt: null,
  lastError: null,
  consecutiveFailures: 0,
  nextPollAt: null,
  bindingCount: 2,
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  ...c,
});

describe('ConnectionTable', () => {
  it('shows the state, and the failing stage and message beside it', () => {
    const out = renderToStaticMarkup(
      <ConnectionTable
        connections={[
          conn({}),
          conn({
            id: 2,
            name: 'Gateway',
            kind: 'litellm',
            state: 'failing',
            lastError: { stage: 'auth', message: 'The server refused the key (401).' },
          }),
          conn({ id: 3, name: 'Paused', state: 'paused', paused: true }),
        ]}
        onOpen={() => undefined}
      />,
    );
    expect(out).toContain('Connected');
    expect(out).toContain('2.45.0');
    expect(out).toContain('Failing, retrying');
    expect(out).toContain('Not authorised (401/403): The server refused the key (401).');
    expect(out).toContain('LiteLLM proxy');
    expect(out).toContain('>Resume<');
  });
});

describe('DiagnosisView', () => {
  const base: Diagnosis = { ok: true, stage: 'ok', message: 'Prometheus answered.', checks: [], elapsedMs: 42 };
  it('shows the version, samples and the checks with ✓', () => {
    const out = renderToStaticMarkup(
      <DiagnosisView
        diagnosis={{
          ...base,
          version: '2.45.0',
          samples: ['up{job="prometheus"}'],
          checks: [{ name: 'GET /api/v1/status/buildinfo', ok: true, detail: '200' }],
        }}
      />,
    );
    expect(out).toContain('data-ok="1"');
    expect(out).toContain('2.45.0');
    expect(out).toContain('up{job=&quot;prometheus&quot;}');
    expect(out).toContain('✓');
  });
  it('names the failing stage with status and retry-after', () => {
    const out = renderToStaticMarkup(
      <DiagnosisView
        diagnosis={{
          ...base,
          ok: false,
          stage: 'rate_limited',
          message: 'Too many requests.',
          httpStatus: 429,
          retryAfterSec: 30,
          checks: [{ name: 'GET /api/v1/query', ok: false, detail: '429' }],
        }}
      />,
    );
    expect(out).toContain('Rate limited (429)');
    expect(out).toContain('429');
    expect(out).toContain('30 s');
    expect(out).toContain('✗');
  });
});
