import { DIAGNOSIS_STAGES, type Diagnosis } from '../../../../shared/domain/connections/connection';
import { Chip } from '../../components/Chip';

/**
 * What a "Test connection" found: reachable (with the server's version and a few series as proof of life),
 * or the stage that failed and what to do about it, then every check with ✓ or ✗.
 */
export function DiagnosisView({ diagnosis: d }: { diagnosis: Diagnosis }) {
  return (
    <div
      className={`diagnosis ${d.ok ? 'diagnosis-ok' : 'diagnosis-failed'}`}
      data-testid="diagnosis"
      data-ok={d.ok ? '1' : '0'}
      data-stage={d.stage}
      role="status"
    >
      <p className="diagnosis-head">
        <Chip tone={d.ok ? 'ok' : 'danger'}>{d.ok ? 'Reachable' : DIAGNOSIS_STAGES.label(d.stage)}</Chip>
        <span className="diagnosis-message" data-testid="diagnosis-message">
          {d.message}
        </span>
      </p>
      <dl className="facts diagnosis-facts">
        {d.version !== undefined && (
          <div className="fact">
            <dt>Version</dt>
            <dd data-testid="diagnosis-version">{d.version}</dd>
          </div>
        )}
        {d.httpStatus !== undefined && (
          <div className="fact">
            <dt>HTTP status</dt>
            <dd>{d.httpStatus}</dd>
          </div>
        )}
        {d.retryAfterSec !== undefined && (
          <div className="fact">
            <dt>Retry after</dt>
            <dd>{d.retryAfterSec} s</dd>
          </div>
        )}
        <div className="fact">
          <dt>Took</dt>
          <dd>{(d.elapsedMs / 1000).toLocaleString('en', { maximumFractionDigits: 2 })} s</dd>
        </div>
      </dl>
      {d.samples && d.samples.length > 0 && (
        <div className="diagnosis-samples">
          <span className="muted">Sample series</span>
          <ul data-testid="diagnosis-samples">
            {d.samples.map((s) => (
              <li key={s}>
                <code>{s}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {d.checks.length > 0 && (
        <ul className="diagnosis-checks" aria-label="Checks">
          {d.checks.map((c, i) => (
            <li key={`${i}-${c.name}`} className={c.ok ? 'check-ok' : 'check-failed'} data-testid="diagnosis-check">
              <span className="check-mark" aria-hidden="true">
                {c.ok ? '✓' : '✗'}
              </span>
              <span className="visually-hidden">{c.ok ? 'Passed:' : 'Failed:'}</span>
              <span className="check-name">{c.name}</span>
              {c.detail && <span className="muted check-detail">{c.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** While a test runs: announced, and the button that started it stays disabled. */
export function TestingNotice() {
  return (
    <p className="diagnosis diagnosis-running muted" role="status" aria-busy="true" data-testid="diagnosis-running">
      <span className="spinner" aria-hidden="true" /> Testing the connection…
    </p>
  );
}
