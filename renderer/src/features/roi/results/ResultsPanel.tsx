import { lazy, Suspense, useState } from 'react';
import type { ModelEvaluation, ModelView } from '../../../../../shared/domain/roi/evaluate';
import type { RoiModel } from '../../../../../shared/domain/roi/schema';
import { Chip } from '../../../components/Chip';
import { formatMoney, formatMoneyCompact, formatMonths, formatPercent } from '../roiFormat';
import { BreakEvenPanel } from './BreakEvenPanel';
import { LineTable } from './LineTable';

// echarts is most of a megabyte: load it when the results are first shown.
const CashFlowChart = lazy(() => import('./CashFlowChart').then((m) => ({ default: m.CashFlowChart })));

type Evaluated = Extract<ModelEvaluation, { ok: true }>;

interface Figure {
  id: string;
  label: string;
  value: (v: ModelView) => string;
  hint?: string;
}

const FIGURES: Figure[] = [
  { id: 'npv', label: 'NPV', value: (v) => formatMoney(v.cashFlow.npv) },
  { id: 'roi', label: 'ROI', value: (v) => formatPercent(v.cashFlow.roi), hint: 'NPV ÷ PV of costs' },
  { id: 'irr', label: 'IRR', value: (v) => formatPercent(v.annualIrr), hint: 'annual; — when none exists' },
  { id: 'payback', label: 'Payback', value: (v) => formatMonths(v.paybackMonths) },
  { id: 'dpayback', label: 'Discounted payback', value: (v) => formatMonths(v.discountedPaybackMonths) },
  { id: 'pvcosts', label: 'PV of costs', value: (v) => formatMoney(v.cashFlow.pvCosts) },
  { id: 'pvbenefits', label: 'PV of benefits', value: (v) => formatMoney(v.cashFlow.pvBenefits) },
];

/** The model's TEI figures, warnings, cash-flow chart, per-line table and break-even. */
export function ResultsPanel({
  evaluation: e,
  model,
  note,
}: {
  evaluation: Evaluated;
  model: RoiModel;
  /** Says where the figures come from when it is not the draft on screen. */
  note?: string | null;
}) {
  const [adjusted, setAdjusted] = useState(false);
  const view = adjusted ? e.riskAdjusted : e.unadjusted;
  const monthly = e.periodicity === 'monthly';
  const which = adjusted ? 'risk-adjusted' : 'unadjusted';
  return (
    <div className="roi-results" data-testid="roi-results">
      {note && (
        <p className="roi-note" role="status" data-testid="roi-results-note">
          {note}
        </p>
      )}
      <div className="roi-top">
        <section className="roi-block" aria-labelledby="roi-fig-h">
          <h3 id="roi-fig-h">Headline figures</h3>
          <table className="plain-table roi-figures" data-testid="roi-figures">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Figure</span>
                </th>
                <th scope="col" className="num">
                  Unadjusted
                </th>
                <th scope="col" className="num">
                  Risk-adjusted
                </th>
              </tr>
            </thead>
            <tbody>
              {FIGURES.map((f) => (
                <tr key={f.id}>
                  <th scope="row">
                    {f.label}
                    {f.hint && <span className="muted small-text"> {f.hint}</span>}
                  </th>
                  <td className="num strong" data-testid={`fig-${f.id}-unadjusted`}>
                    {f.value(e.unadjusted)}
                  </td>
                  <td className="num strong" data-testid={`fig-${f.id}-risk`}>
                    {f.value(e.riskAdjusted)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small-text">
            {e.horizonYears}-year horizon, {monthly ? 'monthly' : 'yearly'} periods, discounted at{' '}
            {formatPercent(e.annualRate)} a year; year 0 is not discounted.
          </p>
        </section>

        <section className="roi-block" aria-labelledby="roi-warn-h" data-testid="roi-warnings">
          <h3 id="roi-warn-h">Warnings</h3>
          {e.warnings.length === 0 ? (
            <p className="muted">No warnings: production categories are covered and the pilot ratio is plausible.</p>
          ) : (
            <ul className="roi-warning-list">
              {e.warnings.map((w, i) => (
                <li key={i} data-code={w.code}>
                  <Chip tone="warning">{WARNING_LABEL[w.code]}</Chip> {w.message}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="roi-block" aria-labelledby="roi-cf-h">
        <div className="section-heading">
          <h3 id="roi-cf-h">Cash flow</h3>
          <div className="roi-toggle" role="group" aria-label="Figures shown in the chart and table">
            <button
              type="button"
              className={`toggle-button${adjusted ? '' : ' on'}`}
              aria-pressed={!adjusted}
              onClick={() => setAdjusted(false)}
            >
              Unadjusted
            </button>
            <button
              type="button"
              className={`toggle-button${adjusted ? ' on' : ''}`}
              aria-pressed={adjusted}
              data-testid="show-risk-adjusted"
              onClick={() => setAdjusted(true)}
            >
              Risk-adjusted
            </button>
          </div>
        </div>
        <Suspense fallback={<div className="roi-chart" />}>
          <CashFlowChart
            view={view}
            monthly={monthly}
            label={`Cash flow, ${which}: cumulative net ${formatMoneyCompact(view.cumulativeNet.at(-1))} after ${e.horizonYears} years, payback ${formatMonths(view.paybackMonths)}`}
          />
        </Suspense>
        <LineTable view={view} years={e.horizonYears} />
      </section>

      <BreakEvenPanel model={model} />
    </div>
  );
}

const WARNING_LABEL: Record<Evaluated['warnings'][number]['code'], string> = {
  PILOT_MULTIPLIER: 'Pilot economics',
  PRODUCTION_CATEGORY_MISSING: 'Missing category',
  RATE_DRIVER_DIFFERS: 'Rate driver',
};
