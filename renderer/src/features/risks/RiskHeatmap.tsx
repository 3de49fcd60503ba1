import { useRef, useState, type KeyboardEvent } from 'react';
import {
  IMPACT_SCALE,
  LIKELIHOOD_SCALE,
  bandOf,
  scaleDefinition,
  type HeatmapWhich,
  type Level,
} from '../../../../shared/domain/risk';
import { errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { plural } from '../../components/format';
import { useRiskDialogs } from './RiskDialogs';
import { RISK_TABLES, bandClass, bandText } from './riskFormat';

const DOWN: readonly Level[] = [5, 4, 3, 2, 1];
const UP: readonly Level[] = [1, 2, 3, 4, 5];

/**
 * A 5×5 heatmap of open risks as an HTML table of buttons: likelihood up the side (Almost certain on top),
 * impact along the bottom, each cell coloured by the band of L × I and holding its count. One cell is in
 * the Tab order; the arrow keys move between cells, Enter (or a click) lists the cell's risks.
 */
export function RiskHeatmap({
  which,
  initiativeId,
  compact = false,
}: {
  which: HeatmapWhich;
  initiativeId?: number;
  compact?: boolean;
}) {
  const map = useQuery('risk/heatmap', { which, ...(initiativeId !== undefined ? { initiativeId } : {}) }, RISK_TABLES);
  const dialogs = useRiskDialogs();
  const [focus, setFocus] = useState<{ l: Level; i: Level }>({ l: 5, i: 5 });
  const tableRef = useRef<HTMLTableElement>(null);
  const title = which === 'inherent' ? 'Inherent' : 'Residual';

  const moveFocus = (l: number, i: number) => {
    const nl = Math.min(5, Math.max(1, l)) as Level;
    const ni = Math.min(5, Math.max(1, i)) as Level;
    setFocus({ l: nl, i: ni });
    tableRef.current?.querySelector<HTMLElement>(`[data-l="${nl}"][data-i="${ni}"]`)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [focus.l + 1, focus.i],
      ArrowDown: [focus.l - 1, focus.i],
      ArrowLeft: [focus.l, focus.i - 1],
      ArrowRight: [focus.l, focus.i + 1],
      Home: [focus.l, 1],
      End: [focus.l, 5],
    };
    const m = moves[e.key];
    if (m) {
      e.preventDefault();
      moveFocus(m[0], m[1]);
    }
  };

  const counts = map.data?.counts;
  return (
    <figure className={`risk-heatmap${compact ? ' compact' : ''}`} data-testid={`heatmap-${which}`}>
      <figcaption>
        <strong>{title}</strong>{' '}
        <span className="muted" data-testid="heatmap-total">
          {map.data ? plural(map.data.total, 'open risk') : map.error ? '' : 'Loading…'}
        </span>
      </figcaption>
      {map.error !== undefined && !map.data ? (
        <p role="alert">{errorMessage(map.error)}</p>
      ) : (
        <div className="heatmap-body">
          <span className="heatmap-axis-y" aria-hidden="true">
            Likelihood
          </span>
          <table
            ref={tableRef}
            className="heatmap-grid"
            aria-label={`${title} risk heatmap: likelihood by impact`}
            onKeyDown={onKeyDown}
          >
            <tbody>
              {DOWN.map((l) => (
                <tr key={l}>
                  <th
                    scope="row"
                    className="heatmap-row-label"
                    title={`${l} ${LIKELIHOOD_SCALE[l - 1]!.label}: ${LIKELIHOOD_SCALE[l - 1]!.probability}`}
                  >
                    {compact ? l : `${l} ${LIKELIHOOD_SCALE[l - 1]!.label}`}
                  </th>
                  {UP.map((i) => {
                    const n = counts?.[l - 1]?.[i - 1] ?? 0;
                    const band = bandOf(l * i);
                    const label =
                      `Likelihood ${l} ${LIKELIHOOD_SCALE[l - 1]!.label}, impact ${i} ${IMPACT_SCALE[i - 1]!.label}: ` +
                      `score ${l * i} ${bandText(band)}, ${plural(n, 'risk')}`;
                    return (
                      <td key={i}>
                        <button
                          type="button"
                          className={`heatmap-cell ${bandClass(band)}${n > 0 ? ' has-risks' : ''}`}
                          data-l={l}
                          data-i={i}
                          data-count={n}
                          data-testid="heatmap-cell"
                          tabIndex={focus.l === l && focus.i === i ? 0 : -1}
                          aria-label={label}
                          title={label}
                          disabled={!counts}
                          onFocus={() => setFocus({ l, i })}
                          onClick={() => dialogs.open({ kind: 'cell', initiativeId, which, likelihood: l, impact: i })}
                        >
                          {n > 0 ? n.toLocaleString('en') : ''}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td />
                {UP.map((i) => (
                  <th key={i} scope="col" className="heatmap-col-label" title={scaleDefinition('impact', i)}>
                    {compact ? i : `${i} ${IMPACT_SCALE[i - 1]!.label}`}
                  </th>
                ))}
              </tr>
            </tfoot>
          </table>
          <span className="heatmap-axis-x" aria-hidden="true">
            Impact
          </span>
        </div>
      )}
    </figure>
  );
}
