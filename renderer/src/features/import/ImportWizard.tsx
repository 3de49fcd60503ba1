import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import {
  IMPORT_FIELDS,
  IMPORT_KEYS,
  DATE_ORDERS,
  type ImportField,
  type ImportKey,
  type ImportMode,
  type ImportPreview,
  type ImportResult,
  type ImportSource,
  type MappingProfile,
  type ProfileFit,
  type SourceEncoding,
} from '../../../../shared/domain/import/types';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { onEvent } from '../../api/events';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { toast } from '../../store/toasts';
import { useImportWizard } from './importStore';
import {
  DATE_ORDER_LABELS,
  DEFAULT_CHOICES,
  DEFAULTABLE_FIELDS,
  KEY_LABELS,
  absentHeaders,
  draftFromProfile,
  draftProblem,
  fieldLabel,
  joinsColumns,
  keyNote,
  profileFromDraft,
  setDefault,
  setFieldColumn,
  unmappedHeaders,
  type DateOrder,
  type DefaultableField,
  type MappingDraft,
} from './mappingDraft';
import { PreviewGrid, filterRows, previewFields, type ActionFilter } from './PreviewGrid';
import './import.css';

export const STEPS = [
  { id: 'file', label: 'Choose file' },
  { id: 'header', label: 'Header & profile' },
  { id: 'mapping', label: 'Mapping' },
  { id: 'preview', label: 'Preview' },
  { id: 'import', label: 'Import' },
] as const;
type StepId = (typeof STEPS)[number]['id'];

const ENCODING_LABELS: Record<SourceEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with byte-order mark',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252 (cp1252)',
  xlsx: 'XLSX (Unicode)',
};

/** Edits to the mapping wait this long for the next keystroke or choice before the preview is asked again. */
const MAPPING_DEBOUNCE_MS = 300;
const REJECTS_SHOWN = 500;

/** What the preview is asked for besides the file and sheet. */
interface Selection {
  headerRow?: number;
  /** A listed profile; absent with `profile` (an edited mapping) or with neither (the core picks the best fit). */
  profileId?: string;
  profile?: MappingProfile;
  key?: ImportKey;
}

type RunState =
  | { status: 'idle' }
  | { status: 'running'; jobId: string; phase: string; done: number; total: number; cancelling: boolean }
  | { status: 'done'; result: ImportResult; undoable: boolean; undone: boolean }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

