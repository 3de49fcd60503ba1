import { useState, type FormEvent, type ReactNode } from 'react';
import {
  CONTROL_FRAMEWORKS,
  CONTROL_STATUSES,
  DEFAULT_APPETITE,
  IMPACT_SCALE,
  LIKELIHOOD_SCALE,
  REVIEW_CADENCES,
  RISK_CATEGORIES,
  RISK_STATUSES,
  TAXONOMIES,
  TAXONOMY_CATALOGUE_VERSION,
  TREATMENTS,
  isAcceptanceExpired,
  riskStatement,
  scaleDefinition,
  taxonomyRefLabel,
  type Level,
  type Risk,
  type RiskCategory,
} from '../../../../shared/domain/risk';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { reportError } from '../../app/commands';
import { Chip } from '../../components/Chip';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { formatDate } from '../../components/format';
import { VocabularySelect } from '../../components/VocabularySelect';
import { toast } from '../../store/toasts';
import { DraftActions, LiveActions } from './ActionsEditor';
import { FlagChips, ScoreChip } from './RiskChips';
import {
  checkDraft,
  createInput,
  draftFromRisk,
  errorsFromIssues,
  movedKeys,
  newKey,
  patchOf,
  riskFields,
  type PathErrors,
  type RiskDraft,
} from './riskDraft';
import { RISK_TABLES, computedNextReview, refPrefix, refSource, scoreOf } from './riskFormat';
import { useInitiativeOptions, usePeople, useRiskToday } from './useLookups';

const FORM_ID = 'risk-form';

/** A new risk: blank, or pre-filled from the library. */
export function RiskCreateDialog({
  initial,
  fromLibrary,
  onClose,
}: {
  initial: RiskDraft;
  fromLibrary: boolean;
  onClose: () => void;
}) {
  const today = useRiskToday();
  if (!today) return <LoadingDialog title="New risk" onClose={onClose} />;
  return (
    <RiskFormDialog
      title={fromLibrary ? `Add “${initial.title}” from the library` : 'New risk'}
      initial={initial}
      today={today}
      onClose={onClose}
      save={async (d) => {
        const saved = await invoke('risk/create', createInput(d));
        toast.change(`Added risk “${saved.title}”`);
      }}
    />
  );
}

/** A stored risk: its form, its actions saved one by one, "Mark reviewed" and Delete. */
export function RiskEditDialog({ id, onClose }: { id: number; onClose: () => void }) {
  const risk = useQuery('risk/get', { id }, RISK_TABLES);
  const today = useRiskToday();
  if (risk.error !== undefined && !risk.data) {
    return (
      <Dialog title="Risk" onClose={onClose} size="small" testId="risk-missing">
        <p role="alert">
          {isApiError(risk.error, 'NOT_FOUND') ? 'This risk no longer exists.' : errorMessage(risk.error)}
        </p>
      </Dialog>
    );
  }
  if (!risk.data || !today) return <LoadingDialog title="Risk" onClose={onClose} />;
  const r = risk.data;
  return (
    <RiskFormDialog
      key={r.id}
      title={`${r.ref} · ${r.title}`}
      initial={draftFromRisk(r)}
      risk={r}
      today={today}
      onClose={onClose}
      save={async (d, original) => {
        const patch = patchOf(original, d);
        if (Object.keys(patch).length === 0) {
          toast.info('No changes to save');
          return;
        }
        const saved = await invoke('risk/update', { id: r.id, patch });
        toast.change(`Saved risk “${saved.title}”`);
      }}
    />
  );
}

function LoadingDialog({ title, onClose }: { title: string; onClose: () => void }) {
  return (
    <Dialog title={title} onClose={onClose} size="small">
      <p aria-busy="true">Loading…</p>
    </Dialog>
  );
}

interface RiskFormDialogProps {
  title: string;
  initial: RiskDraft;
  risk?: Risk;
  today: string;
  onClose: () => void;
  save: (d: RiskDraft, original: RiskDraft) => Promise<void>;
}

