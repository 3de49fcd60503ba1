import { useEffect, useRef, useState } from 'react';
import type { GateReviewDetail } from '../../../../shared/domain/gateReview';
import type { GatekeeperRole } from '../../../../shared/domain/governance/gates';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { reportError } from '../../app/commands';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { toast } from '../../store/toasts';
import { useUi } from '../../store/ui';
import { CriterionRow } from './CriterionRow';
import { DecidedView } from './DecidedView';
import { DecisionForm } from './DecisionForm';
import { EvidenceList } from './EvidenceList';
import { GATE_TABLES, type GateErrors } from './gateFormat';
import { GateSettingsHost } from './GateSettingsDialog';
import { ReviewHeader } from './ReviewHeader';
import { SignOffs } from './SignOffs';

/** Mounted once in the main layout: shows the review in `useUi().gateReviewId`, and the gate settings. */
export function GateReviewHost() {
  const id = useUi((s) => s.gateReviewId);
  return (
    <>
      {id !== null && <GateReviewDialog key={id} id={id} />}
      <GateSettingsHost />
    </>
  );
}

function GateReviewDialog({ id }: { id: number }) {
  const close = () => useUi.getState().openGateReview(null);
  const detail = useQuery('gate/get', { id }, GATE_TABLES);
  const gone = isApiError(detail.error, 'NOT_FOUND');
  useEffect(() => {
    if (gone) useUi.getState().openGateReview(null);
  }, [gone]);

  const d = detail.data;
  return (
    <Dialog
      title={d ? `${d.review.gate} · ${d.gateName}` : 'Gate review'}
      onClose={close}
      size="large"
      testId="gate-review-dialog"
    >
      {d ? (
        <ReviewBody detail={d} onClose={close} />
      ) : (
        <p className="muted">{detail.error !== undefined ? errorMessage(detail.error) : 'Loading…'}</p>
      )}
    </Dialog>
  );
}

function ReviewBody({ detail: d, onClose }: { detail: GateReviewDetail; onClose: () => void }) {
  const open = d.review.status === 'open';
  const readOnly = !open;
  const people = useQuery('person/list', undefined, ['people']);
  const initiative = useQuery('initiative/get', { id: d.review.initiativeId }, ['initiatives']);
  const [errors, setErrors] = useState<GateErrors>({});
  const [confirmCancel, setConfirmCancel] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  // A refused decision's "sign-off missing" and "does not pass" describe the review as it was: once the
  // sign-offs or the evaluation change, they are stale and go (the next try checks again).
  const decisionInputs = JSON.stringify([d.signOffs.map((s) => [s.id, s.vote]), d.evaluation.passes]);
  const [seenInputs, setSeenInputs] = useState(decisionInputs);
  if (seenInputs !== decisionInputs) {
    setSeenInputs(decisionInputs);
    if (errors.signOffs !== undefined || errors.decision !== undefined) {
      const { signOffs: _s, decision: _d, ...rest } = errors;
      setErrors(rest);
    }
  }

  // Saving often replaces the control that had the focus (a sign-off form becomes the signed entry, the
  // decision form the decided view). Keep the focus inside the dialog so Tab and Escape still work.
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement === null) {
      root.current?.closest<HTMLElement>('[role="dialog"]')?.focus();
    }
  });

  const i = initiative.data?.initiative;
  const defaults: Partial<Record<GatekeeperRole, number | null>> = i
    ? { BUSINESS_SPONSOR: i.sponsorId, AI_PRODUCT_OWNER: i.productOwnerId, TECH_LEAD: i.techLeadId }
    : {};
  const musts = d.criteria.filter((c) => c.criterion.kind === 'must');
  const shoulds = d.criteria.filter((c) => c.criterion.kind === 'should');

  const cancelReview = async () => {
    try {
      await invoke('gate/cancel', { id: d.review.id });
      toast.change(`Cancelled the ${d.review.gate} review of “${d.initiativeName}”`);
      onClose();
    } catch (err) {
      setConfirmCancel(false);
      reportError(err);
    }
  };

  return (
    <div ref={root} className="gate-review" data-review-id={d.review.id} data-status={d.review.status}>
      <ReviewHeader detail={d} />

      <section className="gate-block" aria-labelledby="gate-must-heading" data-testid="must-criteria">
        <h3 id="gate-must-heading">Must-meet</h3>
        <p className="muted small-text">Every must-meet is a knock-out: met, or waived with a reason.</p>
        <ul className="gate-criteria">
          {musts.map((c) => (
            <CriterionRow key={c.criterion.id} view={c} reviewId={d.review.id} readOnly={readOnly} />
          ))}
        </ul>
      </section>

      <section className="gate-block" aria-labelledby="gate-should-heading" data-testid="should-criteria">
        <h3 id="gate-should-heading">Should-meet</h3>
        <p className="muted small-text">Scored 0–4 and weighted; N/A and reasoned waivers leave the score.</p>
        {shoulds.length === 0 ? (
          <p className="muted">No should-meet criteria apply.</p>
        ) : (
          <ul className="gate-criteria">
            {shoulds.map((c) => (
              <CriterionRow key={c.criterion.id} view={c} reviewId={d.review.id} readOnly={readOnly} />
            ))}
          </ul>
        )}
        {d.notApplicable.length > 0 && (
          <details className="gate-na" data-testid="not-applicable">
            <summary>Not applicable (lite gate): {d.notApplicable.length}</summary>
            <ul>
              {d.notApplicable.map((n) => (
                <li key={n.criterion.id}>
                  <code>{n.criterion.id}</code> {n.criterion.text} <span className="muted">— {n.reason}</span>
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>

      <section className="gate-block" aria-labelledby="gate-general-heading">
        <h3 id="gate-general-heading">Evidence for the whole review</h3>
        {d.generalEvidence.length === 0 && readOnly && <p className="muted">None.</p>}
        <EvidenceList
          reviewId={d.review.id}
          criterionId={null}
          evidence={d.generalEvidence}
          readOnly={readOnly}
          label="the whole review"
        />
      </section>

      <SignOffs detail={d} people={people.data ?? []} readOnly={readOnly} error={errors.signOffs} defaults={defaults} />

      {open ? (
        <section className="gate-block" aria-labelledby="gate-decision-heading">
          <h3 id="gate-decision-heading">Decision</h3>
          <DecisionForm detail={d} people={people.data ?? []} errors={errors} setErrors={setErrors} />
        </section>
      ) : (
        <DecidedView detail={d} />
      )}

      <div className="gate-review-footer">
        {open && (
          <button
            type="button"
            className="button danger-outline"
            onClick={() => setConfirmCancel(true)}
            data-testid="cancel-review"
          >
            Cancel review…
          </button>
        )}
        <span className="spacer" />
        <button type="button" className="button" onClick={onClose} data-testid="close-review">
          Close
        </button>
      </div>

      {confirmCancel && (
        <ConfirmDialog
          title="Cancel this review?"
          confirmLabel="Yes, cancel review"
          destructive
          onConfirm={cancelReview}
          onCancel={() => setConfirmCancel(false)}
        >
          <p>
            Withdraw the {d.review.gate} review of “{d.initiativeName}” without a decision? The phase stays as it is,
            and a new review can be requested later.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
