import { useState } from 'react';
import { RESULT_VALUES, type CriterionView } from '../../../../shared/domain/gateReview';
import type { CriterionResultValue } from '../../../../shared/domain/governance/gates';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { Chip } from '../../components/Chip';
import { Field } from '../../components/Field';
import { EvidenceList } from './EvidenceList';
import { AUTO_CHECK, categoryLabel, gateIssues, RESULT_LABELS, type GateErrors } from './gateFormat';

interface Draft {
  result: CriterionResultValue | '';
  score: string;
  waiverReason: string;
  note: string;
}

function fromView(v: CriterionView): Draft {
  return {
    result: v.result ?? '',
    score: v.score === null ? '' : String(v.score),
    waiverReason: v.waiverReason,
    note: v.note,
  };
}

const SCORES = ['0', '1', '2', '3', '4'];

/** One criterion: its result, score, waiver and note (saved as they change), auto-check and evidence. */
export function CriterionRow({
  view,
  reviewId,
  readOnly,
}: {
  view: CriterionView;
  reviewId: number;
  readOnly: boolean;
}) {
  const c = view.criterion;
  const serverKey = JSON.stringify(fromView(view));
  const [seen, setSeen] = useState(serverKey);
  const [draft, setDraft] = useState<Draft>(() => fromView(view));
  const [errors, setErrors] = useState<GateErrors>({});
  // Someone saved (here or by undo): show what the portfolio now holds.
  if (seen !== serverKey) {
    setSeen(serverKey);
    setDraft(fromView(view));
  }

  const save = async (next: Draft) => {
    setDraft(next);
    if (next.result === '') return;
    // A waiver counts only with a reason: wait for it before saving (the field says so).
    if (next.result === 'WAIVED' && !next.waiverReason.trim()) {
      setErrors({ waiverReason: 'Say why it is waived (saved when you leave the field)' });
      return;
    }
    setErrors({});
    try {
      await invoke('gate/setResult', {
        reviewId,
        criterionId: c.id,
        result: next.result,
        score: c.kind === 'should' && next.score !== '' ? Number(next.score) : null,
        waiverReason: next.waiverReason,
        note: next.note,
      });
    } catch (err) {
      if (isApiError(err, 'VALIDATION') && err.issues.length) setErrors(gateIssues(err.issues));
      else setErrors({ '': errorMessage(err) });
    }
  };
  /** Text fields save when left (or on Enter), and only when something differs from what is stored. */
  const saveText = () => {
    if (JSON.stringify(draft) !== serverKey) void save(draft);
  };

  const auto = view.autoCheck;
  const autoOverrides = auto?.status === 'failed' && draft.result === 'MET';
  return (
    <li
      className={`gate-criterion${view.unmetReason ? ' unmet' : ''}`}
      data-testid="criterion-row"
      data-criterion-id={c.id}
      data-kind={c.kind}
      aria-label={`Criterion ${c.id}`}
    >
      <div className="gate-criterion-head">
        <code className="gate-criterion-id">{c.id}</code>
        <span className="gate-criterion-text">{c.text}</span>
        <span className="gate-criterion-tags">
          <Chip tone="neutral">{categoryLabel(c.category)}</Chip>
          {c.kind === 'should' && <span className="muted small-text">weight {c.weight}</span>}
        </span>
      </div>
      {auto && (
        <p className="gate-autocheck" data-testid="auto-check" data-status={auto.status}>
          <Chip tone={AUTO_CHECK[auto.status].tone}>{AUTO_CHECK[auto.status].label}</Chip>{' '}
          <span className="muted">{auto.reason}</span>
        </p>
      )}
      {autoOverrides && !view.unmetReason && (
        <p className="gate-warning small-text">
          The failed auto-check overrides “Met”: this criterion counts as unmet.
        </p>
      )}
      {view.unmetReason && (
        <p className="gate-unmet small-text" data-testid="unmet-reason">
          Unmet: {view.unmetReason}
        </p>
      )}
      {errors[''] && (
        <p className="form-error" role="alert">
          {errors['']}
        </p>
      )}
      <div className="gate-criterion-fields">
        <Field label="Result" error={errors.result}>
          <select
            className="select"
            name="result"
            value={draft.result}
            disabled={readOnly}
            onChange={(e) => void save({ ...draft, result: e.target.value as CriterionResultValue })}
            data-testid="criterion-result"
          >
            {draft.result === '' && <option value="">Not assessed</option>}
            {RESULT_VALUES.map((r) => (
              <option key={r} value={r}>
                {RESULT_LABELS[r]}
              </option>
            ))}
          </select>
        </Field>
        {c.kind === 'should' && (
          <Field label="Score (0–4)" error={errors.score}>
            <select
              className="select"
              name="score"
              value={draft.score}
              disabled={readOnly || draft.result === '' || draft.result === 'NA' || draft.result === 'WAIVED'}
              onChange={(e) => void save({ ...draft, score: e.target.value })}
              data-testid="criterion-score"
            >
              <option value="">From result</option>
              {SCORES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </Field>
        )}
        {draft.result === 'WAIVED' && (
          <Field label="Waiver reason" error={errors.waiverReason} className="gate-wide">
            <input
              className="input"
              name="waiverReason"
              value={draft.waiverReason}
              readOnly={readOnly}
              onChange={(e) => setDraft({ ...draft, waiverReason: e.target.value })}
              onBlur={() => saveText()}
              onKeyDown={(e) => {
                if (e.key === 'Enter') saveText();
              }}
              autoComplete="off"
            />
          </Field>
        )}
        <Field label="Note" error={errors.note} className="gate-wide">
          <input
            className="input"
            name="note"
            value={draft.note}
            readOnly={readOnly}
            disabled={!readOnly && draft.result === ''}
            placeholder={draft.result === '' ? 'Choose a result first' : undefined}
            onChange={(e) => setDraft({ ...draft, note: e.target.value })}
            onBlur={() => saveText()}
            onKeyDown={(e) => {
              if (e.key === 'Enter') saveText();
            }}
            autoComplete="off"
          />
        </Field>
      </div>
      <EvidenceList reviewId={reviewId} criterionId={c.id} evidence={view.evidence} readOnly={readOnly} label={c.id} />
    </li>
  );
}