let jobSeq = 0;
function newJobId(kind: string): string {
  jobSeq += 1;
  return `${kind}-${Date.now().toString(36)}-${jobSeq}`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const fmt = (n: number) => n.toLocaleString('en');
const count = (n: number, one: string, many: string) => `${fmt(n)} ${n === 1 ? one : many}`;
const sheetSize = (s: { rows: number; columns: number }) =>
  `${count(s.rows, 'row', 'rows')} × ${count(s.columns, 'column', 'columns')}`;

const PHASE_LABELS: Record<string, string> = {
  reading: 'Reading the file',
  checking: 'Checking the rows',
  writing: 'Writing to the portfolio',
};

/** "Reading the file… 40 %": the core's phase ids in words, with how far it got. */
export function progressText(p: { phase: string; done: number; total: number }): string {
  const label = PHASE_LABELS[p.phase] ?? p.phase.charAt(0).toUpperCase() + p.phase.slice(1);
  return p.total > 0 ? `${label}… ${Math.min(100, Math.round((p.done / p.total) * 100))} %` : `${label}…`;
}

function focusFirst(body: HTMLElement | null): void {
  const first =
    body?.querySelector<HTMLElement>('[data-step-focus]') ??
    body?.querySelector<HTMLElement>(
      'input:not([disabled]), select:not([disabled]), button:not([disabled]), [tabindex="0"]',
    );
  first?.focus();
}

export function ImportWizardHost() {
  const open = useImportWizard((s) => s.open);
  if (!open) return null;
  return <ImportWizard onClosed={() => useImportWizard.getState().setOpen(false)} />;
}

/** The import wizard: file → header and profile → mapping → preview of every row → import with progress. */
export function ImportWizard({ onClosed }: { onClosed: () => void }) {
  const formId = useId();
  const bodyRef = useRef<HTMLDivElement>(null);
  const [step, setStep] = useState<StepId>('file');

  const [source, setSource] = useState<ImportSource | null>(null);
  const [sheet, setSheet] = useState<string | undefined>(undefined);
  const [opening, setOpening] = useState(false);
  const [openError, setOpenError] = useState<string | null>(null);

  const [selection, setSelection] = useState<Selection>({});
  const [delay, setDelay] = useState(0);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState<{ jobId: string; phase: string; done: number; total: number } | null>(
    null,
  );
  const [draft, setDraft] = useState<MappingDraft | null>(null);

  const [mode, setMode] = useState<ImportMode>('validOnly');
  const [run, setRun] = useState<RunState>({ status: 'idle' });
  const [confirmClose, setConfirmClose] = useState(false);
  const [savePrompt, setSavePrompt] = useState(false);
  const [deleteAsk, setDeleteAsk] = useState<ProfileFit | null>(null);

  // Event listeners and handlers read the run as it is now, not as it was when they were made.
  const runRef = useRef<RunState>(run);
  useLayoutEffect(() => {
    runRef.current = run;
  }, [run]);
  const previewJob = useRef<string | null>(null);

  // Progress of the preview and of the import arrive as events carrying our job ids.
  useEffect(
    () =>
      onEvent('job/progress', (p) => {
        const r = runRef.current;
        if (r.status === 'running' && r.jobId === p.jobId) {
          setRun((now) =>
            now.status === 'running' && now.jobId === p.jobId
              ? { ...now, phase: p.phase, done: p.done, total: p.total }
              : now,
          );
        } else if (previewJob.current === p.jobId) {
          setPreviewing({ jobId: p.jobId, phase: p.phase, done: p.done, total: p.total });
        }
      }),
    [],
  );

  // The preview follows the file, sheet and selection; a newer request supersedes (and stops) an older one.
  const selectionKey = JSON.stringify(selection);
  const token = source?.token;
  useEffect(() => {
    if (!token || sheet === undefined) return;
    const sel = JSON.parse(selectionKey) as Selection;
    let live = true;
    const timer = window.setTimeout(() => {
      const jobId = newJobId('preview');
      const previous = previewJob.current;
      if (previous) void invoke('job/cancel', { jobId: previous }).catch(() => undefined);
      previewJob.current = jobId;
      setPreviewing({ jobId, phase: 'reading', done: 0, total: 0 });
      invoke('import/preview', { token, sheet, ...sel, jobId }).then(
        (p) => {
          if (!live || previewJob.current !== jobId) return;
          previewJob.current = null;
          setPreviewing(null);
          setPreview(p);
          setPreviewError(null);
          // A mapping the user is editing stays as they left it; otherwise the editor shows what was applied.
          if (!sel.profile) {
            const d = draftFromProfile(p.profile, p.headers);
            setDraft(sel.key ? { ...d, key: sel.key } : d);
          }
        },
        (e: unknown) => {
          if (!live || previewJob.current !== jobId) return;
          previewJob.current = null;
          setPreviewing(null);
          if (isApiError(e, 'CANCELLED')) return;
          setPreview(null);
          setPreviewError(errorMessage(e));
        },
      );
    }, delay);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [token, sheet, selectionKey, delay]);

  // Each step starts at its first control.
  useEffect(() => focusFirst(bodyRef.current), [step]);

  // A closed prompt hands focus back to what opened it; when that is gone (the deleted profile's button), focus
  // would fall to the page, where Esc and Tab no longer reach the wizard.
  const prompting = confirmClose || savePrompt || deleteAsk !== null;
  useEffect(() => {
    if (prompting) return;
    const id = requestAnimationFrame(() => {
      const wizard = bodyRef.current?.closest('[role="dialog"]');
      if (wizard && !wizard.contains(document.activeElement)) focusFirst(bodyRef.current);
    });
    return () => cancelAnimationFrame(id);
  }, [prompting]);

  const chooseFile = async () => {
    setOpening(true);
    setOpenError(null);
    try {
      const s = await invoke('import/open');
      setSource(s);
      setSheet(s.sheets.length === 1 ? s.sheets[0]?.name : undefined);
      setSelection({});
      setDelay(0);
      setPreview(null);
      setPreviewError(null);
      setDraft(null);
      setRun({ status: 'idle' });
    } catch (e) {
      if (!isApiError(e, 'CANCELLED')) setOpenError(errorMessage(e));
    } finally {
      setOpening(false);
    }
  };

  const select = (next: Selection, debounce = false) => {
    // Busy from the change on, not only once the debounced request leaves: Next and Import wait for it.
    if (JSON.stringify(next) !== JSON.stringify(selection))
      setPreviewing((p) => p ?? { jobId: '', phase: 'reading', done: 0, total: 0 });
    setDelay(debounce ? MAPPING_DEBOUNCE_MS : 0);
    setSelection(next);
  };

  const editDraft = (next: MappingDraft) => {
    setDraft(next);
    if (draftProblem(next)) return;
    // The edited profile carries the key itself (the draft took any key chosen before the edit).
    const { profileId: _id, key: _key, ...rest } = selection;
    select({ ...rest, profile: profileFromDraft(next, preview?.profile.name ?? 'Edited mapping') }, true);
  };

  const pickProfile = (profileId: string | undefined) => {
    const { profile: _p, profileId: _id, ...rest } = selection;
    select(profileId ? { ...rest, profileId } : rest);
  };

  const stepIndex = STEPS.findIndex((s) => s.id === step);
  const running = run.status === 'running';
  const finished = run.status === 'done' || run.status === 'cancelled';
  const canNext =
    step === 'file'
      ? source !== null && sheet !== undefined
      : step === 'import'
        ? false
        : preview !== null &&
          !(step === 'mapping' && (previewing !== null || (draft !== null && draftProblem(draft) !== null)));

  const startImport = async () => {
    if (!token || sheet === undefined || running) return;
    const jobId = newJobId('import');
    const started: RunState = { status: 'running', jobId, phase: 'reading', done: 0, total: 0, cancelling: false };
    runRef.current = started;
    setRun(started);
    try {
      // A suggested mapping (nothing fitted) runs only when sent back explicitly: the core never guesses.
      const explicit =
        selection.profileId === undefined && selection.profile === undefined && preview && preview.profileId === null
          ? { profile: preview.profile }
          : {};
      const result = await invoke('import/run', { token, sheet, ...selection, ...explicit, mode, jobId });
      let undoable = false;
      if (result.committed && result.imported + result.updated > 0) {
        const h = await invoke('history/state').catch(() => null);
        undoable = h?.canUndo === true && /import/i.test(h.undoLabel ?? '');
      }
      setRun({ status: 'done', result, undoable, undone: false });
    } catch (e) {
      setRun(isApiError(e, 'CANCELLED') ? { status: 'cancelled' } : { status: 'failed', message: errorMessage(e) });
    }
  };

  const cancelImport = () => {
    const r = runRef.current;
    if (r.status !== 'running' || r.cancelling) return;
    setRun({ ...r, cancelling: true });
    void invoke('job/cancel', { jobId: r.jobId }).catch(() => undefined);
  };

  const undoImport = async () => {
    const r = runRef.current;
    if (r.status !== 'done') return;
    try {
      const h = await invoke('history/state');
      if (!h.canUndo || !/import/i.test(h.undoLabel ?? '')) {
        toast.error('The import is no longer the last change, so it cannot be undone from here.');
        setRun({ ...r, undoable: false });
        return;
      }
      await invoke('history/undo');
      setRun({ ...r, undoable: false, undone: true });
    } catch (e) {
      toast.error(errorMessage(e));
    }
  };

  const saveRejects = async () => {
    if (!token) return;
    try {
      const res = await invoke('import/saveRejects', { token });
      if ('path' in res) toast.info(`Saved the rejects to ${res.path}`);
    } catch (e) {
      toast.error(errorMessage(e));
    }
  };

  const close = () => {
    if (running) {
      setConfirmClose(true);
      return;
    }
    if (preview !== null && run.status !== 'done') {
      setConfirmClose(true);
      return;
    }
    if (previewJob.current) void invoke('job/cancel', { jobId: previewJob.current }).catch(() => undefined);
    onClosed();
  };

  const primary = () => {
    if (step === 'import') {
      if (run.status === 'idle' || run.status === 'failed') void startImport();
      else if (finished) onClosed();
      return;
    }
    if (canNext) setStep(STEPS[stepIndex + 1]?.id ?? step);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    primary();
  };

  const fields = useMemo(() => (preview ? previewFields(preview, IMPORT_FIELDS) : []), [preview]);

  const primaryLabel =
    step !== 'import'
      ? 'Next'
      : run.status === 'done' || run.status === 'cancelled'
        ? 'Close'
        : run.status === 'failed'
          ? 'Try again'
          : 'Import';

  return (
    <Dialog
      title="Import initiatives"
      onClose={close}
      size="large"
      testId="import-wizard"
      actions={
        <>
          {step !== 'file' && !finished && (
            <button
              type="button"
              className="button"
              onClick={() => setStep(STEPS[stepIndex - 1]?.id ?? 'file')}
              disabled={running}
              data-testid="import-back"
            >
              Back
            </button>
          )}
          <div className="spacer" />
          {running ? (
            <button
              type="button"
              className="button"
              onClick={cancelImport}
              disabled={run.cancelling}
              data-testid="import-cancel"
            >
              {run.cancelling ? 'Cancelling…' : 'Cancel import'}
            </button>
          ) : (
            !finished && (
              <button type="button" className="button" onClick={close} data-testid="import-close">
                Cancel
              </button>
            )
          )}
          <button
            type="submit"
            form={formId}
            className="button primary"
            disabled={
              step === 'import'
                ? running || ((run.status === 'idle' || run.status === 'failed') && previewing !== null)
                : !canNext
            }
            data-testid="import-primary"
          >
            {primaryLabel}
          </button>
        </>
      }
    >
      <ol className="import-steps" aria-label="Steps">
        {STEPS.map((s, i) => (
          <li
            key={s.id}
            className={i === stepIndex ? 'current' : i < stepIndex ? 'done' : ''}
            aria-current={i === stepIndex ? 'step' : undefined}
          >
            <span className="import-step-n" aria-hidden="true">
              {i + 1}
            </span>
            {s.label}
          </li>
        ))}
      </ol>
      <form id={formId} onSubmit={onSubmit} noValidate>
        <div ref={bodyRef} className="import-step" data-testid={`import-step-${step}`}>
          {step === 'file' && (
            <FileStep
              source={source}
              sheet={sheet}
              opening={opening}
              error={openError}
              readError={previewError}
              previewing={previewing}
              onChoose={() => void chooseFile()}
              onSheet={(name) => {
                setSheet(name);
                setSelection({});
                setDelay(0);
                setPreview(null);
                setPreviewError(null);
                setDraft(null);
              }}
            />
          )}
          {step === 'header' && (
            <HeaderStep
              preview={preview}
              error={previewError}
              previewing={previewing}
              selection={selection}
              onHeaderRow={(headerRow) => select({ ...selection, headerRow }, true)}
              onProfile={pickProfile}
            />
          )}
          {step === 'mapping' && draft && preview && (
            <MappingStep
              draft={draft}
              headers={preview.headers}
              keyChoice={selection.key ?? draft.key}
              profileName={selection.profile ? null : preview.profile.name}
              savedFit={preview.fits.find((f) => f.profileId === preview.profileId && f.profileId.startsWith('saved:'))}
              onDraft={editDraft}
              onKey={(key) => {
                if (selection.profile) editDraft({ ...draft, key });
                else {
                  setDraft({ ...draft, key });
                  select({ ...selection, key });
                }
              }}
              onSave={() => setSavePrompt(true)}
              onDelete={(fit) => setDeleteAsk(fit)}
              busy={previewing !== null}
              error={previewError}
            />
          )}
          {step === 'preview' && preview && (
            <PreviewStep preview={preview} fields={fields} busy={previewing !== null} />
          )}
          {step === 'import' && preview && (
            <ImportStep
              preview={preview}
              mode={mode}
              onMode={setMode}
              run={run}
              onSaveRejects={() => void saveRejects()}
              onUndo={() => void undoImport()}
            />
          )}
        </div>
      </form>
      {confirmClose && (
        <ConfirmDialog
          title={running ? 'Stop the import?' : 'Discard this import?'}
          confirmLabel={running ? 'Stop and close' : 'Discard'}
          destructive
          onCancel={() => setConfirmClose(false)}
          onConfirm={() => {
            const r = runRef.current;
            if (r.status === 'running') void invoke('job/cancel', { jobId: r.jobId }).catch(() => undefined);
            if (previewJob.current) void invoke('job/cancel', { jobId: previewJob.current }).catch(() => undefined);
            setConfirmClose(false);
            onClosed();
          }}
        >
          <p>
            {running
              ? 'The import stops and nothing is changed.'
              : 'Nothing has been imported yet; the mapping you edited is lost unless you saved it as a profile.'}
          </p>
        </ConfirmDialog>
      )}
      {savePrompt && draft && (
        <SaveProfileDialog
          initialName={selection.profile ? '' : (preview?.profile.name ?? '')}
          existingId={
            !selection.profile && preview?.profileId?.startsWith('saved:')
              ? Number(preview.profileId.slice('saved:'.length))
              : undefined
          }
          existingName={preview?.profile.name}
          draft={{ ...draft, key: selection.key ?? draft.key }}
          onClose={() => setSavePrompt(false)}
          onSaved={(id) => {
            setSavePrompt(false);
            select({ ...(selection.headerRow !== undefined ? { headerRow: selection.headerRow } : {}), profileId: id });
          }}
        />
      )}
      {deleteAsk && (
        <ConfirmDialog
          title="Delete this profile?"
          confirmLabel="Delete profile"
          destructive
          onCancel={() => setDeleteAsk(null)}
          onConfirm={async () => {
            const fit = deleteAsk;
            try {
              await invoke('import/deleteProfile', { id: Number(fit.profileId.slice('saved:'.length)) });
              toast.info(`Deleted the profile “${fit.profileName}”.`);
              // The mapping on screen stays; it is now an unsaved one.
              if (draft && !draftProblem(draft)) {
                const { profileId: _id, key: _key, ...rest } = selection;
                const kept = { ...draft, key: selection.key ?? draft.key };
                setDraft(kept);
                select({ ...rest, profile: profileFromDraft(kept, fit.profileName) });
              } else pickProfile(undefined);
            } catch (e) {
              toast.error(errorMessage(e));
            } finally {
              setDeleteAsk(null);
            }
          }}
        >
          <p>
            The saved profile “{deleteAsk.profileName}” is deleted. The mapping on screen stays until you close the
            wizard.
          </p>
        </ConfirmDialog>
      )}
    </Dialog>
  );
}

function FileStep({
  source,
  sheet,
  opening,
  error,
  readError,
  previewing,
  onChoose,
  onSheet,
}: {
  source: ImportSource | null;
  sheet: string | undefined;
  opening: boolean;
  error: string | null;
  /** The sheet is read in the background once chosen; what went wrong shows here already. */
  readError: string | null;
  previewing: { phase: string; done: number; total: number } | null;
  onChoose: () => void;
  onSheet: (name: string) => void;
}) {
  return (
    <div className="form-stack">
      <p className="muted">
        A CSV or XLSX file of AI initiatives: the U.S. federal AI use-case inventories (2024 and 2025 formats),
        Flightdeck’s own exports, or any sheet with a name column.
      </p>
      <div className="import-file-row">
        {/* Not disabled while the host dialog is open: a disabled button would drop the focus (and Esc) to the page. */}
        <button
          type="button"
          className="button"
          onClick={() => {
            if (!opening) onChoose();
          }}
          aria-busy={opening || undefined}
          data-testid="import-choose"
        >
          {opening ? 'Opening…' : source ? 'Choose another file…' : 'Choose file…'}
        </button>
        {source && (
          <span data-testid="import-file" className="import-file">
            <strong>{source.fileName}</strong>{' '}
            <span className="muted">
              {source.kind.toUpperCase()} · {formatBytes(source.sizeBytes)}
            </span>
          </span>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert" data-testid="import-open-error">
          {error}
        </p>
      )}
      {source && source.kind === 'xlsx' && (
        <fieldset className="import-fieldset">
          <legend>Sheet</legend>
          <div className="import-radio-list" data-testid="import-sheets">
            {source.sheets.map((s) => (
              <label key={s.name} className="import-radio">
                <input
                  type="radio"
                  name="import-sheet"
                  value={s.name}
                  checked={sheet === s.name}
                  onChange={() => onSheet(s.name)}
                />
                <span>
                  {s.name} <span className="muted">{sheetSize(s)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {source && source.kind === 'csv' && source.sheets[0] && (
        <p className="muted" data-testid="import-csv-size">
          {sheetSize(source.sheets[0])}
        </p>
      )}
      {source && <Busy progress={previewing} />}
      {source && readError && (
        <p className="form-error" role="alert" data-testid="import-read-error">
          {readError}
        </p>
      )}
    </div>
  );
}

function Busy({ progress }: { progress: { phase: string; done: number; total: number } | null }) {
  if (!progress) return null;
  return (
    <p className="muted small-text import-busy" role="status" data-testid="import-previewing">
      {progressText(progress)}
    </p>
  );
}

function fitSummary(f: ProfileFit): string {
  const parts = [`reads ${f.matched.length} column${f.matched.length === 1 ? '' : 's'}`];
  if (f.unmatched.length > 0) parts.push(`${f.unmatched.length} unread`);
  if (f.missing.length > 0) {
    const shown = f.missing.slice(0, 3).map(fieldLabel).join(', ');
    parts.push(`no column for ${shown}${f.missing.length > 3 ? ` and ${f.missing.length - 3} more` : ''}`);
  }
  return parts.join(' · ');
}

function HeaderStep({
  preview,
  error,
  previewing,
  selection,
  onHeaderRow,
  onProfile,
}: {
  preview: ImportPreview | null;
  error: string | null;
  previewing: { phase: string; done: number; total: number } | null;
  selection: Selection;
  onHeaderRow: (row: number) => void;
  onProfile: (id: string | undefined) => void;
}) {
  // What the user typed; until then, the row asked for or detected.
  const [typed, setRowText] = useState<string | null>(null);
  const rowText = typed ?? String(selection.headerRow ?? preview?.headerRow ?? '');
  const rowId = useId();
  const rowInvalid = rowText !== '' && !/^[1-9]\d{0,4}$/.test(rowText);
  const anyUsable = preview?.fits.some((f) => f.usable) ?? false;
  const chosen = selection.profile ? 'edited' : (selection.profileId ?? preview?.profileId ?? 'suggested');

  return (
    <div className="form-stack">
      <div className="import-header-row">
        <div className="field">
          <label htmlFor={rowId}>Header row</label>
          <input
            id={rowId}
            className="input import-row-input"
            type="number"
            min={1}
            inputMode="numeric"
            value={rowText}
            aria-invalid={rowInvalid || undefined}
            aria-describedby={`${rowId}-hint`}
            data-testid="import-header-row"
            onChange={(e) => {
              setRowText(e.target.value);
              if (/^[1-9]\d{0,4}$/.test(e.target.value)) onHeaderRow(Number(e.target.value));
            }}
          />
          <span className="field-hint" id={`${rowId}-hint`}>
            {rowInvalid
              ? 'Enter the row number (1 or more) that holds the column names.'
              : preview && selection.headerRow === undefined
                ? 'Detected; change it if the column names are on another row.'
                : 'The row that holds the column names.'}
          </span>
        </div>
        {preview && (
          <dl className="import-facts">
            <div>
              <dt>Sheet</dt>
              <dd>{preview.sheet}</dd>
            </div>
            <div>
              <dt>Encoding</dt>
              <dd data-testid="import-encoding">{ENCODING_LABELS[preview.encoding]}</dd>
            </div>
            <div>
              <dt>Columns</dt>
              <dd>{fmt(preview.headers.length)}</dd>
            </div>
            <div>
              <dt>Data rows</dt>
              <dd data-testid="import-data-rows">{fmt(preview.counts.total)}</dd>
            </div>
          </dl>
        )}
      </div>
      <Busy progress={previewing} />
      {error && (
        <p className="form-error" role="alert" data-testid="import-preview-error">
          {error}
        </p>
      )}
      {preview && (
        <fieldset className="import-fieldset">
          <legend>Mapping profile</legend>
          {!anyUsable && (
            <p className="import-note" data-testid="import-no-fit">
              No saved or built-in profile fits these columns — suggested mapping from the headers. Check it in the next
              step.
            </p>
          )}
          <div className="import-radio-list" data-testid="import-profiles">
            {(selection.profile || preview.profileId === null) && (
              <label className="import-radio">
                <input type="radio" name="import-profile" checked readOnly />
                <span>
                  {selection.profile ? 'Edited mapping (not saved)' : 'Suggested mapping'}
                  <span className="muted"> · from the column headers</span>
                </span>
              </label>
            )}
            {preview.fits.map((f) => (
              <label key={f.profileId} className={`import-radio${f.usable ? '' : ' unusable'}`}>
                <input
                  type="radio"
                  name="import-profile"
                  value={f.profileId}
                  checked={chosen === f.profileId}
                  disabled={!f.usable}
                  onChange={() => onProfile(f.profileId)}
                  data-testid={`import-profile-${f.profileId}`}
                />
                <span>
                  {f.profileName} <span className="import-score">{Math.round(f.score * 100)} %</span>
                  <span className="muted small-text import-fit">
                    {f.usable ? fitSummary(f) : `does not fit: ${fitSummary(f)}`}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {preview && preview.warnings.length > 0 && <Warnings warnings={preview.warnings} />}
    </div>
  );
}

function Warnings({ warnings }: { warnings: readonly string[] }) {
  return (
    <div className="import-warnings" data-testid="import-warnings">
      <strong>Notes from reading the file</strong>
      <ul>
        {warnings.slice(0, 8).map((w, i) => (
          <li key={i}>{w}</li>
        ))}
        {warnings.length > 8 && <li>and {warnings.length - 8} more</li>}
      </ul>
    </div>
  );
}

function MappingStep({
  draft,
  headers,
  keyChoice,
  profileName,
  savedFit,
  onDraft,
  onKey,
  onSave,
  onDelete,
  busy,
  error,
}: {
  draft: MappingDraft;
  headers: readonly string[];
  keyChoice: ImportKey;
  /** The applied profile's name; null while the mapping is an edited one. */
  profileName: string | null;
  savedFit: ProfileFit | undefined;
  onDraft: (d: MappingDraft) => void;
  onKey: (k: ImportKey) => void;
  onSave: () => void;
  onDelete: (fit: ProfileFit) => void;
  busy: boolean;
  error: string | null;
}) {
  const problem = draftProblem(draft);
  const unmapped = unmappedHeaders(draft, headers);
  const absent = absentHeaders(draft, headers);
  const keyId = useId();
  const orderId = useId();
  return (
    <div className="form-stack">
      <div className="import-mapping-bar">
        <span>
          {profileName ? (
            <>
              Profile: <strong>{profileName}</strong>
            </>
          ) : (
            <strong>Edited mapping (not saved)</strong>
          )}
          {busy && <span className="muted small-text"> · updating the preview…</span>}
        </span>
        <div className="spacer" />
        <button
          type="button"
          className="button small"
          onClick={onSave}
          disabled={problem !== null}
          data-testid="import-save-profile"
        >
          Save as profile…
        </button>
        {savedFit && profileName && (
          <button
            type="button"
            className="button small danger-outline"
            onClick={() => onDelete(savedFit)}
            data-testid="import-delete-profile"
          >
            Delete profile…
          </button>
        )}
      </div>
      {(problem ?? error) && (
        <p className="form-error" role="alert" data-testid="import-mapping-error">
          {problem ?? error}
        </p>
      )}
      <table className="plain-table import-mapping" data-testid="import-mapping">
        <caption className="visually-hidden">Which columns feed each Flightdeck field</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Column(s) in the file</th>
            <th scope="col">Default when empty</th>
          </tr>
        </thead>
        <tbody>
          {IMPORT_FIELDS.map((field) => (
            <MappingLine key={field} field={field} draft={draft} headers={headers} onDraft={onDraft} />
          ))}
        </tbody>
      </table>
      <div className="import-options">
        <div className="field">
          <label htmlFor={keyId}>Match existing initiatives on</label>
          <select
            id={keyId}
            className="select"
            value={keyChoice}
            onChange={(e) => onKey(e.target.value as ImportKey)}
            data-testid="import-key"
          >
            {IMPORT_KEYS.map((k) => (
              <option key={k} value={k}>
                {KEY_LABELS[k]}
              </option>
            ))}
          </select>
          <span className="field-hint" data-testid="import-key-hint">
            {keyNote(draft, keyChoice, headers) ??
              'A row that matches an initiative updates it instead of adding a copy.'}
          </span>
        </div>
        <div className="field">
          <label htmlFor={orderId}>Dates like 03/04/2024 are</label>
          <select
            id={orderId}
            className="select"
            value={draft.dateOrder}
            onChange={(e) => onDraft({ ...draft, dateOrder: e.target.value as DateOrder })}
            data-testid="import-date-order"
          >
            {DATE_ORDERS.map((o) => (
              <option key={o} value={o}>
                {DATE_ORDER_LABELS[o]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {absent.length > 0 && (
        <p className="muted small-text" data-testid="import-absent">
          Not in this file (kept for files that have them): {absent.join(', ')}
        </p>
      )}
      <details className="import-unmapped" data-testid="import-unmapped">
        <summary>
          {unmapped.length === 0
            ? 'Every column is read'
            : `${fmt(unmapped.length)} column${unmapped.length === 1 ? '' : 's'} not read`}
        </summary>
        {unmapped.length > 0 && (
          <ul>
            {unmapped.map((h) => (
              <li key={h}>{h}</li>
            ))}
          </ul>
        )}
      </details>
    </div>
  );
}

function MappingLine({
  field,
  draft,
  headers,
  onDraft,
}: {
  field: ImportField;
  draft: MappingDraft;
  headers: readonly string[];
  onDraft: (d: MappingDraft) => void;
}) {
  const chosen = draft.columns[field];
  const label = fieldLabel(field);
  // One more select than chosen columns lets the user add another, for fields that join or fall back.
  const slots = chosen.length === 0 ? [''] : [...chosen, ...(chosen.length < 4 ? [''] : [])];
  const defaultable = (DEFAULTABLE_FIELDS as readonly string[]).includes(field) ? (field as DefaultableField) : null;
  return (
    <tr data-field={field}>
      <th scope="row">
        {label}
        {field === 'name' && <span className="import-required"> (required)</span>}
      </th>
      <td>
        <div className="import-column-selects">
          {slots.map((h, i) => {
            // A profile header the sheet lacks stays selectable, so it is not dropped by just looking.
            const options = h && !headers.includes(h) ? [h, ...headers] : headers;
            return (
              <select
                key={i}
                className={`select${h ? ' has-value' : ' import-add-select'}`}
                data-step-focus={field === 'name' && i === 0 ? true : undefined}
                aria-label={
                  i === 0 ? `Column for ${label}` : `${joinsColumns(field) ? 'Also join' : 'Else use'} for ${label}`
                }
                value={h}
                onChange={(e) => onDraft(setFieldColumn(draft, field, i, e.target.value))}
                data-testid={`map-${field}-${i}`}
              >
                <option value="">
                  {i === 0 ? '—' : chosen.length > 0 && i === chosen.length ? '+ another column' : '— (remove)'}
                </option>
                {options.map((o) => (
                  <option key={o} value={o}>
                    {headers.includes(o) ? o : `${o} (not in this file)`}
                  </option>
                ))}
              </select>
            );
          })}
        </div>
      </td>
      <td>
        {defaultable === 'businessUnit' ? (
          <input
            className="input"
            aria-label={`Default for ${label}`}
            value={draft.defaults.businessUnit}
            maxLength={120}
            onChange={(e) => onDraft(setDefault(draft, 'businessUnit', e.target.value))}
            data-testid="default-businessUnit"
          />
        ) : defaultable ? (
          <select
            className="select"
            aria-label={`Default for ${label}`}
            value={draft.defaults[defaultable]}
            onChange={(e) => onDraft(setDefault(draft, defaultable, e.target.value))}
            data-testid={`default-${defaultable}`}
          >
            <option value="">—</option>
            {DEFAULT_CHOICES[defaultable].map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        ) : null}
      </td>
    </tr>
  );
}

const FILTERS: { id: ActionFilter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'create', label: 'Create' },
  { id: 'update', label: 'Update' },
  { id: 'reject', label: 'Reject' },
];

export function PreviewStep({
  preview,
  fields,
  busy,
}: {
  preview: ImportPreview;
  fields: readonly ImportField[];
  busy: boolean;
}) {
  const [filter, setFilter] = useState<ActionFilter>('all');
  const rows = useMemo(() => filterRows(preview.rows, filter), [preview.rows, filter]);
  const counts: Record<ActionFilter, number> = {
    all: preview.counts.total,
    create: preview.counts.create,
    update: preview.counts.update,
    reject: preview.counts.reject,
  };
  const rowWarnings = useMemo(() => preview.rows.filter((r) => r.warnings.length > 0).length, [preview.rows]);
  return (
    <div className="form-stack import-preview">
      <div className="import-chips" role="group" aria-label="Show rows" data-testid="import-filters">
        {FILTERS.map((f) => (
          <button
            key={f.id}
            type="button"
            className={`import-chip chip-${f.id}`}
            aria-pressed={filter === f.id}
            onClick={() => setFilter(f.id)}
            data-testid={`import-filter-${f.id}`}
          >
            {f.label} <span className="import-chip-count">{fmt(counts[f.id])}</span>
          </button>
        ))}
        <div className="spacer" />
        {busy && <span className="muted small-text">Updating…</span>}
      </div>
      {(preview.warnings.length > 0 || rowWarnings > 0) && (
        <p className="muted small-text" data-testid="import-warning-summary">
          {[
            preview.warnings.length > 0 &&
              `${fmt(preview.warnings.length)} note${preview.warnings.length === 1 ? '' : 's'} on the file`,
            rowWarnings > 0 &&
              `${fmt(rowWarnings)} row${rowWarnings === 1 ? '' : 's'} with warnings (shown in the last column)`,
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="muted import-empty">No rows to show with this filter.</p>
      ) : (
        <PreviewGrid rows={rows} fields={fields} />
      )}
    </div>
  );
}

export function ImportStep({
  preview,
  mode,
  onMode,
  run,
  onSaveRejects,
  onUndo,
}: {
  preview: ImportPreview;
  mode: ImportMode;
  onMode: (m: ImportMode) => void;
  run: RunState;
  onSaveRejects: () => void;
  onUndo: () => void;
}) {
  const { counts } = preview;
  const locked = run.status === 'running' || run.status === 'done' || run.status === 'cancelled';
  return (
    <div className="form-stack">
      <p data-testid="import-summary">
        {fmt(counts.create)} to create, {fmt(counts.update)} to update, {fmt(counts.reject)} rejected, of{' '}
        {fmt(counts.total)} rows.
      </p>
      <fieldset className="import-fieldset" disabled={locked}>
        <legend>If some rows are rejected</legend>
        <div className="import-radio-list">
          <label className="import-radio">
            <input
              type="radio"
              name="import-mode"
              checked={mode === 'validOnly'}
              onChange={() => onMode('validOnly')}
              data-testid="import-mode-validOnly"
            />
            <span>Import the valid rows and list the rejects</span>
          </label>
          <label className="import-radio">
            <input
              type="radio"
              name="import-mode"
              checked={mode === 'allOrNothing'}
              onChange={() => onMode('allOrNothing')}
              data-testid="import-mode-allOrNothing"
            />
            <span>Import nothing if any row is rejected</span>
          </label>
        </div>
      </fieldset>
      {run.status === 'running' && (
        <div className="import-progress" data-testid="import-progress">
          <progress
            max={run.total > 0 ? run.total : undefined}
            value={run.total > 0 ? run.done : undefined}
            aria-label="Import progress"
          />
          <span className="muted small-text" aria-live="polite">
            {run.cancelling ? 'Cancelling…' : progressText(run)}
          </span>
        </div>
      )}
      {run.status === 'cancelled' && (
        <p className="import-note" role="status" data-testid="import-cancelled">
          Import cancelled; nothing was changed.
        </p>
      )}
      {run.status === 'failed' && (
        <p className="form-error" role="alert" data-testid="import-failed">
          {run.message}
        </p>
      )}
      {run.status === 'done' && (
        <ResultView result={run.result} run={run} onSaveRejects={onSaveRejects} onUndo={onUndo} />
      )}
    </div>
  );
}

export function ResultView({
  result,
  run,
  onSaveRejects,
  onUndo,
}: {
  result: ImportResult;
  run: { undoable: boolean; undone: boolean };
  onSaveRejects: () => void;
  onUndo: () => void;
}) {
  return (
    <div className="form-stack" data-testid="import-result">
      <p role="status" className={result.committed ? 'import-done' : 'import-note'}>
        {run.undone
          ? 'The import was undone; the portfolio is as it was before.'
          : result.committed
            ? `Imported ${fmt(result.imported)} new, updated ${fmt(result.updated)}, rejected ${fmt(result.rejected)}.`
            : `Nothing was imported: ${fmt(result.rejected)} row${result.rejected === 1 ? ' was' : 's were'} rejected.`}
      </p>
      <dl className="import-counts">
        <div>
          <dt>Imported</dt>
          <dd data-testid="result-imported">{fmt(result.imported)}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd data-testid="result-updated">{fmt(result.updated)}</dd>
        </div>
        <div>
          <dt>Rejected</dt>
          <dd data-testid="result-rejected">{fmt(result.rejected)}</dd>
        </div>
        {result.peopleCreated > 0 && (
          <div>
            <dt>People added</dt>
            <dd>{fmt(result.peopleCreated)}</dd>
          </div>
        )}
      </dl>
      <div className="button-row">
        {result.rejects.length > 0 && (
          <button type="button" className="button" onClick={onSaveRejects} data-testid="import-save-rejects">
            Save rejects as CSV…
          </button>
        )}
        {run.undoable && !run.undone && (
          <button type="button" className="button" onClick={onUndo} data-testid="import-undo">
            Undo import
          </button>
        )}
      </div>
      {result.rejects.length > 0 && (
        <div className="plain-table-scroll import-rejects">
          <table className="plain-table" data-testid="import-rejects">
            <caption className="visually-hidden">Rejected rows</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Column</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {result.rejects.slice(0, REJECTS_SHOWN).map((r, i) => (
                <tr key={i}>
                  <td className="num">{r.row}</td>
                  <td>{r.column || '—'}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.rejects.length > REJECTS_SHOWN && (
            <p className="muted small-text">
              The first {fmt(REJECTS_SHOWN)} of {fmt(result.rejects.length)} problems; save the rejects as CSV for all
              of them.
            </p>
          )}
        </div>
      )}
    </div>
  );
}

function SaveProfileDialog({
  initialName,
  existingId,
  existingName,
  draft,
  onClose,
  onSaved,
}: {
  initialName: string;
  existingId: number | undefined;
  existingName: string | undefined;
  draft: MappingDraft;
  onClose: () => void;
  onSaved: (profileId: string) => void;
}) {
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const save = useCallback(
    async (e: FormEvent) => {
      e.preventDefault();
      e.stopPropagation();
      if (!name.trim()) {
        setError('Name the profile.');
        return;
      }
      setBusy(true);
      setError(null);
      try {
        // Saving under the applied saved profile's own name updates it; any other name makes a new one.
        const same = existingId !== undefined && existingName?.trim() === name.trim();
        const saved = await invoke('import/saveProfile', {
          profile: profileFromDraft(draft, name),
          ...(same ? { id: existingId } : {}),
        });
        toast.info(`Saved the profile “${saved.name}”.`);
        onSaved(saved.id);
      } catch (err) {
        setError(errorMessage(err));
      } finally {
        setBusy(false);
      }
    },
    [name, draft, existingId, existingName, onSaved],
  );
  return (
    <Dialog
      title="Save mapping as profile"
      onClose={onClose}
      size="small"
      testId="import-save-profile-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${id}-form`} className="button primary" disabled={busy} data-testid="save">
            Save profile
          </button>
        </>
      }
    >
      <form id={`${id}-form`} className="form-stack" onSubmit={(e) => void save(e)} noValidate>
        {error && (
          <p className="form-error" role="alert" data-testid="import-save-profile-error">
            {error}
          </p>
        )}
        <div className="field">
          <label htmlFor={id}>Profile name</label>
          <input
            id={id}
            className="input"
            value={name}
            maxLength={80}
            onChange={(e) => setName(e.target.value)}
            data-testid="import-profile-name"
          />
          <span className="field-hint">Saved in this portfolio file; the wizard offers it for files it fits.</span>
        </div>
      </form>
    </Dialog>
  );
}
