import { errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { plural } from '../../components/format';
import { RiskRowList } from './CellRisksDialog';
import { RiskDialogProvider, useRiskDialogs } from './RiskDialogs';
import { RiskHeatmap } from './RiskHeatmap';
import { blankDraft } from './riskDraft';
import { RISK_TABLES } from './riskFormat';
import './risks.css';

/** Enough for any one initiative's register; beyond it the section says how many more the register has. */
const LIMIT = 100;

/** The risks of one initiative in its detail panel (issue 5): list with residual and flags, small heatmap. */
export function RiskSection({ initiativeId }: { initiativeId: number }) {
  return (
    <RiskDialogProvider>
      <SectionBody initiativeId={initiativeId} />
    </RiskDialogProvider>
  );
}

function SectionBody({ initiativeId }: { initiativeId: number }) {
  const list = useQuery(
    'risk/list',
    { filter: { initiativeId }, sort: { key: 'residualScore', dir: 'desc' }, limit: LIMIT },
    RISK_TABLES,
  );
  const dialogs = useRiskDialogs();
  const page = list.data;
  return (
    <section className="detail-section" aria-labelledby="risks-heading" data-testid="risk-section">
      <div className="section-heading">
        <h3 id="risks-heading">Risks</h3>
        {page && page.total > 0 && <span className="muted">{plural(page.total, 'open risk')}</span>}
        <span className="spacer" />
        <button
          type="button"
          className="button small"
          data-testid="add-risk"
          onClick={() => dialogs.open({ kind: 'new', draft: blankDraft(initiativeId), fromLibrary: false })}
        >
          Add risk
        </button>
        <button
          type="button"
          className="button small"
          data-testid="add-from-library"
          onClick={() => dialogs.open({ kind: 'library', initiativeId })}
        >
          Add from library…
        </button>
      </div>
      {list.error !== undefined && !page ? (
        <p role="alert">{errorMessage(list.error)}</p>
      ) : !page ? (
        <p className="muted" aria-busy="true">
          Loading…
        </p>
      ) : page.total === 0 ? (
        <p className="muted" data-testid="risks-empty">
          No open risks. Add the ones this initiative runs: start from the library of common AI risks (prompt injection,
          hallucination, data drift, PII leakage…) and score them against the written scales.
        </p>
      ) : (
        <>
          <RiskRowList rows={page.rows} testId="section-risk" showInitiative={false} />
          {page.total > page.rows.length && (
            <p className="muted">{plural(page.total - page.rows.length, 'more risk')} in the register (Risks view).</p>
          )}
          <div className="risk-section-heatmaps">
            <RiskHeatmap which="inherent" initiativeId={initiativeId} compact />
            <RiskHeatmap which="residual" initiativeId={initiativeId} compact />
          </div>
        </>
      )}
    </section>
  );
}
