import { memo, useCallback, useMemo, useState } from 'react';
import { INPUT_INFO } from '../../../../../shared/domain/roi/lines';
import {
  BENEFIT_LINE_KINDS,
  BENEFIT_TYPES,
  COST_CATEGORIES,
  COST_LINE_KINDS,
  type LineKind,
} from '../../../../../shared/domain/roi/schema';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { formatMoneyCompact } from '../roiFormat';
import {
  blankDriver,
  blankLine,
  driverUses,
  fitToHorizon,
  freshLineId,
  newUid,
  renameDriverRefs,
  usageCounts,
  withKind,
  type Draft,
  type DraftDriver,
  type DraftLine,
  type Side,
} from './draft';
import { SelectInput, TextArea, TextInput, useEditor } from './fields';

/** A line's amount per year (0..horizon) and present value, at the likely values. */
export interface LineAmounts {
  years: readonly number[];
  pv: number;
}

export type DraftUpdate = (update: (d: Draft) => Draft) => void;

const KIND_LABELS: Record<LineKind, string> = {
  amount: 'Amount',
  inference: 'Inference (tokens × price)',
  human_review: 'Human review',
  people: 'People (FTE × cost)',
  time_savings: 'Time savings',
  units_x_price: 'Units × price',
  revenue_uplift: 'Revenue uplift',
  risk_reduction: 'Risk reduction',
};

const kindOptions = (kinds: readonly LineKind[]) => kinds.map((k) => ({ id: k, label: KIND_LABELS[k] }));

const TIMING_OPTIONS = [
  { id: 'initial', label: 'Initial (year 0)' },
  { id: 'recurring', label: 'Recurring' },
  { id: 'once', label: 'Once, in year…' },
];

const capital = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** The editable model: settings, drivers, cost lines, benefit lines. */
export function ModelEditor({
  draft,
  update,
  stray,
  amounts,
}: {
  draft: Draft;
  update: DraftUpdate;
  /** Visible issues no field shows (e.g. a line whose amount divides by zero). */
  stray: { path: string; message: string }[];
  /** Each line's amounts per year at the likely values, by `costs.0`…; absent while the model has errors. */
  amounts: ReadonlyMap<string, LineAmounts> | null;
}) {
  return (
    <div className="roi-editor" data-testid="roi-editor">
      {stray.length > 0 && (
        <ul className="roi-stray form-error" data-testid="roi-stray-issues">
          {stray.map((i) => (
            <li key={i.path}>{i.message}</li>
          ))}
        </ul>
      )}
      <Settings draft={draft} update={update} />
      <Drivers draft={draft} update={update} />
      <Lines side="costs" draft={draft} update={update} amounts={amounts} />
      <Lines side="benefits" draft={draft} update={update} amounts={amounts} />
    </div>
  );
}

function Settings({ draft, update }: { draft: Draft; update: DraftUpdate }) {
  const set = (patch: Partial<Draft>) => update((d) => ({ ...d, ...patch }));
  const valueDrivers = draft.drivers.filter((d) => d.kind === 'value');
  return (
    <section className="roi-block" aria-labelledby="roi-settings-h">
      <h3 id="roi-settings-h">Settings</h3>
      <div className="roi-settings">
        <TextInput
          path="horizonYears"
          label="Horizon"
          visibleLabel
          suffix="years"
          inputMode="numeric"
          value={draft.horizonYears}
          onChange={(v) => update((d) => fitToHorizon({ ...d, horizonYears: v }))}
        />
        <TextInput
          path="discountRate"
          label="Discount rate"
          visibleLabel
          suffix="%"
          inputMode="decimal"
          value={draft.discountRatePct}
          onChange={(v) => set({ discountRatePct: v })}
        />
        <SelectInput
          path="discountRateDriver"
          label="Discount-rate driver"
          visibleLabel
          value={draft.discountRateDriver}
          onChange={(v) => set({ discountRateDriver: v })}
          options={[
            { id: '', label: 'None (fixed rate)' },
            ...valueDrivers.map((d) => ({ id: d.key, label: d.label })),
            // A driver that is gone or became a series stays selectable so its error can show.
            ...(draft.discountRateDriver && !valueDrivers.some((d) => d.key === draft.discountRateDriver)
              ? [{ id: draft.discountRateDriver, label: draft.discountRateDriver }]
              : []),
          ]}
        />
        <SelectInput
          path="periodicity"
          label="Periods"
          visibleLabel
          value={draft.periodicity}
          onChange={(v) => set({ periodicity: v === 'monthly' ? 'monthly' : 'yearly' })}
          options={[
            { id: 'yearly', label: 'Yearly' },
            { id: 'monthly', label: 'Monthly' },
          ]}
        />
        <TextInput
          path="startMonth"
          label="Start month"
          visibleLabel
          placeholder="YYYY-MM"
          hint="First month of year 1"
          value={draft.startMonth}
          onChange={(v) => set({ startMonth: v })}
        />
        <TextInput
          path="pilotActualCost"
          label="Pilot actual cost ($)"
          visibleLabel
          inputMode="decimal"
          placeholder="unknown"
          value={draft.pilotActualCost}
          onChange={(v) => set({ pilotActualCost: v })}
        />
      </div>
    </section>
  );
}

