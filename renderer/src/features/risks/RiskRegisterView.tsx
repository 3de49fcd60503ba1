import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { BAND_RANGES, RISK_BANDS, RISK_CATEGORIES } from '../../../../shared/domain/risk';
import { errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { plural } from '../../components/format';
import { RiskRowList } from './CellRisksDialog';
import { RiskDialogProvider, useRiskDialogs } from './RiskDialogs';
import { RiskHeatmap } from './RiskHeatmap';
import { RiskTable } from './RiskTable';
import { blankDraft } from './riskDraft';
import { activeRiskFilters, toListFilter, useRiskFilters, type RiskFilterState } from './riskFilters';
import { RISK_TABLES } from './riskFormat';
import { useInitiativeOptions, usePeople } from './useLookups';
import { useRiskWindow } from './useRiskWindow';
import { ExportCsvButton } from '../exports/csvExport';
import { riskRegisterCsv } from '../exports/riskCsv';
import './risks.css';

/** The portfolio risk register (issue 5): heatmaps and top risks above the filtered, virtualized register. */
export function RiskRegisterView() {
  return (
    <RiskDialogProvider>
      <Register />
    </RiskDialogProvider>
  );
}

function Register() {
  const f = useRiskFilters();
  // Typing stays responsive: the search reaches the core at lower priority.
  const search = useDeferredValue(f.search);
  const filter = useMemo(
    () => toListFilter(f, search),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [search, f.category, f.band, f.owner, f.scope, f.overdueReview, f.overdueAction, f.aboveAppetite, f.includeClosed],
  );
  const query = useMemo(() => ({ filter, sort: f.sort }), [filter, f.sort]);
  const win = useRiskWindow(query);
  const active = activeRiskFilters(f);
  // The unfiltered count, for "N of M": only asked for while a filter narrows the rows.
  const all = useQuery(
    'risk/list',
    { limit: 1, ...(f.includeClosed ? { filter: { includeClosed: true } } : {}) },
    RISK_TABLES,
    active,
  );
  const dialogs = useRiskDialogs();
  const open = useCallback((id: number) => dialogs.open({ kind: 'risk', id }), [dialogs]);

  const allTotal = active ? all.data?.total : undefined;
  return (
    <div className="view risk-register" data-testid="risk-register">
      <div className="view-header">
        <h1>Risk register</h1>
        <span className="row-count" data-testid="risk-count" aria-live="polite">
          {win.total === null
            ? 'Loading…'
            : allTotal !== undefined && allTotal !== win.total
              ? `${win.total.toLocaleString('en')} of ${plural(allTotal, 'risk')}`
              : plural(win.total, 'risk')}
        </span>
        <div className="spacer" />
        <ExportCsvButton view="risks" source={() => riskRegisterCsv(query)} />
        <button
          type="button"
          className="button"
          data-testid="register-add-from-library"
          onClick={() => dialogs.open({ kind: 'library', initiativeId: null })}
        >
          Add from library…
        </button>
        <button
          type="button"
          className="button primary"
          data-testid="register-add-risk"
          onClick={() => dialogs.open({ kind: 'new', draft: blankDraft(null), fromLibrary: false })}
        >
          New risk
        </button>
      </div>
      {/* The aggregates wait for the register's first window: at 100,000 risks the rows come first. */}
      <div className="risk-overview">
        {win.total !== null || win.error !== undefined ? (
          <>
            <RiskHeatmap which="inherent" />
            <RiskHeatmap which="residual" />
            <TopRisks />
          </>
        ) : (
          <p className="muted" aria-busy="true">
            Loading…
          </p>
        )}
      </div>
      <RiskFilterBar ready={win.total !== null} />
      <div className="risk-table-area">
        {win.error !== undefined && win.total === null ? (
          <div className="empty-state" role="alert">
            <h2>Could not load the register</h2>
            <p>{errorMessage(win.error)}</p>
            <button type="button" className="button" onClick={win.reload}>
              Try again
            </button>
          </div>
        ) : win.total === null ? (
          <div className="empty-state" aria-busy="true">
            Loading…
          </div>
        ) : win.total === 0 ? (
          <div className="empty-state" data-testid="risks-none">
            {active ? (
              <>
                <h2>No risks match</h2>
                <p>Try fewer filters.</p>
                <button type="button" className="button" onClick={f.clear}>
                  Clear filters
                </button>
              </>
            ) : (
              <>
                <h2>No risks yet</h2>
                <p>
                  Start from the library of common AI risks, or add one of your own and score it against the written
                  scales.
                </p>
                <button
                  type="button"
                  className="button primary"
                  onClick={() => dialogs.open({ kind: 'library', initiativeId: null })}
                >
                  Add from library…
                </button>
              </>
            )}
          </div>
        ) : (
          <RiskTable
            total={win.total}
            rowAt={win.rowAt}
            ensure={win.ensure}
            sort={f.sort}
            onSort={f.setSort}
            onOpen={open}
            queryKey={JSON.stringify(query)}
          />
        )}
      </div>
    </div>
  );
}

function TopRisks() {
  const top = useQuery('risk/top', { limit: 6 }, RISK_TABLES);
  return (
    <section className="risk-top" aria-labelledby="top-risks-heading" data-testid="top-risks">
      <h2 id="top-risks-heading">Top risks</h2>
      {top.error !== undefined && !top.data ? (
        <p role="alert">{errorMessage(top.error)}</p>
      ) : !top.data ? (
        <p className="muted">Loading…</p>
      ) : top.data.length === 0 ? (
        <p className="muted">No open risks.</p>
      ) : (
        <RiskRowList rows={top.data} testId="top-risk" />
      )}
    </section>
  );
}

function RiskFilterBar({ ready }: { ready: boolean }) {
  const f = useRiskFilters();
  const people = usePeople();
  // Thousands of initiatives make a heavy select: its options load after the register's first window, or
  // as soon as it is used.
  const [wantInitiatives, setWantInitiatives] = useState(false);
  const initiatives = useInitiativeOptions(ready || wantInitiatives || f.scope !== '');
  const active = activeRiskFilters(f);
  const toggle = (key: 'overdueReview' | 'overdueAction' | 'aboveAppetite', label: string) => (
    <button
      type="button"
      className={`toggle-button${f[key] ? ' on' : ''}`}
      aria-pressed={f[key]}
      data-testid={`risk-filter-${key}`}
      onClick={() => f.set(key, !f[key])}
    >
      {label}
    </button>
  );
  return (
    <div className="filter-bar risk-filter-bar" role="search" aria-label="Filter risks">
      <label className="visually-hidden" htmlFor="risk-search">
        Search risks
      </label>
      <input
        id="risk-search"
        className="input risk-search"
        type="search"
        placeholder="Search titles…  Ctrl+F"
        value={f.search}
        onChange={(e) => f.set('search', e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && f.search) {
            e.stopPropagation();
            f.set('search', '');
          } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
            const row = document.querySelector<HTMLElement>('[data-testid="risk-row"][tabindex="0"]');
            if (row) {
              e.preventDefault();
              row.focus();
            }
          }
        }}
        data-testid="risk-search"
        data-view-search
        autoComplete="off"
        spellCheck={false}
      />
      <FilterSelect
        label="Category"
        testId="risk-filter-category"
        value={f.category}
        onChange={(v) => f.set('category', v as RiskFilterState['category'])}
      >
        <option value="">All categories</option>
        {RISK_CATEGORIES.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        label="Residual band"
        testId="risk-filter-band"
        value={f.band}
        onChange={(v) => f.set('band', v as RiskFilterState['band'])}
      >
        <option value="">Any band</option>
        {RISK_BANDS.map((b) => (
          <option key={b} value={b}>
            {BAND_RANGES[b].label} ({BAND_RANGES[b].min}–{BAND_RANGES[b].max})
          </option>
        ))}
      </FilterSelect>
      <FilterSelect label="Owner" testId="risk-filter-owner" value={f.owner} onChange={(v) => f.set('owner', v)}>
        <option value="">Any owner</option>
        <option value="none">No owner</option>
        {people.map((p) => (
          <option key={p.id} value={String(p.id)}>
            {p.name}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        label="Initiative"
        testId="risk-filter-scope"
        value={f.scope}
        onChange={(v) => f.set('scope', v)}
        onFocus={() => setWantInitiatives(true)}
      >
        <option value="">All initiatives and portfolio</option>
        <option value="portfolio">Portfolio-level only</option>
        {initiatives.map((i) => (
          <option key={i.id} value={String(i.id)}>
            {i.name}
          </option>
        ))}
      </FilterSelect>
      {toggle('overdueReview', 'Review overdue')}
      {toggle('overdueAction', 'Action overdue')}
      {toggle('aboveAppetite', 'Above appetite')}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={f.includeClosed}
          onChange={(e) => f.set('includeClosed', e.target.checked)}
          data-testid="risk-filter-closed"
        />
        Include closed
      </label>
      {active && (
        <button type="button" className="link-button" onClick={f.clear} data-testid="risk-clear-filters">
          Clear filters
        </button>
      )}
    </div>
  );
}

function FilterSelect({
  label,
  testId,
  value,
  onChange,
  onFocus,
  children,
}: {
  label: string;
  testId: string;
  value: string;
  onChange: (v: string) => void;
  onFocus?: () => void;
  children: React.ReactNode;
}) {
  return (
    <select
      className={`select${value ? ' has-value' : ''}`}
      aria-label={label}
      title={label}
      data-testid={testId}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onFocus={onFocus}
      onMouseDown={onFocus}
    >
      {children}
    </select>
  );
}
