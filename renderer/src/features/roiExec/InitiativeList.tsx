import type { RoiPoint } from '../../../../shared/domain/roiPortfolio';
import { formatMoney, formatMonths, formatPercent, UNKNOWN } from '../roi/roiFormat';
import { money } from './money';
import { phaseLabel } from './aggregate';

/** "14.8 mo": the column is narrow; the full "14.8 months" is the cell's tooltip. */
function paybackShort(months: number | null): string {
  return months === null || !Number.isFinite(months) ? UNKNOWN : `${months.toFixed(1)} mo`;
}

interface Props {
  title: string;
  rows: readonly RoiPoint[];
  testId: string;
  onOpen: (initiativeId: number) => void;
  empty?: string;
}

/**
 * A ranked list of initiatives. The whole row opens the initiative on click; the name is a button, so the
 * keyboard reaches every row with Tab and opens it with Enter or Space.
 */
export function InitiativeList({ title, rows, testId, onOpen, empty }: Props) {
  const headingId = `${testId}-heading`;
  return (
    <section className="rx-card rx-table-card" aria-labelledby={headingId} data-testid={testId}>
      <h2 id={headingId} className="rx-card-title">
        {title}
      </h2>
      {rows.length === 0 ? (
        <p className="muted rx-empty-list">{empty ?? 'Nothing to list.'}</p>
      ) : (
        <table className="plain-table rx-table rx-rank-table">
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              <th scope="col">Initiative</th>
              <th scope="col">Phase</th>
              <th scope="col">Business unit</th>
              <th scope="col" className="num">
                NPV
              </th>
              <th scope="col" className="num">
                ROI
              </th>
              <th scope="col" className="num">
                Payback
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p, i) => (
              <tr
                key={p.initiativeId}
                className="rx-click-row"
                onClick={() => onOpen(p.initiativeId)}
                data-testid={`${testId}-row`}
                data-initiative-id={p.initiativeId}
              >
                <td className="num muted">{i + 1}</td>
                <td className="rx-name-cell">
                  <button
                    type="button"
                    className="link-button"
                    onClick={(e) => {
                      e.stopPropagation();
                      onOpen(p.initiativeId);
                    }}
                    aria-label={`Open ${p.name}`}
                    data-testid={`${testId}-open`}
                  >
                    {p.name}
                  </button>
                </td>
                <td className="rx-nowrap">{phaseLabel(p.phase)}</td>
                <td className="rx-bu-cell">{p.businessUnit || <span className="muted">—</span>}</td>
                <td className={`num${p.npv < 0 ? ' rx-bad' : ''}`} title={formatMoney(p.npv)}>
                  {money(p.npv)}
                </td>
                <td className="num">{formatPercent(p.roi, 0)}</td>
                <td className="num rx-nowrap" title={formatMonths(p.paybackMonths)}>
                  {paybackShort(p.paybackMonths)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