function RiskFormDialog({ title, initial, risk, today, onClose, save }: RiskFormDialogProps) {
  const [draft, setDraft] = useState<RiskDraft>(initial);
  const [errors, setErrors] = useState<PathErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  // The appetite follows the category until the user sets it.
  const [appetiteSet, setAppetiteSet] = useState(initial.appetite !== '');
  const people = usePeople();
  const initiatives = useInitiativeOptions();

  const update = (patch: Partial<RiskDraft>, cleared: string[]) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (cleared.some((k) => errors[k])) {
      setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !cleared.includes(k))));
    }
  };
  const set =
    <K extends keyof RiskDraft>(key: K, ...paths: string[]) =>
    (e: { target: { value: string } }) =>
      update({ [key]: e.target.value } as Partial<RiskDraft>, paths.length ? paths : [key]);

  const focusFirstError = () =>
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`#${FORM_ID} [aria-invalid="true"]`)?.focus());

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = risk ? { ...draft, actions: [] } : draft;
    const moved = risk ? movedKeys(patchOf(initial, draft)) : undefined;
    const local = checkDraft(checked, today, moved);
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) {
      focusFirstError();
      return;
    }
    setBusy(true);
    try {
      await save(draft, initial);
      onClose();
    } catch (err) {
      if (isApiError(err, 'VALIDATION') && err.issues.length) {
        const byPath = errorsFromIssues(err.issues);
        setErrors(byPath);
        // What no field shows (a whole-input or cross-field issue) goes on top of the form.
        const shown = new Set(FIELD_PATHS.concat(Object.keys(byPath).filter((k) => /^(actions|controls)\./.test(k))));
        const unshown = Object.entries(byPath).filter(([k]) => !shown.has(k) && !k.startsWith('acceptance.'));
        setFormError(unshown.length ? unshown.map(([, m]) => m).join(' · ') : null);
        focusFirstError();
      } else {
        setFormError(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  };

  const markReviewed = async () => {
    if (!risk) return;
    try {
      const saved = await invoke('risk/review', { id: risk.id });
      // The review moves both dates; an edit saved afterwards must not put the old ones back.
      setDraft((d) => ({ ...d, lastReviewedOn: saved.lastReviewedOn ?? '', nextReviewOn: saved.nextReviewOn }));
      toast.change(`Reviewed “${saved.title}”: next review ${formatDate(saved.nextReviewOn)}`);
    } catch (e) {
      reportError(e);
    }
  };

  const remove = async () => {
    if (!risk) return;
    try {
      await invoke('risk/delete', { id: risk.id });
      toast.change(`Deleted risk “${risk.title}”`);
      setConfirmDelete(false);
      onClose();
    } catch (e) {
      reportError(e);
      setConfirmDelete(false);
    }
  };

  const f = riskFields(draft);
  const residual = scoreOf(f.residual.likelihood, f.residual.impact);
  const appetite = Number(draft.appetite);
  const appetiteOk = Number.isInteger(appetite) && appetite >= 1 && appetite <= 25;
  const reviewFrom = draft.lastReviewedOn || draft.identifiedOn || today;
  const computed = computedNextReview(reviewFrom, draft.reviewCadence || null, residual?.score ?? null);
  const statement = riskStatement(draft.cause.trim(), draft.event.trim(), draft.consequence.trim());
  const acceptanceExpired = draft.expiresOn !== '' && isAcceptanceExpired(draft.expiresOn, today);

  const personOptions = people.map((p) => (
    <option key={p.id} value={String(p.id)}>
      {p.name}
      {p.title ? ` — ${p.title}` : ''}
    </option>
  ));

  return (
    <>
      <Dialog
        title={title}
        onClose={onClose}
        size="large"
        testId={FORM_ID}
        actions={
          <>
            {risk && (
              <>
                <button
                  type="button"
                  className="button danger-outline"
                  data-testid="delete-risk"
                  onClick={() => setConfirmDelete(true)}
                >
                  Delete…
                </button>
                <button
                  type="button"
                  className="button"
                  data-testid="mark-reviewed"
                  onClick={() => void markReviewed()}
                >
                  Mark reviewed
                </button>
              </>
            )}
            <span className="spacer" />
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" form={FORM_ID} className="button primary" disabled={busy} data-testid="save">
              {risk ? 'Save changes' : 'Add risk'}
            </button>
          </>
        }
      >
        {risk && (
          <div className="risk-form-status" data-testid="risk-form-status">
            <span>
              Residual <ScoreChip scored={risk.residual} label="Residual" />
            </span>
            <span>
              Next review {formatDate(risk.nextReviewOn)}{' '}
              {risk.flags.reviewOverdue && <Chip tone="warning">Overdue</Chip>}
            </span>
            <span>Last reviewed {formatDate(risk.lastReviewedOn)}</span>
            <FlagChips flags={risk.flags} appetite={risk.appetite} residualScore={risk.residual.score} />
          </div>
        )}
        <form id={FORM_ID} className="form-grid risk-form" onSubmit={submit} noValidate>
          {formError && (
            <p className="form-error span-2" role="alert">
              {formError}
            </p>
          )}
          <Field label="Title" error={errors.title} className="span-2">
            <input
              className="input"
              name="title"
              value={draft.title}
              onChange={set('title')}
              autoComplete="off"
              data-autofocus
            />
          </Field>
          <Field label="Initiative" error={errors.initiativeId}>
            <select className="select" name="initiativeId" value={draft.initiativeId} onChange={set('initiativeId')}>
              <option value="">Portfolio (no initiative)</option>
              {/* An archived initiative is not in the list, yet its risks still name it. */}
              {draft.initiativeId !== '' && !initiatives.some((i) => String(i.id) === draft.initiativeId) && (
                <option value={draft.initiativeId}>Initiative #{draft.initiativeId} (archived or loading)</option>
              )}
              {initiatives.map((i) => (
                <option key={i.id} value={String(i.id)}>
                  {i.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Owner" error={errors.ownerId}>
            <select className="select" name="ownerId" value={draft.ownerId} onChange={set('ownerId')}>
              <option value="">— none —</option>
              {personOptions}
            </select>
          </Field>
          <Field label="Description" error={errors.description} className="span-2">
            <textarea
              className="input"
              name="description"
              rows={2}
              value={draft.description}
              onChange={set('description')}
            />
          </Field>
          <fieldset className="span-2 risk-statement">
            <legend>Statement</legend>
            <Field label="Cause (because…)" error={errors.cause}>
              <textarea className="input" name="cause" rows={2} value={draft.cause} onChange={set('cause')} />
            </Field>
            <Field label="Event (…may occur)" error={errors.event}>
              <textarea className="input" name="event" rows={2} value={draft.event} onChange={set('event')} />
            </Field>
            <Field label="Consequence (leading to…)" error={errors.consequence}>
              <textarea
                className="input"
                name="consequence"
                rows={2}
                value={draft.consequence}
                onChange={set('consequence')}
              />
            </Field>
            {statement && (
              <p className="risk-statement-text span-3" data-testid="risk-statement">
                {statement}
              </p>
            )}
          </fieldset>

          <Field
            label="Category"
            error={errors.category}
            hint={`Risk categories of the register schema; references below from the shipped AI taxonomies (catalogue ${TAXONOMY_CATALOGUE_VERSION})`}
          >
            <select
              className="select"
              name="category"
              value={draft.category}
              onChange={(e) => {
                const category = e.target.value as RiskCategory | '';
                update(
                  {
                    category,
                    ...(!appetiteSet && category ? { appetite: String(DEFAULT_APPETITE[category]) } : {}),
                  },
                  ['category', 'appetite'],
                );
              }}
            >
              <option value="">— choose —</option>
              {RISK_CATEGORIES.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </Field>
          <TaxonomyRefs
            refs={draft.taxonomyRefs}
            error={errors.taxonomyRefs}
            onChange={(taxonomyRefs) => update({ taxonomyRefs }, ['taxonomyRefs'])}
          />

          <ScorePair
            kind="inherent"
            title="Inherent"
            hint="before any controls"
            l={draft.inherentL}
            i={draft.inherentI}
            errors={errors}
            onChange={(l, i) => update({ inherentL: l, inherentI: i }, ['inherent.likelihood', 'inherent.impact'])}
          />
          <ScorePair
            kind="residual"
            title="Residual"
            hint="with the controls in place and verified"
            l={draft.residualL}
            i={draft.residualI}
            errors={errors}
            onChange={(l, i) => update({ residualL: l, residualI: i }, ['residual.likelihood', 'residual.impact'])}
          />
          <ScorePair
            kind="target"
            title="Target"
            hint="after the planned treatment (optional)"
            optional
            l={draft.targetL}
            i={draft.targetI}
            errors={errors}
            onChange={(l, i) => update({ targetL: l, targetI: i }, ['target.likelihood', 'target.impact'])}
          />

          <Field
            label="Appetite (highest acceptable residual score)"
            error={errors.appetite}
            hint={
              appetiteOk && residual
                ? residual.score <= appetite
                  ? `Residual ${residual.score} is within appetite`
                  : `Residual ${residual.score} is above appetite: treat it or record an acceptance`
                : 'A score from 1 to 25; the category sets the default'
            }
          >
            <input
              className="input"
              type="number"
              min={1}
              max={25}
              step={1}
              name="appetite"
              value={draft.appetite}
              onChange={(e) => {
                setAppetiteSet(true);
                update({ appetite: e.target.value }, ['appetite']);
              }}
            />
          </Field>
          <Field label="Treatment" error={errors.treatment}>
            <VocabularySelect
              name="treatment"
              value={draft.treatment}
              onChange={set(
                'treatment',
                'treatment',
                'acceptance.approverId',
                'acceptance.expiresOn',
                'acceptance.reason',
              )}
              items={[{ id: '', label: '— not decided —' }, ...TREATMENTS]}
            />
          </Field>
          <Field label="Status" error={errors.status}>
            <VocabularySelect
              name="status"
              value={draft.status}
              onChange={set('status', 'status', 'acceptance.approverId', 'acceptance.expiresOn', 'acceptance.reason')}
              items={RISK_STATUSES}
            />
          </Field>

          <fieldset className="span-2 risk-review">
            <legend>Review</legend>
            <Field label="Cadence" error={errors.reviewCadence}>
              <VocabularySelect
                name="reviewCadence"
                value={draft.reviewCadence}
                onChange={set('reviewCadence')}
                items={[
                  {
                    id: '',
                    label: residual
                      ? `By residual band (${REVIEW_CADENCES.find((c) => c.id === computed?.cadence)?.label ?? '—'})`
                      : 'By residual band',
                  },
                  ...REVIEW_CADENCES,
                ]}
              />
            </Field>
            <Field label="Identified on" error={errors.identifiedOn}>
              <input
                className="input"
                type="date"
                name="identifiedOn"
                max={today}
                value={draft.identifiedOn}
                onChange={set('identifiedOn')}
              />
            </Field>
            <Field
              label="Next review"
              error={errors.nextReviewOn}
              hint={
                computed
                  ? `Computed: ${formatDate(computed.date)} (${
                      REVIEW_CADENCES.find((c) => c.id === computed.cadence)?.label.toLowerCase() ?? ''
                    } from ${formatDate(reviewFrom)}); clear the date to use it`
                  : 'Computed from the cadence once the residual is scored'
              }
            >
              <input
                className="input"
                type="date"
                name="nextReviewOn"
                value={draft.nextReviewOn}
                onChange={set('nextReviewOn')}
                data-testid="next-review-input"
              />
            </Field>
          </fieldset>

          <fieldset className="span-2 risk-acceptance" data-testid="acceptance">
            <legend>
              Acceptance{' '}
              {acceptanceExpired ? (
                <Chip tone="warning" title="The acceptance is past its expiry">
                  Expired
                </Chip>
              ) : (
                risk?.flags.acceptedInForce && (
                  <Chip tone="ok" title="An acceptance is on record and in force">
                    In force until {formatDate(risk.acceptance?.expiresOn ?? null)}
                  </Chip>
                )
              )}
            </legend>
            <Field label="Approver" error={errors['acceptance.approverId']}>
              <select
                className="select"
                name="acceptance.approverId"
                value={draft.approverId}
                onChange={set('approverId', 'acceptance.approverId', 'acceptance')}
              >
                <option value="">— none —</option>
                {personOptions}
              </select>
            </Field>
            <Field label="Accepted on" error={errors['acceptance.acceptedOn']} hint="Default: today">
              <input
                className="input"
                type="date"
                name="acceptance.acceptedOn"
                max={today}
                value={draft.acceptedOn}
                onChange={set('acceptedOn', 'acceptance.acceptedOn')}
              />
            </Field>
            <Field label="Expires on" error={errors['acceptance.expiresOn']}>
              <input
                className="input"
                type="date"
                name="acceptance.expiresOn"
                value={draft.expiresOn}
                onChange={set('expiresOn', 'acceptance.expiresOn')}
              />
            </Field>
            <Field label="Reason" error={errors['acceptance.reason'] ?? errors.acceptance} className="span-3">
              <textarea
                className="input"
                name="acceptance.reason"
                rows={2}
                value={draft.acceptReason}
                onChange={set('acceptReason', 'acceptance.reason', 'acceptance')}
                placeholder="Why living with this risk is the right decision, at this level of authority"
              />
            </Field>
          </fieldset>

          <ControlsEditor draft={draft} errors={errors} onChange={(controls) => update({ controls }, [])} />

          {!risk && (
            <DraftActions
              actions={draft.actions}
              errors={errors}
              people={people}
              onChange={(actions) => {
                setDraft((d) => ({ ...d, actions }));
                setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith('actions.'))));
              }}
            />
          )}
        </form>
        {risk && <LiveActions riskId={risk.id} actions={risk.actions} people={people} />}
      </Dialog>
      {confirmDelete && risk && (
        <ConfirmDialog
          title="Delete risk?"
          confirmLabel="Delete"
          destructive
          onConfirm={remove}
          onCancel={() => setConfirmDelete(false)}
        >
          <p>
            Delete <strong>“{risk.title}”</strong> ({risk.ref}) with its {risk.actions.length} action
            {risk.actions.length === 1 ? '' : 's'} and {risk.controls.length} control
            {risk.controls.length === 1 ? '' : 's'}? You can undo this right after.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

/** The paths some field of the form shows; the rest of the core's issues go on top. */
const FIELD_PATHS = [
  'title',
  'initiativeId',
  'ownerId',
  'description',
  'cause',
  'event',
  'consequence',
  'category',
  'taxonomyRefs',
  'inherent.likelihood',
  'inherent.impact',
  'residual.likelihood',
  'residual.impact',
  'target.likelihood',
  'target.impact',
  'appetite',
  'treatment',
  'status',
  'reviewCadence',
  'identifiedOn',
  'nextReviewOn',
  'acceptance',
];

/** Likelihood and impact pickers showing each level's written definition, with the score and band live. */
function ScorePair({
  kind,
  title,
  hint,
  optional = false,
  l,
  i,
  errors,
  onChange,
}: {
  kind: 'inherent' | 'residual' | 'target';
  title: string;
  hint: string;
  optional?: boolean;
  l: string;
  i: string;
  errors: PathErrors;
  onChange: (l: string, i: string) => void;
}) {
  const lv = l === '' ? null : (Number(l) as Level);
  const iv = i === '' ? null : (Number(i) as Level);
  const s = scoreOf(lv, iv);
  return (
    <fieldset className="span-2 score-pair" data-testid={`score-${kind}`}>
      <legend>
        {title} <span className="muted">— {hint}</span>
      </legend>
      <Field
        label="Likelihood"
        error={errors[`${kind}.likelihood`]}
        hint={lv ? scaleDefinition('likelihood', lv) : 'Over 12 months or the initiative’s life'}
      >
        <select className="select" name={`${kind}.likelihood`} value={l} onChange={(e) => onChange(e.target.value, i)}>
          <option value="">{optional ? '— not set —' : '— choose —'}</option>
          {LIKELIHOOD_SCALE.map((x) => (
            <option key={x.level} value={String(x.level)}>
              {x.level} {x.label} ({x.probability})
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Impact"
        error={errors[`${kind}.impact`]}
        hint={
          iv ? scaleDefinition('impact', iv) : 'The worst of financial, harm, regulatory, reputational, operational'
        }
      >
        <select className="select" name={`${kind}.impact`} value={i} onChange={(e) => onChange(l, e.target.value)}>
          <option value="">{optional ? '— not set —' : '— choose —'}</option>
          {IMPACT_SCALE.map((x) => (
            <option key={x.level} value={String(x.level)}>
              {x.level} {x.label}
            </option>
          ))}
        </select>
      </Field>
      <output className="score-live" data-testid={`score-live-${kind}`} aria-live="polite">
        {s ? (
          <ScoreChip scored={{ likelihood: lv!, impact: iv!, score: s.score, band: s.band }} label={title} />
        ) : (
          <span className="muted">{optional ? 'No target' : 'Not scored'}</span>
        )}
      </output>
    </fieldset>
  );
}

/** The taxonomy references: chips naming item and source, removable; a grouped picker adds one. */
function TaxonomyRefs({
  refs,
  error,
  onChange,
}: {
  refs: string[];
  error: string | undefined;
  onChange: (refs: string[]) => void;
}) {
  const sources = [...new Set(refs.map(refSource))];
  return (
    <div className="field risk-refs" data-testid="taxonomy-refs">
      <label htmlFor="risk-add-ref">Taxonomy references</label>
      <select
        id="risk-add-ref"
        className="select"
        value=""
        onChange={(e) => {
          if (e.target.value && !refs.includes(e.target.value)) onChange([...refs, e.target.value]);
        }}
      >
        <option value="">Add a reference…</option>
        {TAXONOMIES.map((t) => (
          <optgroup key={t.id} label={t.label}>
            {t.items.map((item) => {
              const ref = `${t.id}:${item.id}`;
              return (
                <option key={ref} value={ref} disabled={refs.includes(ref)}>
                  {item.id} {item.label}
                </option>
              );
            })}
          </optgroup>
        ))}
      </select>
      {refs.length > 0 && (
        <ul className="risk-ref-list">
          {refs.map((ref) => (
            <li key={ref} className="tag" title={refSource(ref)}>
              <span className="muted">{refPrefix(ref)}</span> {taxonomyRefLabel(ref)}
              <button
                type="button"
                className="icon-button ref-remove"
                aria-label={`Remove reference ${taxonomyRefLabel(ref)}`}
                onClick={() => onChange(refs.filter((r) => r !== ref))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {sources.length > 0 && <span className="field-hint">Sources: {sources.join('; ')}</span>}
      {error && (
        <span className="field-error" data-testid="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** Linked controls: framework, reference, what the control is, and how far it is implemented. */
function ControlsEditor({
  draft,
  errors,
  onChange,
}: {
  draft: RiskDraft;
  errors: PathErrors;
  onChange: (controls: RiskDraft['controls']) => void;
}) {
  const list = draft.controls;
  const edit = (key: number, patch: Partial<RiskDraft['controls'][number]>) =>
    onChange(list.map((c) => (c.key === key ? { ...c, ...patch } : c)));
  // Errors name filled rows by their index among the filled ones (blank rows are not sent).
  const filledIndex = list.reduce<number[]>((acc, c) => {
    const prev = acc.length ? acc[acc.length - 1]! : -1;
    acc.push(c.ref.trim() || c.title.trim() ? prev + 1 : prev);
    return acc;
  }, []);
  return (
    <fieldset className="span-2 risk-controls" data-testid="controls-editor">
      <legend>Linked controls</legend>
      {list.length === 0 && <p className="muted">No controls linked.</p>}
      {list.map((c, n): ReactNode => {
        const filled = Boolean(c.ref.trim() || c.title.trim());
        const error = filled ? errors[`controls.${filledIndex[n]}.title`] : undefined;
        return (
          <div key={c.key} className="risk-control-row" data-testid="control-row">
            <select
              className="select"
              aria-label={`Control ${n + 1} framework`}
              value={c.framework}
              onChange={(e) => edit(c.key, { framework: e.target.value as typeof c.framework })}
            >
              {CONTROL_FRAMEWORKS.map((fw) => (
                <option key={fw.id} value={fw.id}>
                  {fw.label}
                </option>
              ))}
            </select>
            <input
              className="input mono"
              aria-label={`Control ${n + 1} reference`}
              value={c.ref}
              placeholder="Ref, e.g. A.6"
              onChange={(e) => edit(c.key, { ref: e.target.value })}
            />
            <Field label={`Control ${n + 1}`} error={error} className="control-title">
              <input className="input" value={c.title} onChange={(e) => edit(c.key, { title: e.target.value })} />
            </Field>
            <select
              className="select"
              aria-label={`Control ${n + 1} status`}
              value={c.status}
              onChange={(e) => edit(c.key, { status: e.target.value as typeof c.status })}
            >
              {CONTROL_STATUSES.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove control ${n + 1}`}
              onClick={() => onChange(list.filter((x) => x.key !== c.key))}
            >
              ×
            </button>
          </div>
        );
      })}
      <div>
        <button
          type="button"
          className="button small"
          onClick={() =>
            onChange([...list, { key: newKey(), framework: 'INTERNAL', ref: '', title: '', status: 'NOT_STARTED' }])
          }
        >
          Add control
        </button>
      </div>
    </fieldset>
  );
}
