import { useState } from 'react';
import { SCENARIO_KINDS, type RoiScenarioSummary } from '../../../../shared/domain/roiScenario';
import { errorMessage, invoke } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { Chip } from '../../components/Chip';
import { plural } from '../../components/format';
import { toast } from '../../store/toasts';
import { ScenarioDialog } from './editor/ScenarioDialog';
import { formatMoneyCompact, formatMonths, formatPercent } from './roiFormat';
import { freeKind, freeName, openRoiScenario, ROI_TABLES } from './RoiWorkspace';
import './roi.css';

/** The ROI section of the initiative detail: its scenarios' headline figures and the way into the workspace. */
export function RoiSection({ initiativeId }: { initiativeId: number }) {
  const list = useQuery('roi/list', { initiativeId }, ROI_TABLES);
  const [creating, setCreating] = useState<'template' | 'blank' | null>(null);
  const scenarios = list.data ?? [];

  return (
    <section
      className="detail-section"
      aria-labelledby="roi-heading"
      data-testid="roi-section"
      data-initiative={initiativeId}
    >
      <div className="section-heading">
        <h3 id="roi-heading">ROI</h3>
        <button
          type="button"
          className="button small"
          data-testid="open-roi"
          onClick={() => openRoiScenario(initiativeId, null)}
        >
          Open ROI model
        </button>
      </div>
      {list.error !== undefined && <p role="alert">{errorMessage(list.error)}</p>}
      {list.loading && !list.data && <p className="muted">Loading…</p>}
      {list.data && scenarios.length === 0 && (
        <div className="roi-section-empty" data-testid="roi-section-empty">
          <p className="muted">No ROI model yet.</p>
          <div className="button-row">
            <button
              type="button"
              className="button small"
              data-testid="roi-from-template"
              onClick={() => setCreating('template')}
            >
              Start from template…
            </button>
            <button type="button" className="button small" data-testid="roi-blank" onClick={() => setCreating('blank')}>
              Blank model
            </button>
          </div>
        </div>
      )}
      {scenarios.length > 0 && (
        <div className="roi-table-scroll">
          <table className="plain-table roi-summary" data-testid="roi-scenarios">
            <thead>
              <tr>
                <th scope="col">Scenario</th>
                <th scope="col" className="num">
                  NPV
                </th>
                <th scope="col" className="num">
                  ROI
                </th>
                <th scope="col" className="num">
                  Payback
                </th>
                <th scope="col" className="num" title="Risk-adjusted NPV">
                  Risk-adj. NPV
                </th>
              </tr>
            </thead>
            <tbody>
              {scenarios.map((s) => (
                <ScenarioRow key={s.id} s={s} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating && (
        <ScenarioDialog
          title={creating === 'template' ? 'Start from a template' : 'New blank model'}
          submitLabel="Create"
          withTemplates={creating === 'template'}
          initialName={creating === 'template' ? '' : freeName(scenarios, 'Current plan')}
          initialKind={freeKind(scenarios)}
          onClose={() => setCreating(null)}
          onSubmit={async (f) => {
            const saved =
              creating === 'template'
                ? await invoke('roi/fromTemplate', {
                    initiativeId,
                    templateId: f.templateId,
                    name: f.name,
                    kind: f.kind,
                  })
                : await invoke('roi/save', { initiativeId, name: f.name, kind: f.kind, model: {} });
            toast.change(`Added ROI scenario “${saved.scenario.name}”`);
            setCreating(null);
            openRoiScenario(initiativeId, saved.scenario.id);
          }}
        />
      )}
    </section>
  );
}

function ScenarioRow({ s }: { s: RoiScenarioSummary }) {
  return (
    <tr data-testid="roi-scenario-row" data-scenario-id={s.id}>
      <th scope="row">
        <span className="roi-scenario-name">
          <Chip tone={s.kind === 'what_if' ? 'neutral' : 'accent'}>{SCENARIO_KINDS.label(s.kind)}</Chip>
          <button
            type="button"
            className="link-button"
            onClick={() => openRoiScenario(s.initiativeId, s.id)}
            aria-label={`Open ROI scenario ${s.name}`}
          >
            {s.name}
          </button>
          {s.warnings > 0 && (
            <span data-testid="roi-warning-count">
              <Chip tone="warning" title={`${plural(s.warnings, 'warning')}: open the model to read them`}>
                ⚠ {s.warnings}
                <span className="visually-hidden"> {s.warnings === 1 ? 'warning' : 'warnings'}</span>
              </Chip>
            </span>
          )}
        </span>
      </th>
      <td className="num" data-testid="roi-npv">
        {formatMoneyCompact(s.npv)}
      </td>
      <td className="num" data-testid="roi-roi">
        {formatPercent(s.roi, 0)}
      </td>
      <td className="num" data-testid="roi-payback">
        {s.paybackMonths === null ? '—' : formatMonths(s.paybackMonths).replace(' months', ' mo')}
      </td>
      <td className="num" data-testid="roi-npv-risk">
        {formatMoneyCompact(s.npvRiskAdjusted)}
      </td>
    </tr>
  );
}
