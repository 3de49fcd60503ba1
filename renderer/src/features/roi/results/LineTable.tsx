import {
  BENEFIT_TYPES,
  COST_CATEGORIES,
  type BenefitType,
  type CostCategory,
} from '../../../../../shared/domain/roi/schema';
import type { LineRow, ModelView } from '../../../../../shared/domain/roi/evaluate';
import { formatMoney } from '../roiFormat';

const categoryLabel = (r: LineRow) =>
  r.side === 'cost'
    ? COST_CATEGORIES.label(r.category as CostCategory)
    : BENEFIT_TYPES.label(r.category as BenefitType);

/** Each line's amount per year, its total and present value; costs, then benefits, then net. */
export function LineTable({ view, years }: { view: ModelView; years: number }) {
  const yearIdx = Array.from({ length: years + 1 }, (_, y) => y);
  const sum = (rows: LineRow[], f: (r: LineRow) => number) => rows.reduce((a, r) => a + f(r), 0);
  const costs = view.lines.filter((l) => l.side === 'cost');
  const benefits = view.lines.filter((l) => l.side === 'benefit');
  const group = (title: string, rows: LineRow[], testId: string) => (
    <tbody data-testid={testId}>
      <tr className="roi-group">
        <th scope="rowgroup" colSpan={years + 4}>
          {title}
        </th>
      </tr>
      {rows.length === 0 && (
        <tr>
          <td colSpan={years + 4} className="muted">
            None
          </td>
        </tr>
      )}
      {rows.map((r) => (
        <tr key={`${r.side}-${r.id}`} data-line-id={r.id}>
          <th scope="row">
            {r.name} <span className="muted small-text">{categoryLabel(r)}</span>
          </th>
          {yearIdx.map((y) => (
            <td key={y} className="num">
              {formatMoney(r.years[y])}
            </td>
          ))}
          <td className="num">{formatMoney(r.total)}</td>
          <td className="num">{formatMoney(r.pv)}</td>
        </tr>
      ))}
      {rows.length > 1 && (
        <tr className="roi-subtotal">
          <th scope="row">Total {title.toLowerCase()}</th>
          {yearIdx.map((y) => (
            <td key={y} className="num">
              {formatMoney(sum(rows, (r) => r.years[y] ?? 0))}
            </td>
          ))}
          <td className="num">{formatMoney(sum(rows, (r) => r.total))}</td>
          <td className="num">{formatMoney(sum(rows, (r) => r.pv))}</td>
        </tr>
      )}
    </tbody>
  );
  return (
    <div className="roi-table-scroll">
      <table className="plain-table roi-line-table" data-testid="roi-line-table">
        <thead>
          <tr>
            <th scope="col">Line</th>
            {yearIdx.map((y) => (
              <th key={y} scope="col" className="num">
                Year {y}
              </th>
            ))}
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col" className="num">
              PV
            </th>
          </tr>
        </thead>
        {group('Costs', costs, 'roi-cost-rows')}
        {group('Benefits', benefits, 'roi-benefit-rows')}
        <tbody>
          <tr className="roi-subtotal">
            <th scope="row">Net</th>
            {yearIdx.map((y) => (
              <td key={y} className="num">
                {formatMoney(sum(benefits, (r) => r.years[y] ?? 0) - sum(costs, (r) => r.years[y] ?? 0))}
              </td>
            ))}
            <td className="num">{formatMoney(sum(benefits, (r) => r.total) - sum(costs, (r) => r.total))}</td>
            <td className="num">{formatMoney(view.cashFlow.npv)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
