import {
  IMPACT_SCALE,
  LIKELIHOOD_SCALE,
  bandOf,
  type HeatmapWhich,
  type RiskRow,
} from '../../../../shared/domain/risk';
import { errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { Dialog } from '../../components/Dialog';
import { plural } from '../../components/format';
import { FlagChips, ScoreChip } from './RiskChips';
import { useRiskDialogs } from './RiskDialogs';
import { RISK_TABLES, bandText, categoryName } from './riskFormat';

const LIMIT = 200;

/** The risks of one heatmap cell (risk/cell), each openable. */
export function CellRisksDialog({
  initiativeId,
  which,
  likelihood,
  impact,
  onClose,
}: {
  initiativeId: number | undefined;
  which: HeatmapWhich;
  likelihood: number;
  impact: number;
  onClose: () => void;
}) {
  const cell = useQuery(
    'risk/cell',
    { which, likelihood, impact, limit: LIMIT, ...(initiativeId !== undefined ? { initiativeId } : {}) },
    RISK_TABLES,
  );
  const score = likelihood * impact;
  const title =
    `${which === 'inherent' ? 'Inherent' : 'Residual'} ${LIKELIHOOD_SCALE[likelihood - 1]?.label ?? likelihood} × ` +
    `${IMPACT_SCALE[impact - 1]?.label ?? impact}`;
  const page = cell.data;
  return (
    <Dialog title={title} onClose={onClose} testId="cell-risks" size="medium">
      <p className="muted">
        Score {score}, {bandText(bandOf(score))}
        {page ? ` · ${plural(page.total, 'open risk')}` : ''}
      </p>
      {cell.error !== undefined && !page ? (
        <p role="alert">{errorMessage(cell.error)}</p>
      ) : !page ? (
        <p aria-busy="true">Loading…</p>
      ) : page.rows.length === 0 ? (
        <p data-testid="cell-empty">No open risks in this cell.</p>
      ) : (
        <>
          <RiskRowList rows={page.rows} testId="cell-risk" />
          {page.total > page.rows.length && (
            <p className="muted">
              Showing the {page.rows.length} highest by residual score of {page.total.toLocaleString('en')}: narrow them
              with the register&apos;s filters.
            </p>
          )}
        </>
      )}
    </Dialog>
  );
}

/** A compact list of risks, each a button opening the risk. */
export function RiskRowList({
  rows,
  testId,
  showInitiative = true,
}: {
  rows: readonly RiskRow[];
  testId: string;
  showInitiative?: boolean;
}) {
  const dialogs = useRiskDialogs();
  return (
    <ul className="risk-list">
      {rows.map((r) => (
        <li key={r.id}>
          <button
            type="button"
            className="risk-list-item"
            data-testid={testId}
            data-risk-id={r.id}
            onClick={() => dialogs.open({ kind: 'risk', id: r.id })}
          >
            <span className="risk-list-title">{r.title}</span>
            <span className="risk-list-meta">
              {showInitiative && <span className="muted">{r.initiativeName ?? 'Portfolio'} · </span>}
              <span className="muted">{categoryName(r.category)}</span>
            </span>
            <span className="risk-list-chips">
              <ScoreChip scored={r.residual} label="Residual" />
              <FlagChips flags={r.flags} appetite={r.appetite} residualScore={r.residual.score} />
              {r.flags.reviewOverdue && <span className="chip chip-warning">Review overdue</span>}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
