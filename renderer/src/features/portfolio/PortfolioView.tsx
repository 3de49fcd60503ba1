import type { ColumnVisibilityState } from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useQuery } from '../../api/useQuery';
import { setAppState } from '../../app/appState';
import { importInitiatives, newInitiative } from '../../app/commands';
import { hasActiveFilters, useFilters } from '../../store/filters';
import { useUi } from '../../store/ui';
import { errorMessage } from '../../api/client';
import { InitiativeDetailPanel } from '../initiative/InitiativeDetail';
import { ColumnMenu } from './ColumnMenu';
import { loadColumnVisibility, saveColumnVisibility, withFilterOnlyHidden } from './columnVisibility';
import { FilterBar } from './FilterBar';
import { PortfolioTable } from './PortfolioTable';
import { toPortfolioRows } from './rows';
import { unpackTable } from '../../../../shared/domain/portfolio';
import { useSorting } from '../../store/sorting';
import { ExportCsvButton } from '../exports/csvExport';
import { openPackExport } from '../exports/exportsStore';

export const INITIATIVE_TABLES = ['initiatives', 'people', 'phase_transitions'] as const;

/** The portfolio: filter bar, the table of every initiative, and the detail panel beside it. */
export function PortfolioView() {
  const showArchived = useFilters((s) => s.showArchived);
  const list = useQuery('initiative/table', { includeArchived: showArchived }, INITIATIVE_TABLES);
  const people = useQuery('person/list', undefined, ['people', 'initiatives']);
  const units = useQuery('initiative/businessUnits', undefined, ['initiatives']);
  const detailId = useUi((s) => s.detailId);

  const rows = useMemo(() => (list.data ? toPortfolioRows(unpackTable(list.data)) : []), [list.data]);
  const [sorting, setSorting] = useSorting();
  const [visibility, setVisibilityState] = useState<ColumnVisibilityState>(loadColumnVisibility);
  const setVisibility = useCallback((v: ColumnVisibilityState) => {
    saveColumnVisibility(v);
    setVisibilityState(withFilterOnlyHidden(v));
  }, []);
  const [filteredCount, setFilteredCount] = useState(0);

  const loaded = list.data !== undefined;
  useEffect(() => {
    if (loaded) setAppState('ready');
  }, [loaded]);

  const filtersActive = useFilters(hasActiveFilters);
  const clear = useFilters((s) => s.clear);

  return (
    <div className={`portfolio${detailId !== null ? ' with-detail' : ''}`}>
      <section className="portfolio-main" aria-label="Portfolio">
        <div className="view-header">
          <h1>Portfolio</h1>
          <span className="row-count" data-testid="row-count" aria-live="polite">
            {loaded ? `${filteredCount.toLocaleString('en')} of ${rows.length.toLocaleString('en')}` : 'Loading…'}
          </span>
          <div className="spacer" />
          <ColumnMenu visibility={visibility} onChange={setVisibility} />
          <button type="button" className="button" onClick={importInitiatives} data-testid="import-initiatives">
            Import…
          </button>
          <ExportCsvButton view="portfolio" />
          <button type="button" className="button" onClick={() => openPackExport()} data-testid="export-pack">
            Export…
          </button>
          <button type="button" className="button primary" onClick={newInitiative} data-testid="new-initiative">
            New initiative
          </button>
        </div>
        <FilterBar people={people.data ?? []} businessUnits={units.data ?? []} />
        {list.error !== undefined && !loaded ? (
          <div className="empty-state" role="alert">
            <h2>Could not load the portfolio</h2>
            <p>{errorMessage(list.error)}</p>
          </div>
        ) : !loaded ? (
          <div className="empty-state" aria-busy="true">
            Loading…
          </div>
        ) : rows.length === 0 && !showArchived ? (
          <div className="empty-state" data-testid="empty-portfolio">
            <h2>No initiatives yet</h2>
            <p>Add the first AI initiative to start tracking it through the seven phases.</p>
            <button type="button" className="button primary" onClick={newInitiative}>
              New initiative
            </button>
            <button type="button" className="button" onClick={importInitiatives} data-testid="empty-import">
              Import from a spreadsheet
            </button>
          </div>
        ) : (
          <>
            <PortfolioTable
              rows={rows}
              sorting={sorting}
              onSortingChange={setSorting}
              columnVisibility={visibility}
              onColumnVisibilityChange={setVisibility}
              onFilteredCount={setFilteredCount}
            />
            {filteredCount === 0 && (
              <div className="empty-state overlay" data-testid="empty-filtered">
                <h2>No initiatives match</h2>
                <p>{filtersActive ? 'Try fewer filters.' : 'Nothing to show.'}</p>
                {filtersActive && (
                  <button type="button" className="button" onClick={clear}>
                    Clear filters
                  </button>
                )}
              </div>
            )}
          </>
        )}
      </section>
      {detailId !== null && <InitiativeDetailPanel id={detailId} key={detailId} />}
    </div>
  );
}
