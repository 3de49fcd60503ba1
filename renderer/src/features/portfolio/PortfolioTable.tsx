import {
  FlexRender,
  functionalUpdate,
  useTable,
  type Row,
  type SortingState,
  type ColumnVisibilityState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useDeferredValue,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  type KeyboardEvent,
} from 'react';
import { useFilters } from '../../store/filters';
import { useUi } from '../../store/ui';
import { filterState, portfolioColumns, portfolioFeatures } from './columns';
import { saveColumnVisibility } from './columnVisibility';
import type { PortfolioRow } from './rows';
import { useCsvSource } from '../exports/csvExport';
import { portfolioTableCsv } from '../exports/portfolioTableCsv';

type Features = typeof portfolioFeatures;

const ROW_HEIGHT = 34;
const HEADER_HEIGHT = 32;

interface PortfolioTableProps {
  rows: PortfolioRow[];
  sorting: SortingState;
  onSortingChange: (s: SortingState) => void;
  columnVisibility: ColumnVisibilityState;
  onColumnVisibilityChange: (v: ColumnVisibilityState) => void;
  /** Reports how many rows pass the filters, for the "N of M" count and empty states. */
  onFilteredCount: (n: number) => void;
}

const getRowId = (r: PortfolioRow) => String(r.id);

export function PortfolioTable({
  rows,
  sorting,
  onSortingChange,
  columnVisibility,
  onColumnVisibilityChange,
  onFilteredCount,
}: PortfolioTableProps) {
  const filters = useFilters();
  // Typing stays responsive: the filter text reaches the 10k-row filter at lower priority.
  const deferredText = useDeferredValue(filters.text);
  const columnFilters = useMemo(
    () => filterState(filters, deferredText),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [
      deferredText,
      filters.phase,
      filters.type,
      filters.businessUnit,
      filters.owner,
      filters.status,
      filters.missingOwner,
    ],
  );

  const table = useTable({
    features: portfolioFeatures,
    columns: portfolioColumns,
    data: rows,
    getRowId,
    state: { sorting, columnFilters, columnVisibility },
    onSortingChange: (u) => onSortingChange(functionalUpdate(u, sorting)),
    onColumnFiltersChange: () => {
      // Filters are owned by the filter bar's store; the table only reads them.
    },
    onColumnVisibilityChange: (u) => {
      const next = functionalUpdate(u, columnVisibility);
      saveColumnVisibility(next);
      onColumnVisibilityChange(next);
    },
    enableSortingRemoval: true,
  });

  const visibleRows = table.getRowModel().rows;
  const visibleColumns = table.getVisibleLeafColumns();
  const gridTemplate = visibleColumns.map((c) => c.columnDef.meta?.width ?? '1fr').join(' ');
  const visibleKey = visibleColumns.map((c) => c.id).join(',');

  useEffect(() => onFilteredCount(visibleRows.length), [visibleRows.length, onFilteredCount]);
  useCsvSource('portfolio', () => portfolioTableCsv(table));

  const activeRowId = useUi((s) => s.activeRowId);
  const setActiveRow = useUi((s) => s.setActiveRow);
  const openDetail = useUi((s) => s.openDetail);
  const activeIndex = useMemo(
    () => (activeRowId === null ? -1 : visibleRows.findIndex((r) => r.original.id === activeRowId)),
    [visibleRows, activeRowId],
  );
  // Exactly one row is in the Tab order: the active one, else the first.
  const rovingIndex = activeIndex >= 0 ? activeIndex : 0;

  const scrollRef = useRef<HTMLDivElement>(null);
  // No React Compiler in this build; the virtualizer drives its own re-renders.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: visibleRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    getItemKey: (i) => visibleRows[i]?.id ?? i,
  });

  // Set when the keyboard moved the active row, so focus follows it once it is rendered.
  const focusPending = useRef(false);
  useLayoutEffect(() => {
    if (!focusPending.current || activeRowId === null) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-row-id="${activeRowId}"]`);
    if (el) {
      focusPending.current = false;
      el.focus({ preventScroll: true });
    }
  });

  const moveTo = useCallback(
    (index: number) => {
      const clamped = Math.max(0, Math.min(visibleRows.length - 1, index));
      const row = visibleRows[clamped];
      if (!row) return;
      focusPending.current = true;
      setActiveRow(row.original.id);
      virtualizer.scrollToIndex(clamped, { align: 'auto' });
    },
    [visibleRows, setActiveRow, virtualizer],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: rovingIndex + (activeIndex >= 0 ? 1 : 0),
      ArrowUp: rovingIndex - 1,
      PageDown: rovingIndex + page,
      PageUp: rovingIndex - page,
      Home: 0,
      End: visibleRows.length - 1,
    };
    const target = moves[e.key];
    if (target !== undefined) {
      e.preventDefault();
      moveTo(target);
    } else if (e.key === 'Enter' || e.key === ' ') {
      const row = visibleRows[rovingIndex];
      if (row) {
        e.preventDefault();
        openDetail(row.original.id);
      }
    }
  };

  const onRowClick = useCallback(
    (id: number) => {
      setActiveRow(id);
      openDetail(id);
    },
    [setActiveRow, openDetail],
  );

  return (
    <div className="table-scroll" ref={scrollRef} data-testid="portfolio-scroll">
      <table
        className="grid-table"
        role="table"
        aria-label="Initiatives"
        aria-rowcount={visibleRows.length + 1}
        data-testid="portfolio-table"
        style={{ ['--grid-columns' as string]: gridTemplate }}
      >
        <thead className="grid-head" role="rowgroup">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="grid-row" role="row" aria-rowindex={1}>
              {group.headers.map((header) => {
                const col = header.column;
                const sorted = col.getIsSorted();
                const ariaSort =
                  sorted === 'asc'
                    ? 'ascending'
                    : sorted === 'desc'
                      ? 'descending'
                      : col.getCanSort()
                        ? 'none'
                        : undefined;
                return (
                  <th
                    key={header.id}
                    role="columnheader"
                    aria-sort={ariaSort}
                    data-column-id={col.id}
                    className="grid-th"
                  >
                    {col.getCanSort() ? (
                      <button type="button" className="sort-button" onClick={col.getToggleSortingHandler()}>
                        <FlexRender header={header} />
                        <span className="sort-indicator" aria-hidden="true">
                          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                        </span>
                      </button>
                    ) : (
                      <span className="th-label">
                        <FlexRender header={header} />
                      </span>
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody
          className="grid-body"
          role="rowgroup"
          style={{ height: virtualizer.getTotalSize() }}
          onKeyDown={onKeyDown}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const row = visibleRows[item.index];
            if (!row) return null;
            return (
              <RowView
                key={row.id}
                row={row}
                index={item.index}
                top={item.start - HEADER_HEIGHT}
                active={row.original.id === activeRowId}
                tabbable={item.index === rovingIndex}
                visibleKey={visibleKey}
                onClick={onRowClick}
                onFocusRow={setActiveRow}
              />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

interface RowViewProps {
  row: Row<Features, PortfolioRow>;
  index: number;
  top: number;
  active: boolean;
  tabbable: boolean;
  /** Changes when columns are shown or hidden: the row object itself stays the same. */
  visibleKey: string;
  onClick: (id: number) => void;
  /** Focus arriving by Tab or from the filter box makes that row the active one. */
  onFocusRow: (id: number) => void;
}

/** One row; memoized so a keystroke in the filter re-renders only rows whose props changed. */
const RowView = memo(function RowView({ row, index, top, active, tabbable, onClick, onFocusRow }: RowViewProps) {
  const r = row.original;
  return (
    <tr
      className={`grid-row body-row${active ? ' active' : ''}${r.archivedAt ? ' archived' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={active}
      data-row-id={r.id}
      data-testid="portfolio-row"
      tabIndex={tabbable ? 0 : -1}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onClick(r.id)}
      onFocus={() => {
        if (!active) onFocusRow(r.id);
      }}
    >
      {row.getVisibleCells().map((cell) => (
        <td key={cell.id} role="cell" className="grid-td" data-column-id={cell.column.id}>
          <FlexRender cell={cell} />
        </td>
      ))}
    </tr>
  );
});
