import { useState, type FormEvent } from 'react';
import type { Evidence } from '../../../../shared/domain/gateReview';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { openExternal, reportError } from '../../app/commands';
import { Chip } from '../../components/Chip';
import { Field } from '../../components/Field';
import { formatDate } from '../../components/format';
import { toast } from '../../store/toasts';
import { formatBytes, gateIssues, shortHash, type GateErrors } from './gateFormat';

type Adding = 'file' | 'link' | 'note';

interface EvidenceListProps {
  reviewId: number;
  /** null: evidence on the review as a whole. */
  criterionId: string | null;
  evidence: Evidence[];
  readOnly: boolean;
  /** Names the list for screen readers, e.g. "G1-M1" or "the review". */
  label: string;
}

/** Evidence for one criterion (or the whole review): files with their hash, links and notes. */
export function EvidenceList({ reviewId, criterionId, evidence, readOnly, label }: EvidenceListProps) {
  const [adding, setAdding] = useState<Adding | null>(null);

  const remove = async (e: Evidence) => {
    try {
      await invoke('gate/removeEvidence', { id: e.id });
      toast.change(`Removed evidence “${e.title}”`);
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <div className="gate-evidence" data-testid="evidence-list" data-criterion-id={criterionId ?? ''}>
      {evidence.length > 0 && (
        <ul className="gate-evidence-items" aria-label={`Evidence for ${label}`}>
          {evidence.map((e) => (
            <EvidenceItem key={e.id} evidence={e} readOnly={readOnly} onRemove={() => void remove(e)} />
          ))}
        </ul>
      )}
      {!readOnly && adding === null && (
        <div className="gate-evidence-actions">
          <button
            type="button"
            className="button small"
            onClick={() => setAdding('file')}
            aria-label={`Attach file to ${label}`}
            data-testid="attach-file"
          >
            Attach file…
          </button>
          <button
            type="button"
            className="button small"
            onClick={() => setAdding('link')}
            aria-label={`Add link to ${label}`}
            data-testid="add-link"
          >
            Add link
          </button>
          <button
            type="button"
            className="button small"
            onClick={() => setAdding('note')}
            aria-label={`Add note to ${label}`}
            data-testid="add-note"
          >
            Add note
          </button>
        </div>
      )}
      {!readOnly && adding !== null && (
        <EvidenceForm reviewId={reviewId} criterionId={criterionId} kind={adding} onDone={() => setAdding(null)} />
      )}
    </div>
  );
}

function EvidenceItem({
  evidence: e,
  readOnly,
  onRemove,
}: {
  evidence: Evidence;
  readOnly: boolean;
  onRemove: () => void;
}) {
  return (
    <li className="gate-evidence-item" data-testid="evidence-item" data-kind={e.kind}>
      <span className="gate-evidence-kind">{e.kind === 'file' ? 'File' : e.kind === 'link' ? 'Link' : 'Note'}</span>
      <span className="gate-evidence-main">
        {e.kind === 'link' && e.url ? (
          <a
            href={e.url}
            onClick={(ev) => {
              ev.preventDefault();
              void openExternal(e.url ?? '');
            }}
            data-testid="evidence-title"
          >
            {e.title}
          </a>
        ) : (
          <strong data-testid="evidence-title">{e.title}</strong>
        )}
        {e.kind === 'file' && (
          <span className="muted gate-evidence-file" data-testid="evidence-file">
            <span data-testid="evidence-file-name">{e.fileName ?? '—'}</span>
            {' · '}
            <span data-testid="evidence-size">{e.sizeBytes === null ? '—' : formatBytes(e.sizeBytes)}</span>
            {' · SHA-256 '}
            <code title={e.sha256 ?? undefined} data-testid="evidence-sha">
              {e.sha256 ? shortHash(e.sha256) : '—'}
            </code>
          </span>
        )}
        {e.kind === 'note' && e.note && <span className="gate-evidence-note">{e.note}</span>}
        <span className="muted small-text">
          {e.addedBy} · {formatDate(e.addedAt)}
          {e.validUntil && <> · valid until {formatDate(e.validUntil)}</>}
        </span>
      </span>
      {e.expired && (
        <Chip tone="danger" title={`Expired on ${formatDate(e.validUntil)}`}>
          Expired
        </Chip>
      )}
      {!readOnly && (
        <button
          type="button"
          className="icon-button"
          aria-label={`Remove evidence ${e.title}`}
          onClick={onRemove}
          data-testid="remove-evidence"
        >
          ×
        </button>
      )}
    </li>
  );
}

interface EvidenceFormProps {
  reviewId: number;
  criterionId: string | null;
  kind: Adding;
  onDone: () => void;
}

/** A small inline form: title, the link or note, and how long the evidence stays valid. */
function EvidenceForm({ reviewId, criterionId, kind, onDone }: EvidenceFormProps) {
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [note, setNote] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [errors, setErrors] = useState<GateErrors>({});
  const [busy, setBusy] = useState(false);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setBusy(true);
    setErrors({});
    const common = { reviewId, criterionId, validUntil: validUntil || null };
    try {
      if (kind === 'file') {
        const d = await invoke('gate/addEvidenceFile', title.trim() ? { ...common, title } : common);
        const added = [...d.criteria.flatMap((c) => c.evidence), ...d.generalEvidence]
          .filter((e) => e.kind === 'file')
          .sort((a, b) => b.id - a.id)[0];
        toast.change(`Attached “${added?.fileName ?? 'file'}”`);
      } else if (kind === 'link') {
        await invoke('gate/addEvidence', { ...common, kind, title, url });
        toast.change(`Added link “${title.trim()}”`);
      } else {
        await invoke('gate/addEvidence', { ...common, kind, title, note });
        toast.change(`Added note “${title.trim()}”`);
      }
      onDone();
    } catch (err) {
      if (isApiError(err, 'CANCELLED')) {
        // The user closed the file dialog: nothing to say, the form stays for another try.
      } else if (isApiError(err, 'VALIDATION') && err.issues.length) {
        setErrors(gateIssues(err.issues));
      } else {
        setErrors({ '': errorMessage(err) });
      }
    } finally {
      setBusy(false);
    }
  };

  // The file itself (too large, unreadable) and anything without a field of its own.
  const formError = errors[''] ?? errors.file ?? errors.criterionId ?? errors.reviewId;
  const what = kind === 'file' ? 'file' : kind === 'link' ? 'link' : 'note';
  return (
    <form
      className="gate-evidence-form"
      onSubmit={(ev) => void submit(ev)}
      noValidate
      data-testid="evidence-form"
      aria-label={`Add ${what}`}
      onKeyDown={(ev) => {
        // Escape leaves this small form, not the whole review.
        if (ev.key === 'Escape') {
          ev.stopPropagation();
          onDone();
        }
      }}
    >
      {formError && (
        <p className="form-error span-2" role="alert" data-testid="evidence-error">
          {formError}
        </p>
      )}
      <Field label={kind === 'file' ? 'Title (optional)' : 'Title'} error={errors.title}>
        <input className="input" name="title" value={title} onChange={(e) => setTitle(e.target.value)} autoFocus />
      </Field>
      {kind === 'link' && (
        <Field label="Address" error={errors.url}>
          <input
            className="input"
            name="url"
            type="url"
            placeholder="https://"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </Field>
      )}
      {kind === 'note' && (
        <Field label="Note" error={errors.note} className="span-2">
          <textarea className="input" name="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
      )}
      <Field label="Valid until" error={errors.validUntil}>
        <input
          className="input"
          type="date"
          name="validUntil"
          value={validUntil}
          onChange={(e) => setValidUntil(e.target.value)}
        />
      </Field>
      <div className="gate-evidence-form-actions span-2">
        <button type="button" className="button small" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button small primary" disabled={busy} data-testid="evidence-save">
          {kind === 'file' ? 'Choose file…' : kind === 'link' ? 'Add link' : 'Add note'}
        </button>
      </div>
    </form>
  );
}
