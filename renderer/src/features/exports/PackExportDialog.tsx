import { useEffect, useRef, useState } from 'react';
import type { ExportFormat, ExportRecord, PackFilter } from '../../../../shared/domain/pack/types';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { onEvent } from '../../api/events';
import { Dialog } from '../../components/Dialog';
import { useFilters } from '../../store/filters';
import { toast } from '../../store/toasts';
import {
  FORMAT_CHOICES,
  FORMAT_LABEL,
  formatBytes,
  newJobId,
  packFilterFromFilters,
  progressText,
  shortHash,
  type PackScope,
} from './exportFormat';
import { useExports, type PackRequest } from './exportsStore';
import './exports.css';

export interface JobProgress {
  phase: string;
  done: number;
  total: number;
}

type RunState =
  | { kind: 'idle'; notice?: string; error?: string }
  | { kind: 'running'; jobId: string; progress: JobProgress | null; cancelling: boolean }
  | { kind: 'done'; result: { path: string } & ExportRecord };

/** Mounted once in the layout; shows the status-pack dialog while one is requested. */
export function PackExportHost() {
  const request = useExports((s) => s.pack);
  if (!request) return null;
  return <PackExportDialog request={request} key={request.initiative?.id ?? 'portfolio'} />;
}

function PackExportDialog({ request }: { request: PackRequest }) {
  const close = useExports((s) => s.closePack);
  const openHistory = useExports((s) => s.openHistory);
  const filters = useFilters();
  const current = packFilterFromFilters(filters);
  const [scope, setScope] = useState<PackScope>(
    request.initiative ? 'initiative' : current.applied.length > 0 ? 'filtered' : 'portfolio',
  );
  const [format, setFormat] = useState<ExportFormat>('pdf');
  const [run, setRun] = useState<RunState>({ kind: 'idle' });
  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // The button that had focus goes away as the dialog moves between form, progress and result: focus follows.
  // (The form as first opened keeps the Dialog's own initial focus, on the first choice.)
  const hasRun = useRef(false);
  const focusKey = run.kind;
  useEffect(() => {
    if (focusKey === 'running') hasRun.current = true;
    if (!hasRun.current) return;
    const target = focusKey === 'running' ? 'pack-cancel' : focusKey === 'done' ? 'pack-close' : 'pack-export-go';
    document.querySelector<HTMLElement>(`[data-testid="pack-export"] [data-testid="${target}"]`)?.focus();
  }, [focusKey]);

  const jobId = run.kind === 'running' ? run.jobId : null;
  useEffect(() => {
    if (!jobId) return;
    return onEvent('job/progress', (p) => {
      if (p.jobId !== jobId) return;
      setRun((r) => (r.kind === 'running' && r.jobId === jobId ? { ...r, progress: p } : r));
    });
  }, [jobId]);

  const start = async () => {
    const id = newJobId('pack');
    setRun({ kind: 'running', jobId: id, progress: null, cancelling: false });
    const filter: PackFilter | undefined = scope === 'filtered' ? current.filter : undefined;
    try {
      const out = await invoke('export/pack', {
        format,
        jobId: id,
        ...(scope === 'initiative' && request.initiative ? { initiativeId: request.initiative.id } : {}),
        ...(filter ? { filter } : {}),
      });
      if (!mounted.current) return;
      if ('cancelled' in out) {
        setRun({ kind: 'idle', notice: 'No file was chosen; nothing was written.' });
        return;
      }
      setRun({ kind: 'done', result: out });
    } catch (e) {
      if (!mounted.current) return;
      if (isApiError(e, 'CANCELLED')) setRun({ kind: 'idle', notice: 'Export cancelled; no file was written.' });
      else setRun({ kind: 'idle', error: errorMessage(e) });
    }
  };

  const cancel = (id: string) => {
    setRun((r) => (r.kind === 'running' && r.jobId === id ? { ...r, cancelling: true } : r));
    invoke('job/cancel', { jobId: id }).catch((e: unknown) => toast.error(errorMessage(e)));
  };

  // Closing the dialog mid-export stops the job: nothing should keep writing behind a closed dialog.
  const onClose = () => {
    const r = runRef.current;
    if (r.kind === 'running' && !r.cancelling) cancel(r.jobId);
    close();
  };

  const initiativeName = request.initiative?.name;
  const scopeLabel =
    scope === 'initiative' && initiativeName
      ? initiativeName
      : scope === 'filtered'
        ? `Portfolio (${current.applied.join(', ')})`
        : 'Whole portfolio';

  return (
    <Dialog
      title="Export status pack"
      onClose={onClose}
      size="medium"
      testId="pack-export"
      actions={
        run.kind === 'done' ? (
          <>
            <button type="button" className="button" onClick={() => openHistory()} data-testid="pack-show-history">
              Show history
            </button>
            <button type="button" className="button" onClick={() => setRun({ kind: 'idle' })} data-testid="pack-again">
              Export another
            </button>
            <button type="button" className="button primary" onClick={close} data-testid="pack-close">
              Done
            </button>
          </>
        ) : run.kind === 'running' ? (
          <button
            type="button"
            className="button"
            onClick={() => cancel(run.jobId)}
            disabled={run.cancelling}
            data-testid="pack-cancel"
          >
            {run.cancelling ? 'Cancelling…' : 'Cancel export'}
          </button>
        ) : (
          <>
            <button type="button" className="button" onClick={() => openHistory()} data-testid="pack-history">
              History…
            </button>
            <div className="spacer" />
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <button type="button" className="button primary" onClick={() => void start()} data-testid="pack-export-go">
              Export…
            </button>
          </>
        )
      }
    >
      {run.kind === 'done' ? (
        <PackDone result={run.result} />
      ) : run.kind === 'running' ? (
        <PackProgress scopeLabel={scopeLabel} format={format} progress={run.progress} cancelling={run.cancelling} />
      ) : (
        <div className="pack-form">
          {run.error && (
            <p className="form-error" role="alert" data-testid="pack-error">
              {run.error}
            </p>
          )}
          {run.notice && (
            <p className="pack-notice" role="status" data-testid="pack-notice">
              {run.notice}
            </p>
          )}
          <fieldset className="pack-choices">
            <legend>Scope</legend>
            {initiativeName && (
              <ScopeOption
                value="initiative"
                scope={scope}
                onChange={setScope}
                label={`This initiative: ${initiativeName}`}
              >
                Its RAG, figures, KPIs, risks and next gate.
              </ScopeOption>
            )}
            <ScopeOption value="portfolio" scope={scope} onChange={setScope} label="Whole portfolio">
              Every initiative that is not archived.
            </ScopeOption>
            <ScopeOption
              value="filtered"
              scope={scope}
              onChange={setScope}
              label="The portfolio's current filter"
              disabled={current.applied.length === 0}
            >
              {current.applied.length === 0
                ? 'No phase, business unit or archived filter is set in the portfolio.'
                : current.applied.join(' · ')}
              {current.applied.length > 0 && current.ignored.length > 0 && (
                <span className="pack-ignored" data-testid="pack-ignored">
                  {' '}
                  (a pack filters by phase and business unit only; the {current.ignored.join(', ')} filter
                  {current.ignored.length === 1 ? ' is' : 's are'} not applied)
                </span>
              )}
            </ScopeOption>
          </fieldset>
          <fieldset className="pack-choices">
            <legend>Format</legend>
            {FORMAT_CHOICES.map((c) => (
              <label key={c.format} className={`pack-option${format === c.format ? ' checked' : ''}`}>
                <input
                  type="radio"
                  name="pack-format"
                  value={c.format}
                  checked={format === c.format}
                  onChange={() => setFormat(c.format)}
                  data-testid={`pack-format-${c.format}`}
                />
                <span className="pack-option-text">
                  <span className="pack-option-label">{c.label}</span>
                  <span className="pack-option-hint">{c.description}</span>
                </span>
              </label>
            ))}
          </fieldset>
        </div>
      )}
    </Dialog>
  );
}

