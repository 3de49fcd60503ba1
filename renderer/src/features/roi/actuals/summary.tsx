import type { PlanVsActualResult } from '../../../../../shared/domain/roiActuals';
import { ACTUAL_SIDES } from '../../../../../shared/domain/roiActuals';
import { formatMoney, formatPercent } from '../roiFormat';

type Ok = Extract<PlanVsActualResult, { state: 'ok' }>;

/** Over plan on cost is bad, under plan on benefit is bad; the tone says which way is which. */
function tone(variance: number | null, side: 'cost' | 'benefit'): string {
  if (variance === null || Math.abs(variance) < 0.5) return '';
  const bad = side === 'cost' ? variance > 0 : variance < 0;
  return bad ? 'pva-bad' : 'pva-good';
}

/** "+$12,000" / "−$3,000": a variance reads with its sign. */
export function formatVariance(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '—';
  const text = formatMoney(x);
  return x >= 0.5 ? `+${text}` : text;
}

/** The headline figures as of this month: plan to date against actual, for cost and for benefit. */
export function ToDateSummary({ result: r }: { result: Ok }) {
  const t = r.totals;
  return (
    <section className="pva-summary" aria-label={`To date, as of ${r.asOfMonth}`} data-testid="pva-summary">
      <h4 className="pva-summary-title">
        To date{' '}
        <span className="muted">
          (as of {r.asOfMonth}; plan runs {r.startMonth} – {r.endMonth})
        </span>
      </h4>
      <dl className="pva-figures">
        <div>
          <dt>Planned cost to date</dt>
          <dd data-testid="pva-planned-cost">{formatMoney(t.plannedCostToDate)}</dd>
        </div>
        <div>
          <dt>Actual cost to date</dt>
          <dd data-testid="pva-actual-cost">{formatMoney(t.actualCostToDate)}</dd>
        </div>
        <div>
          <dt>Cost variance</dt>
          <dd className={tone(t.costVariance, 'cost')} data-testid="pva-cost-variance">
            {formatVariance(t.costVariance)}
          </dd>
        </div>
        <div>
          <dt>Burn vs plan to date</dt>
          <dd className={t.burn !== null && t.burn > 1.005 ? 'pva-bad' : ''} data-testid="pva-burn">
            {formatPercent(t.burn)}
          </dd>
        </div>
        <div>
          <dt>Share of whole budget used</dt>
          <dd data-testid="pva-budget-used">
            {formatPercent(t.budgetUsed)} <span className="muted">of {formatMoney(t.plannedCostTotal)}</span>
          </dd>
        </div>
        <div>
          <dt>Realised vs planned benefit</dt>
          <dd data-testid="pva-realised">
            <span className={tone(t.benefitVariance, 'benefit')}>{formatMoney(t.realisedBenefitToDate)}</span>
            <span className="muted"> of {formatMoney(t.plannedBenefitToDate)}</span>
            {t.realisation !== null && <span className="muted"> ({formatPercent(t.realisation)})</span>}
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** Plan against actual per cost category and benefit type, to date; spend the plan did not foresee included. */
export function CategoryTable({ result: r }: { result: Ok }) {
  if (r.categories.length === 0) return null;
  return (
    <section className="pva-block" aria-labelledby="pva-categories-heading">
      <h4 id="pva-categories-heading">By category, to date</h4>
      <div className="pva-table-scroll">
        <table className="plain-table pva-table" data-testid="pva-categories">
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col">Side</th>
              <th scope="col" className="num">
                Planned to date
              </th>
              <th scope="col" className="num">
                Actual to date
              </th>
              <th scope="col" className="num">
                Variance
              </th>
              <th scope="col" className="num">
                Burn
              </th>
              <th scope="col" className="num">
                Whole plan
              </th>
            </tr>
          </thead>
          <tbody>
            {r.categories.map((c) => (
              <tr key={`${c.side}|${c.category}`} data-category={c.category}>
                <th scope="row">
                  {c.label}
                  {c.plannedTotal === 0 && c.actualToDate > 0 && <span className="muted"> (not in plan)</span>}
                </th>
                <td>{ACTUAL_SIDES.label(c.side)}</td>
                <td className="num">{formatMoney(c.plannedToDate)}</td>
                <td className="num">{formatMoney(c.actualToDate)}</td>
                <td className={`num ${tone(c.variance, c.side)}`}>{formatVariance(c.variance)}</td>
                <td className="num">{formatPercent(c.burn, 0)}</td>
                <td className="num">{formatMoney(c.plannedTotal)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const STATE_LABEL = { past: 'Done', current: 'In progress', future: 'To come' } as const;

/** Every period of the plan as a table: the chart's numbers, readable without the chart. */
export function PeriodTable({ result: r }: { result: Ok }) {
  return (
    <details className="pva-block pva-periods">
      <summary>Per period ({r.periods.length})</summary>
      <div className="pva-table-scroll">
        <table className="plain-table pva-table" data-testid="pva-periods">
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Planned cost
              </th>
              <th scope="col" className="num">
                Actual cost
              </th>
              <th scope="col" className="num">
                Variance to date
              </th>
              <th scope="col" className="num">
                Planned benefit
              </th>
              <th scope="col" className="num">
                Realised
              </th>
            </tr>
          </thead>
          <tbody>
            {r.periods.map((p) => (
              <tr key={p.index}>
                <th scope="row">{p.label}</th>
                <td>{STATE_LABEL[p.state]}</td>
                <td className="num">{formatMoney(p.plannedCost)}</td>
                <td className="num">{p.state === 'future' ? '—' : formatMoney(p.actualCost)}</td>
                <td className={`num ${tone(p.costVariance, 'cost')}`}>{formatVariance(p.costVariance)}</td>
                <td className="num">{formatMoney(p.plannedBenefit)}</td>
                <td className="num">{p.state === 'future' ? '—' : formatMoney(p.realisedBenefit)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
