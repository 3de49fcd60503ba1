import type { GateReviewDetail } from '../../../../shared/domain/gateReview';
import { decisionLabel } from '../../../../shared/domain/governance/gates';
import { phaseInfo } from '../../../../shared/domain/phases';
import { Chip } from '../../components/Chip';
import { formatDate } from '../../components/format';
import { DECISION_TONE, percent, STATUS_LABEL, verdict } from './gateFormat';

/** Who and what is reviewed, and where the evaluation stands right now. */
export function ReviewHeader({ detail }: { detail: GateReviewDetail }) {
  const { review: r, evaluation: e } = detail;
  const musts = detail.criteria.filter((c) => c.criterion.kind === 'must');
  const met = musts.length - e.unmetMust.length;
  const v = verdict(e);
  return (
    <div className="gate-header" data-testid="gate-header">
      <div className="gate-header-line">
        <strong className="gate-header-initiative">{detail.initiativeName}</strong>
        <span className="muted">
          {phaseInfo(r.fromPhase).short} → {phaseInfo(r.toPhase).short}
        </span>
        <span className="muted small-text">Catalogue {r.catalogueVersion}</span>
        <Chip tone={r.status === 'open' ? 'accent' : 'neutral'}>
          <span data-testid="review-status" data-status={r.status}>
            {STATUS_LABEL[r.status]}
          </span>
        </Chip>
        {r.decision && <Chip tone={DECISION_TONE[r.decision]}>{decisionLabel(r.decision)}</Chip>}
        {r.isOverride && <Chip tone="danger">Override</Chip>}
      </div>
      <dl className="gate-evaluation" data-testid="gate-evaluation">
        <div>
          <dt>Must-meets met</dt>
          <dd data-testid="must-met">
            {met} / {musts.length}
          </dd>
        </div>
        <div>
          <dt>Should-meet score</dt>
          <dd data-testid="should-score">
            {percent(e.score)} <span className="muted">(threshold {percent(e.threshold)})</span>
          </dd>
        </div>
        <div>
          <dt>Evaluation</dt>
          <dd>
            <Chip tone={v.tone}>
              <span data-testid="gate-verdict">{v.label}</span>
            </Chip>
          </dd>
        </div>
        <div>
          <dt>Requested</dt>
          <dd>
            {formatDate(r.requestedAt)} by {r.requestedBy}
            {r.scheduledDate && <span className="muted"> · meeting {formatDate(r.scheduledDate)}</span>}
          </dd>
        </div>
      </dl>
    </div>
  );
}