function ScopeOption({
  value,
  scope,
  onChange,
  label,
  disabled = false,
  children,
}: {
  value: PackScope;
  scope: PackScope;
  onChange: (s: PackScope) => void;
  label: string;
  disabled?: boolean;
  children: React.ReactNode;
}) {
  return (
    <label className={`pack-option${scope === value ? ' checked' : ''}${disabled ? ' disabled' : ''}`}>
      <input
        type="radio"
        name="pack-scope"
        value={value}
        checked={scope === value}
        disabled={disabled}
        onChange={() => onChange(value)}
        data-testid={`pack-scope-${value}`}
      />
      <span className="pack-option-text">
        <span className="pack-option-label">{label}</span>
        <span className="pack-option-hint">{children}</span>
      </span>
    </label>
  );
}

export function PackProgress({
  scopeLabel,
  format,
  progress,
  cancelling,
}: {
  scopeLabel: string;
  format: ExportFormat;
  progress: JobProgress | null;
  cancelling: boolean;
}) {
  const label = FORMAT_CHOICES.find((c) => c.format === format)?.label ?? format;
  const pct = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : null;
  return (
    <div className="pack-progress" data-testid="pack-progress" aria-busy="true">
      <p className="pack-progress-title">
        Exporting {label} · {scopeLabel}
      </p>
      {progress && progress.total > 0 ? (
        <progress max={progress.total} value={progress.done} aria-label="Export progress" aria-valuetext={`${pct} %`} />
      ) : (
        <progress aria-label="Export progress" />
      )}
      <p className="muted small-text" aria-live="polite" data-testid="pack-progress-text">
        {cancelling ? 'Cancelling…' : progress ? progressText(progress) : 'Waiting for the file name…'}
      </p>
    </div>
  );
}

export function PackDone({ result }: { result: { path: string } & ExportRecord }) {
  const copy = () => {
    navigator.clipboard.writeText(result.fileSha256).then(
      () => toast.info('SHA-256 copied'),
      (e: unknown) => toast.error(`Could not copy: ${errorMessage(e)}`),
    );
  };
  return (
    <div className="pack-done" data-testid="pack-done" role="status">
      <p className="pack-done-title">
        <span className="pack-done-check" aria-hidden="true">
          ✓
        </span>{' '}
        {FORMAT_LABEL[result.format]} exported · {result.scopeLabel}
      </p>
      <dl className="pack-facts">
        <dt>File</dt>
        <dd>
          <code className="pack-path" data-testid="pack-done-path">
            {result.path}
          </code>
        </dd>
        <dt>Size</dt>
        <dd data-testid="pack-done-size">{formatBytes(result.fileBytes)}</dd>
        <dt>SHA-256</dt>
        <dd className="pack-hash-row">
          <code title={result.fileSha256} data-testid="pack-done-sha">
            {shortHash(result.fileSha256)}…
          </code>
          <button type="button" className="button small" onClick={copy} data-testid="pack-copy-sha">
            Copy
          </button>
        </dd>
      </dl>
      <p className="muted small-text">
        The snapshot of what this pack shows is stored with the portfolio (snapshot SHA-256{' '}
        <code title={result.snapshotSha256}>{shortHash(result.snapshotSha256)}…</code>).
      </p>
    </div>
  );
}
