import { useMemo, useState } from 'react';
import { breakEven, compileModel, type BreakEven } from '../../../../../shared/domain/roi/model';
import type { RoiModel } from '../../../../../shared/domain/roi/schema';
import { ROI_TEMPLATES } from '../../../../../shared/domain/roi/templates';
import { formatMultiplier, formatNumber } from '../roiFormat';

type Driver = RoiModel['drivers'][number];

// Units that are rates, prices, shares or per-item quantities, not volumes.
const NOT_VOLUME = /share|rate|%|\$|×|^x$|min|hour|^h$|fte|token|price|cost|\bper\b|\//i;

/**
 * The drivers a break-even search scales by default: a template's own volume drivers when the model still
 * has them all, else the drivers that count things (tickets, customers, requests…), not rates or prices.
 */
export function volumeDrivers(model: RoiModel): string[] {
  const keys = new Set(model.drivers.map((d) => d.key));
  const template = ROI_TEMPLATES.find((t) => t.volumeDrivers.every((k) => keys.has(k)));
  if (template) return [...template.volumeDrivers];
  return model.drivers.filter(isVolumeLike).map((d) => d.key);
}

function isVolumeLike(d: Driver): boolean {
  if (NOT_VOLUME.test(d.unit) || /(^|_)per(_|$)|rate|price|cost|share|mult/i.test(d.key)) return false;
  if (/ per (?!year|month)/i.test(d.label)) return false;
  const size = d.kind === 'series' ? Math.max(0, ...(d.perYear ?? [])) * d.likely : d.likely;
  return size >= 100;
}

function run(model: RoiModel, keys: string[], riskAdjusted: boolean): BreakEven | null | 'error' {
  try {
    return breakEven(compileModel(model), keys, { riskAdjusted });
  } catch {
    return 'error';
  }
}

/** The multiplier on the chosen drivers at which NPV = 0, unadjusted and risk-adjusted. */
export function BreakEvenPanel({ model }: { model: RoiModel }) {
  const defaults = useMemo(() => volumeDrivers(model), [model]);
  const [picked, setPicked] = useState<string[] | null>(null);
  const keys = (picked ?? defaults).filter((k) => model.drivers.some((d) => d.key === k));
  // A compile and two bisections: well under a millisecond, so no memo to keep in step.
  const results = keys.length === 0 ? null : ([false, true] as const).map((ra) => run(model, keys, ra));
  const labelOf = (key: string) => model.drivers.find((d) => d.key === key)?.label ?? key;

  return (
    <section className="roi-block" aria-labelledby="roi-be-h" data-testid="roi-break-even">
      <h3 id="roi-be-h">Break-even</h3>
      {model.drivers.length === 0 ? (
        <p className="muted">Add drivers to find the volume at which the model breaks even.</p>
      ) : (
        <>
          <fieldset className="roi-be-pick">
            <legend>Scale these drivers together until NPV = 0</legend>
            {model.drivers.map((d) => (
              <label key={d.key} className="checkbox">
                <input
                  type="checkbox"
                  checked={keys.includes(d.key)}
                  onChange={(e) => setPicked(e.target.checked ? [...keys, d.key] : keys.filter((k) => k !== d.key))}
                />
                {d.label}
              </label>
            ))}
          </fieldset>
          {results === null ? (
            <p className="muted">Pick at least one driver (usually a volume: tickets, customers, requests).</p>
          ) : (
            <div className="roi-be-results">
              {results.map((r, i) => (
                <div
                  key={i}
                  className="roi-be-card"
                  data-testid={i === 0 ? 'break-even-unadjusted' : 'break-even-risk'}
                >
                  <h4>{i === 0 ? 'Unadjusted' : 'Risk-adjusted'}</h4>
                  {r === 'error' ? (
                    <p className="muted">Cannot be computed for this model.</p>
                  ) : r === null ? (
                    <p>Never breaks even within 1000× (or positive even at zero volume).</p>
                  ) : (
                    <>
                      <p>
                        At <strong data-testid="break-even-multiplier">{formatMultiplier(r.multiplier)}</strong> of the
                        likely values
                      </p>
                      <ul className="roi-be-drivers">
                        {r.drivers.map((d) => (
                          <li key={d.key} data-key={d.key}>
                            {labelOf(d.key)}: {formatNumber(d.likely, 2)} →{' '}
                            <strong data-testid="break-even-value">{formatNumber(d.atBreakEven, 0)}</strong>
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                </div>
              ))}
            </div>
          )}
        </>
      )}
    </section>
  );
}
