import { useState, type FormEvent } from 'react';
import type { GateReviewDetail, SignOffView } from '../../../../shared/domain/gateReview';
import type { PersonRow } from '../../../../shared/domain/person';
import { GATEKEEPER_ROLES, gatekeeperRoleLabel, type GatekeeperRole } from '../../../../shared/domain/governance/gates';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { reportError } from '../../app/commands';
import { Chip } from '../../components/Chip';
import { Field } from '../../components/Field';
import { formatDateTime } from '../../components/format';
import { toast } from '../../store/toasts';
import { gateIssues, type GateErrors, type Tone } from './gateFormat';

type Vote = SignOffView['vote'];
interface VoteInfo {
  id: Vote;
  label: string;
  tone: Tone;
}
const ABSTAIN: VoteInfo = { id: 'ABSTAIN', label: 'Abstain', tone: 'neutral' };
const VOTES: VoteInfo[] = [
  { id: 'APPROVE', label: 'Approve', tone: 'ok' },
  { id: 'REJECT', label: 'Reject', tone: 'danger' },
  ABSTAIN,
];
const voteInfo = (v: Vote): VoteInfo => VOTES.find((x) => x.id === v) ?? ABSTAIN;

interface SignOffsProps {
  detail: GateReviewDetail;
  people: PersonRow[];
  readOnly: boolean;
  /** "Sign-off missing from …" from a refused decision. */
  error: string | undefined;
  /** Who usually signs for a role (the initiative's owner triad), to preselect. */
  defaults: Partial<Record<GatekeeperRole, number | null>>;
}

/** The required roles (owner triad plus the gate's and the portfolio's own), each signed or waiting. */
export function SignOffs({ detail, people, readOnly, error, defaults }: SignOffsProps) {
  const [extra, setExtra] = useState<GatekeeperRole[]>([]);
  const required = new Set(detail.requiredRoles);
  const shown = new Set<GatekeeperRole>([...detail.requiredRoles, ...detail.signOffs.map((s) => s.role), ...extra]);
  const roles = GATEKEEPER_ROLES.map((r) => r.id).filter((r) => shown.has(r));
  const addable = GATEKEEPER_ROLES.filter((r) => !shown.has(r.id));
  const approved = detail.requiredRoles.filter((r) =>
    detail.signOffs.some((s) => s.role === r && s.vote === 'APPROVE'),
  ).length;

  return (
    <section className="gate-block" aria-labelledby="gate-signoffs-heading" data-testid="gate-signoffs">
      <div className="section-heading">
        <h3 id="gate-signoffs-heading">Sign-offs</h3>
        <span className="muted small-text" data-testid="signoff-count">
          {approved} of {detail.requiredRoles.length} required approvals
        </span>
      </div>
      {error && (
        <p className="field-error gate-block-error" data-testid="signoffs-error">
          {error}
        </p>
      )}
      <ul className="gate-signoffs">
        {roles.map((role) => (
          <SignOffRow
            key={role}
            role={role}
            required={required.has(role)}
            signOffs={detail.signOffs.filter((s) => s.role === role)}
            reviewId={detail.review.id}
            people={people}
            readOnly={readOnly}
            defaultPerson={defaults[role] ?? null}
          />
        ))}
      </ul>
      {!readOnly && addable.length > 0 && (
        <div className="gate-add-role">
          <label htmlFor="gate-add-role">Another role</label>
          <select
            id="gate-add-role"
            className="select"
            value=""
            onChange={(e) => setExtra([...extra, e.target.value as GatekeeperRole])}
            data-testid="add-signoff-role"
          >
            <option value="">Add a sign-off for…</option>
            {addable.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
      )}
    </section>
  );
}

interface SignOffRowProps {
  role: GatekeeperRole;
  required: boolean;
  signOffs: SignOffView[];
  reviewId: number;
  people: PersonRow[];
  readOnly: boolean;
  defaultPerson: number | null;
}

function SignOffRow({ role, required, signOffs, reviewId, people, readOnly, defaultPerson }: SignOffRowProps) {
  const label = gatekeeperRoleLabel(role);
  const remove = async (s: SignOffView) => {
    try {
      await invoke('gate/removeSignOff', { id: s.id });
      toast.change(`Removed ${label} sign-off`);
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <li className="gate-signoff" data-testid="signoff-row" data-role={role} aria-label={`${label} sign-off`}>
      <div className="gate-signoff-role">
        <strong>{label}</strong>
        {required ? (
          <span className="muted small-text">required</span>
        ) : (
          <span className="muted small-text">extra</span>
        )}
      </div>
      {signOffs.length > 0 ? (
        <div className="gate-signoff-done">
          {signOffs.map((s) => (
            <div key={s.id} className="gate-signoff-entry" data-testid="signoff-entry">
              <span data-testid="signoff-person">{s.personName}</span>{' '}
              <Chip tone={voteInfo(s.vote).tone}>{voteInfo(s.vote).label}</Chip>
              {s.comment && <span className="gate-signoff-comment">“{s.comment}”</span>}
              <span className="muted small-text">{formatDateTime(s.signedAt)}</span>
              {!readOnly && (
                <button
                  type="button"
                  className="button small"
                  onClick={() => void remove(s)}
                  aria-label={`Remove ${label} sign-off by ${s.personName}`}
                  data-testid="remove-signoff"
                >
                  Remove
                </button>
              )}
            </div>
          ))}
        </div>
      ) : readOnly ? (
        <span className="muted">Not signed</span>
      ) : (
        <SignOffForm
          key={defaultPerson ?? 'none'}
          role={role}
          reviewId={reviewId}
          people={people}
          defaultPerson={defaultPerson}
        />
      )}
    </li>
  );
}

function SignOffForm({
  role,
  reviewId,
  people,
  defaultPerson,
}: {
  role: GatekeeperRole;
  reviewId: number;
  people: PersonRow[];
  defaultPerson: number | null;
}) {
  const label = gatekeeperRoleLabel(role);
  const [personId, setPersonId] = useState(defaultPerson === null ? '' : String(defaultPerson));
  const [vote, setVote] = useState<Vote>('APPROVE');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<GateErrors>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!personId) {
      setErrors({ personId: 'Choose who signs' });
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      await invoke('gate/signOff', { reviewId, role, personId: Number(personId), vote, comment });
      toast.change(`${label}: ${voteInfo(vote).label.toLowerCase()}`);
    } catch (err) {
      if (isApiError(err, 'VALIDATION') && err.issues.length) setErrors(gateIssues(err.issues));
      else setErrors({ '': errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="gate-signoff-form" onSubmit={(e) => void submit(e)} noValidate aria-label={`${label} sign-off`}>
      {errors[''] && (
        <p className="form-error" role="alert">
          {errors['']}
        </p>
      )}
      <Field label="Person" error={errors.personId}>
        <select className="select" name="personId" value={personId} onChange={(e) => setPersonId(e.target.value)}>
          <option value="">Choose…</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Vote" error={errors.vote}>
        <select className="select" name="vote" value={vote} onChange={(e) => setVote(e.target.value as Vote)}>
          {VOTES.map((v) => (
            <option key={v.id} value={v.id}>
              {v.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Comment" error={errors.comment}>
        <input
          className="input"
          name="comment"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          autoComplete="off"
        />
      </Field>
      <button type="submit" className="button small primary" disabled={busy} data-testid="sign-off">
        Sign off
      </button>
    </form>
  );
}