/** Module-level so the memoised rows get the same functions on every render. */
function setDriver(update: DraftUpdate, i: number, patch: Partial<DraftDriver>) {
  update((d) => ({ ...d, drivers: d.drivers.map((x, j) => (j === i ? { ...x, ...patch } : x)) }));
}

function setDriverKind(update: DraftUpdate, i: number, kind: 'value' | 'series') {
  update((d) => {
    const h = Number.parseInt(d.horizonYears, 10);
    const years = Number.isInteger(h) && h >= 1 && h <= 10 ? h : 3;
    return {
      ...d,
      drivers: d.drivers.map((x, j) => {
        if (j !== i || x.kind === kind) return x;
        return kind === 'series'
          ? { ...x, kind, perYear: Array.from({ length: years }, () => x.likely), low: '1', likely: '1', high: '1' }
          : {
              ...x,
              kind,
              perYear: [],
              low: x.perYear[0] ?? '0',
              likely: x.perYear[0] ?? '0',
              high: x.perYear[0] ?? '0',
            };
      }),
    };
  });
}

function Drivers({ draft, update }: { draft: Draft; update: DraftUpdate }) {
  const [removing, setRemoving] = useState<number | null>(null);
  const { readOnly } = useEditor();
  // Parsed once per edit, not once per driver row.
  const counts = useMemo(() => usageCounts(draft), [draft]);
  const remove = (i: number) => update((d) => ({ ...d, drivers: d.drivers.filter((_, j) => j !== i) }));
  const askRemove = useCallback(
    (i: number, used: boolean) => {
      if (used) setRemoving(i);
      else update((d) => ({ ...d, drivers: d.drivers.filter((_, j) => j !== i) }));
    },
    [update],
  );
  const removingDriver = removing === null ? undefined : draft.drivers[removing];

  return (
    <section className="roi-block" aria-labelledby="roi-drivers-h">
      <div className="section-heading">
        <h3 id="roi-drivers-h">Drivers</h3>
        {!readOnly && (
          <button
            type="button"
            className="button small"
            data-testid="add-driver"
            onClick={() => update((d) => ({ ...d, drivers: [...d.drivers, blankDriver(d)] }))}
          >
            Add driver
          </button>
        )}
      </div>
      {draft.drivers.length === 0 ? (
        <p className="muted">No drivers yet. Drivers are the three-point estimates your line formulas use by key.</p>
      ) : (
        <div className="roi-table-scroll">
          <table className="roi-drivers">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Label</th>
                <th scope="col">Unit</th>
                <th scope="col">Kind</th>
                <th scope="col">Low</th>
                <th scope="col">Likely</th>
                <th scope="col">High</th>
                <th scope="col">Distribution</th>
                <th scope="col">Used by</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {draft.drivers.map((dr, i) => (
                <DriverRows
                  key={dr.uid}
                  index={i}
                  driver={dr}
                  uses={counts.get(dr.key) ?? 0}
                  update={update}
                  onRemove={askRemove}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {removingDriver && removing !== null && (
        <ConfirmDialog
          title="Remove a driver in use?"
          confirmLabel="Remove driver"
          destructive
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            remove(removing);
            setRemoving(null);
          }}
        >
          <p>
            <strong>{removingDriver.label}</strong> (<code>{removingDriver.key}</code>) is used by:
          </p>
          <ul className="roi-uses" data-testid="driver-uses">
            {draft.discountRateDriver === removingDriver.key && <li>the discount rate</li>}
            {driverUses(draft, removingDriver.key).map((u) => (
              <li key={`${u.side}-${u.line}-${u.input}`}>
                {u.line}: {INPUT_INFO[u.input]?.label ?? u.input}
              </li>
            ))}
          </ul>
          <p>Those fields will show an error until you point them at another driver or a number.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** One driver (and its per-year row for a series); memoised, so typing in one row renders only that row. */
const DriverRows = memo(function DriverRows({
  index: i,
  driver: dr,
  uses,
  update,
  onRemove: askRemove,
}: {
  index: number;
  driver: DraftDriver;
  uses: number;
  update: DraftUpdate;
  onRemove: (index: number, used: boolean) => void;
}) {
  const { readOnly } = useEditor();
  const set = (patch: Partial<DraftDriver>) => setDriver(update, i, patch);
  const setKind = (k: 'value' | 'series') => setDriverKind(update, i, k);
  const onRemove = () => askRemove(i, uses > 0);
  const onRenameKey = (from: string, to: string) => update((d) => renameDriverRefs(d, from, to));
  const at = `drivers.${i}`;
  const name = dr.label || dr.key || `driver ${i + 1}`;
  const series = dr.kind === 'series';
  return (
    <>
      <tr data-testid="driver-row" data-key={dr.key}>
        <td>
          <TextInput
            path={`${at}.key`}
            label={`${name}: key`}
            mono
            value={dr.key}
            onChange={(v) => set({ key: v })}
            onCommit={onRenameKey}
          />
        </td>
        <td>
          <TextInput
            path={`${at}.label`}
            label={`${name}: label`}
            value={dr.label}
            onChange={(v) => set({ label: v })}
          />
        </td>
        <td>
          <TextInput
            path={`${at}.unit`}
            label={`${name}: unit`}
            className="roi-narrow"
            value={dr.unit}
            onChange={(v) => set({ unit: v })}
          />
        </td>
        <td>
          <SelectInput
            path={`${at}.kind`}
            label={`${name}: kind`}
            value={dr.kind}
            onChange={(v) => setKind(v === 'series' ? 'series' : 'value')}
            options={[
              { id: 'value', label: 'Value' },
              { id: 'series', label: 'Per year ×' },
            ]}
          />
        </td>
        {(['low', 'likely', 'high'] as const).map((f) => (
          <td key={f}>
            <TextInput
              path={`${at}.${f}`}
              label={`${name}: ${f}${series ? ' multiplier' : ''}`}
              inputMode="decimal"
              className="roi-num"
              value={dr[f]}
              onChange={(v) => set({ [f]: v })}
            />
          </td>
        ))}
        <td>
          <SelectInput
            path={`${at}.distribution`}
            label={`${name}: distribution`}
            value={dr.distribution}
            onChange={(v) => set({ distribution: v === 'triangular' ? 'triangular' : 'pert' })}
            options={[
              { id: 'pert', label: 'PERT' },
              { id: 'triangular', label: 'Triangular' },
            ]}
          />
        </td>
        <td className="num">
          {uses === 0 ? (
            <span className="muted" title="No formula uses this driver">
              unused
            </span>
          ) : (
            uses
          )}
        </td>
        <td>
          {!readOnly && (
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove driver ${name}`}
              data-testid="remove-driver"
              onClick={onRemove}
            >
              ×
            </button>
          )}
        </td>
      </tr>
      {series && (
        <tr className="roi-series-row">
          <td colSpan={10}>
            <div className="roi-per-year">
              <span className="muted">Base per year (× the multiplier)</span>
              {dr.perYear.map((v, y) => (
                <TextInput
                  key={y}
                  path={`${at}.perYear.${y}`}
                  label={`${name}: year ${y + 1}`}
                  shortLabel={`Year ${y + 1}`}
                  visibleLabel
                  inputMode="decimal"
                  className="roi-num"
                  value={v}
                  onChange={(nv) => set({ perYear: dr.perYear.map((x, k) => (k === y ? nv : x)) })}
                />
              ))}
              <ErrorOnly path={`${at}.perYear`} />
            </div>
          </td>
        </tr>
      )}
    </>
  );
});

/** An error for a path that has no control of its own (a list as a whole). */
function ErrorOnly({ path }: { path: string }) {
  const message = useEditor().errorFor(path);
  return message ? (
    <span className="field-error" data-testid="field-error" data-field={path}>
      {message}
    </span>
  ) : null;
}

function Lines({
  side,
  draft,
  update,
  amounts,
}: {
  side: Side;
  draft: Draft;
  update: DraftUpdate;
  amounts: ReadonlyMap<string, LineAmounts> | null;
}) {
  const { readOnly } = useEditor();
  const lines = draft[side];
  const title = side === 'costs' ? 'Cost lines' : 'Benefit lines';
  return (
    <section className="roi-block" aria-labelledby={`roi-${side}-h`} data-testid={`roi-${side}`}>
      <div className="section-heading">
        <h3 id={`roi-${side}-h`}>{title}</h3>
        {!readOnly && (
          <button
            type="button"
            className="button small"
            data-testid={`add-${side}`}
            onClick={() => update((d) => ({ ...d, [side]: [...d[side], blankLine(d, side)] }))}
          >
            {side === 'costs' ? 'Add cost line' : 'Add benefit line'}
          </button>
        )}
      </div>
      {lines.length === 0 && (
        <p className="muted">
          {side === 'costs'
            ? 'No costs yet: add the build, inference, human review, integration and run costs.'
            : 'No benefits yet: add time savings, cost avoidance, revenue or risk reduction.'}
        </p>
      )}
      {lines.map((l, i) => (
        <LineCard
          key={l.uid}
          side={side}
          index={i}
          line={l}
          horizon={Number.parseInt(draft.horizonYears, 10)}
          amounts={amounts?.get(`${side}.${i}`) ?? null}
          update={update}
        />
      ))}
    </section>
  );
}

/** One cost or benefit line; memoised, so typing in one line renders only that line. */
const LineCard = memo(
  function LineCard({
    side,
    index,
    line: l,
    horizon,
    amounts,
    update,
  }: {
    side: Side;
    index: number;
    line: DraftLine;
    horizon: number;
    amounts: LineAmounts | null;
    update: DraftUpdate;
  }) {
    const set = (next: DraftLine) => update((d) => ({ ...d, [side]: d[side].map((x, j) => (j === index ? next : x)) }));
    const onDuplicate = () =>
      update((d) => {
        const copy = { ...l, uid: newUid(), id: freshLineId(d, l.id), name: `${l.name} (copy)` };
        const list = [...d[side]];
        list.splice(index + 1, 0, copy);
        return { ...d, [side]: list };
      });
    const onRemove = () => update((d) => ({ ...d, [side]: d[side].filter((_, j) => j !== index) }));
    const { readOnly } = useEditor();
    const at = `${side}.${index}`;
    const name = l.name.trim() || `line ${index + 1}`;
    const patch = (p: Partial<DraftLine>) => set({ ...l, ...p });
    const categories = side === 'costs' ? COST_CATEGORIES.items : BENEFIT_TYPES.items;
    const years = Number.isInteger(horizon) && horizon >= 1 && horizon <= 10 ? horizon : 3;
    return (
      <article className="roi-line" data-testid="roi-line" data-line-id={l.id} aria-label={`${name}`}>
        <div className="roi-line-head">
          <TextInput
            path={`${at}.name`}
            label="Name"
            visibleLabel
            className="roi-line-name"
            value={l.name}
            onChange={(v) => patch({ name: v })}
          />
          <SelectInput
            path={`${at}.category`}
            label={side === 'costs' ? 'Category' : 'Benefit type'}
            visibleLabel
            value={l.category}
            onChange={(v) => {
              const c = categories.find((x) => x.id === v);
              if (c) patch({ category: c.id });
            }}
            options={categories}
          />
          <SelectInput
            path={`${at}.kind`}
            label="Formula"
            visibleLabel
            value={l.kind}
            onChange={(v) => {
              const k = (side === 'costs' ? COST_LINE_KINDS : BENEFIT_LINE_KINDS).find((x) => x === v);
              if (k) set(withKind(l, k));
            }}
            options={kindOptions(side === 'costs' ? COST_LINE_KINDS : BENEFIT_LINE_KINDS)}
          />
          {!readOnly && (
            <div className="roi-line-actions">
              <button type="button" className="button small" aria-label={`Duplicate ${name}`} onClick={onDuplicate}>
                Duplicate
              </button>
              <button
                type="button"
                className="button small danger-outline"
                aria-label={`Remove ${name}`}
                data-testid="remove-line"
                onClick={onRemove}
              >
                Remove
              </button>
            </div>
          )}
        </div>
        <div className="roi-inputs">
          {Object.entries(l.inputs).map(([input, text]) => (
            <TextInput
              key={input}
              path={`${at}.inputs.${input}`}
              label={capital(INPUT_INFO[input]?.label ?? input)}
              visibleLabel
              mono
              className={text.length > 60 ? 'roi-span-3' : text.length > 26 ? 'roi-span-2' : undefined}
              hint={INPUT_INFO[input]?.bound === 'share' ? 'a share, 0–1' : undefined}
              value={text}
              onChange={(v) => patch({ inputs: { ...l.inputs, [input]: v } })}
            />
          ))}
        </div>
        <div className="roi-line-timing">
          <SelectInput
            path={`${at}.timing.type`}
            label="Timing"
            visibleLabel
            value={l.timing}
            onChange={(v) => patch({ timing: v === 'initial' ? 'initial' : v === 'once' ? 'once' : 'recurring' })}
            options={TIMING_OPTIONS}
          />
          {l.timing === 'recurring' && (
            <>
              <TextInput
                path={`${at}.timing.from`}
                label="From year"
                visibleLabel
                inputMode="numeric"
                className="roi-num"
                value={l.from}
                onChange={(v) => patch({ from: v })}
              />
              <TextInput
                path={`${at}.timing.to`}
                label="To year"
                visibleLabel
                inputMode="numeric"
                className="roi-num"
                placeholder={`end (${years})`}
                value={l.to}
                onChange={(v) => patch({ to: v })}
              />
            </>
          )}
          {l.timing === 'once' && (
            <TextInput
              path={`${at}.timing.year`}
              label="Year"
              visibleLabel
              inputMode="numeric"
              className="roi-num"
              value={l.year}
              onChange={(v) => patch({ year: v })}
            />
          )}
          <TextInput
            path={`${at}.riskAdjustment`}
            label={side === 'costs' ? 'Risk uplift' : 'Risk haircut'}
            visibleLabel
            suffix="%"
            inputMode="decimal"
            className="roi-num"
            value={l.riskPct}
            onChange={(v) => patch({ riskPct: v })}
          />
          <label className="checkbox roi-ramp-toggle">
            <input
              type="checkbox"
              checked={l.ramp !== null}
              disabled={readOnly}
              onChange={(e) =>
                patch({
                  ramp: e.target.checked ? Array.from({ length: years }, (_, y) => (y === 0 ? '50' : '100')) : null,
                })
              }
            />
            Ramp per year
          </label>
          {l.ramp?.map((r, y) => (
            <TextInput
              key={y}
              path={`${at}.ramp.${y}`}
              label={`${name}: ramp year ${y + 1}`}
              shortLabel={`Year ${y + 1}`}
              visibleLabel
              suffix="%"
              inputMode="decimal"
              className="roi-num"
              value={r}
              onChange={(v) => patch({ ramp: l.ramp?.map((x, k) => (k === y ? v : x)) ?? null })}
            />
          ))}
          <ErrorOnly path={`${at}.ramp`} />
        </div>
        <TextArea path={`${at}.notes`} label="Notes" value={l.notes} onChange={(v) => patch({ notes: v })} />
        <p className="roi-line-amounts muted small-text" data-testid="line-amounts">
          {amounts ? (
            <>
              {amounts.years.map((a, y) => (
                <span key={y}>
                  Y{y} {formatMoneyCompact(a)}
                </span>
              ))}
              <span>PV {formatMoneyCompact(amounts.pv)}</span>
            </>
          ) : (
            <span>Amounts appear once the model has no errors.</span>
          )}
        </p>
      </article>
    );
  },
  // The amounts are a fresh evaluation on every edit; equal numbers need no new render.
  (a, b) =>
    a.side === b.side &&
    a.index === b.index &&
    a.line === b.line &&
    a.horizon === b.horizon &&
    a.update === b.update &&
    sameAmounts(a.amounts, b.amounts),
);

function sameAmounts(a: LineAmounts | null, b: LineAmounts | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.pv !== b.pv || a.years.length !== b.years.length) return false;
  return a.years.every((x, i) => x === b.years[i]);
}
