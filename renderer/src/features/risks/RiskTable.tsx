import {
  FlexRender,
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type Row,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { RiskRow, RiskSortKey } from '../../../../shared/domain/risk';
import { Chip, MissingChip } from '../../components/Chip';
import { formatDate } from '../../components/format';
import { FlagChips, ScoreChip } from './RiskChips';
import { categoryName, statusLabel, treatmentLabel } from './riskFormat';
import type { RiskSort } from './riskFilters';

const ROW_HEIGHT = 36;
const HEADER_HEIGHT = 32;

interface ColumnMeta {
  width: string;
  /** The risk/list sort key this column sorts by; absent: not sortable (the core does not sort by it). */
  sortKey?: RiskSortKey;
}

const features = tableFeatures({ rowSortingFeature, columnMeta: {} as ColumnMeta });
type Features = typeof features;
const helper = createColumnHelper<Features, RiskRow>();

const text = (s: string) => <span className="cell-text">{s}</span>;

const columns = helper.columns([
  helper.accessor('title', {
    header: 'Risk',
    meta: { width: 'minmax(240px, 2.4fr)', sortKey: 'title' },
    cell: (c) => (
      <span className="cell-text risk-title-cell" title={`${c.row.original.ref} ${c.getValue()}`}>
        <span className="cell-name">{c.getValue()}</span> <span className="risk-ref">{c.row.original.ref}</span>
      </span>
    ),
  }),
  helper.accessor((r) => r.initiativeName ?? 'Portfolio', {
    id: 'initiative',
    header: 'Initiative',
    enableSorting: false,
    meta: { width: 'minmax(140px, 1.3fr)' },
    cell: (c) => (c.row.original.initiativeId === null ? <Chip tone="accent">Portfolio</Chip> : text(c.getValue())),
  }),
  helper.accessor((r) => categoryName(r.category), {
    id: 'category',
    header: 'Category',
    meta: { width: 'minmax(120px, 1fr)', sortKey: 'category' },
    cell: (c) => text(c.getValue()),
  }),
  helper.accessor((r) => r.ownerName ?? '', {
    id: 'owner',
    header: 'Owner',
    enableSorting: false,
    meta: { width: 'minmax(110px, 1fr)' },
    cell: (c) => (c.getValue() ? text(c.getValue()) : <MissingChip role="risk owner" />),
  }),
  helper.accessor((r) => r.inherent.score, {
    id: 'inherent',
    header: 'Inherent',
    meta: { width: '104px', sortKey: 'inherentScore' },
    cell: (c) => <ScoreChip scored={c.row.original.inherent} label="Inherent" />,
  }),
  helper.accessor((r) => r.residual.score, {
    id: 'residual',
    header: 'Residual',
    meta: { width: '104px', sortKey: 'residualScore' },
    cell: (c) => <ScoreChip scored={c.row.original.residual} label="Residual" testId="residual-chip" />,
  }),
  helper.display({
    id: 'flags',
    header: 'Flags',
    meta: { width: 'minmax(150px, 1.2fr)' },
    cell: (c) => {
      const r = c.row.original;
      return <FlagChips flags={r.flags} appetite={r.appetite} residualScore={r.residual.score} />;
    },
  }),
  helper.accessor('nextReviewOn', {
    id: 'nextReview',
    header: 'Next review',
    meta: { width: '176px', sortKey: 'nextReviewOn' },
    cell: (c) => (
      <span className="risk-date-cell" data-testid="next-review">
        {formatDate(c.getValue())} {c.row.original.flags.reviewOverdue && <Chip tone="warning">Overdue</Chip>}
      </span>
    ),
  }),
  helper.accessor('openActionDueOn', {
    id: 'actions',
    header: 'Open actions',
    meta: { width: '196px', sortKey: 'openActionDueOn' },
    cell: (c) => {
      const due = c.getValue();
      if (!due) return <span className="muted">None open</span>;
      return (
        <span className="risk-date-cell" title={`Earliest open action due ${formatDate(due)}`}>
          Due {formatDate(due)} {c.row.original.flags.actionOverdue && <Chip tone="danger">Overdue</Chip>}
        </span>
      );
    },
  }),
  helper.accessor((r) => r.target?.score ?? 0, {
    id: 'target',
    header: 'Target',
    enableSorting: false,
    meta: { width: '100px' },
    cell: (c) => <ScoreChip scored={c.row.original.target} label="Target" />,
  }),
  helper.accessor((r) => treatmentLabel(r.treatment), {
    id: 'treatment',
    header: 'Treatment',
    enableSorting: false,
    meta: { width: '110px' },
    cell: (c) => text(c.getValue()),
  }),
  helper.accessor((r) => statusLabel(r.status), {
    id: 'status',
    header: 'Status',
    meta: { width: '124px', sortKey: 'status' },
    cell: (c) => text(c.getValue()),
  }),
]);

const gridTemplate = columns.map((c) => c.meta?.width ?? '1fr').join(' ');
const SORT_COLUMN = new Map(columns.flatMap((c) => (c.meta?.sortKey && c.id ? [[c.meta.sortKey, c.id]] : [])));

interface RiskTableProps {
  total: number;
  rowAt: (index: number) => RiskRow | undefined;
  ensure: (start: number, end: number) => void;
  sort: RiskSort;
  onSort: (s: RiskSort) => void;
  onOpen: (id: number) => void;
  /** Changes with the query: the table returns to the top. */
  queryKey: string;
}

/**
 * The register as a virtualized grid over a window of pages: the virtualizer knows the total count from the
 * core, renders only the rows in view, and asks for their pages; rows not yet read show as placeholders.
 * Sorting is the core's (the columns it can sort by); arrows move the active row, Enter opens it.
 */
export function RiskTable({ total, rowAt, ensure, sort, onSort, onOpen, queryKey }: RiskTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);

  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    ensure(first, last);
  }, [first, last, ensure]);

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
    setActive(0);
  }, [queryKey]);

  const windowRows = useMemo(() => {
    const out: RiskRow[] = [];
    for (let i = first; i <= last && i < total; i++) {
      const r = rowAt(i);
      if (r) out.push(r);
    }
    return out;
  }, [first, last, total, rowAt]);

  const sorting: SortingState = useMemo(() => {
    const id = SORT_COLUMN.get(sort.key);
    return id ? [{ id, desc: sort.dir === 'desc' }] : [];
  }, [sort]);

  const table = useTable({
    features,
    columns,
    data: windowRows,
    getRowId: (r) => String(r.id),
    state: { sorting },
    manualSorting: true,
    enableSortingRemoval: false,
    onSortingChange: () => {
      // The header buttons below set the core's sort directly.
    },
  });
  const activate = useCallback(
    (index: number, id: number) => {
      setActive(index);
      onOpen(id);
    },
    [onOpen],
  );
  const rowsById = new Map(table.getRowModel().rows.map((r) => [r.original.id, r]));

  useLayoutEffect(() => {
    if (!focusPending.current) return;
    // A placeholder row is replaced once its page arrives: focus waits for the real row.
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-testid="risk-row"][data-index="${active}"]`);
    if (el) {
      focusPending.current = false;
      el.focus({ preventScroll: true });
    }
  });

  const moveTo = (index: number) => {
    const clamped = Math.max(0, Math.min(total - 1, index));
    focusPending.current = true;
    setActive(clamped);
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: total - 1,
    };
    const target = moves[e.key];
    if (target !== undefined) {
      e.preventDefault();
      moveTo(target);
    } else if (e.key === 'Enter' || e.key === ' ') {
      const r = rowAt(active);
      if (r) {
        e.preventDefault();
        onOpen(r.id);
      }
    }
  };

  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  return (
    <div className="table-scroll" ref={scrollRef} data-testid="risk-scroll">
      <table
        className="grid-table risk-table"
        role="table"
        aria-label="Risk register"
        aria-rowcount={total + 1}
        data-testid="risk-table"
        style={{ ['--grid-columns' as string]: gridTemplate }}
      >
        <thead className="grid-head" role="rowgroup">
          <tr className="grid-row" role="row" aria-rowindex={1}>
            {headers.map((header) => {
              const key = header.column.columnDef.meta?.sortKey;
              const on = key === sort.key;
              return (
                <th
                  key={header.id}
                  role="columnheader"
                  className="grid-th"
                  data-column-id={header.column.id}
                  aria-sort={key ? (on ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none') : undefined}
                >
                  {key ? (
                    <button
                      type="button"
                      className="sort-button"
                      data-testid={`sort-${header.column.id}`}
                      onClick={() =>
                        onSort({
                          key,
                          // Scores and dates read worst / soonest first; names from A.
                          dir: on
                            ? sort.dir === 'asc'
                              ? 'desc'
                              : 'asc'
                            : key === 'inherentScore' || key === 'residualScore'
                              ? 'desc'
                              : 'asc',
                        })
                      }
                    >
                      <FlexRender header={header} />
                      <span className="sort-indicator" aria-hidden="true">
                        {on ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
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
        </thead>
        <tbody
          className="grid-body"
          role="rowgroup"
          style={{ height: virtualizer.getTotalSize() }}
          onKeyDown={onKeyDown}
        >
          {items.map((item) => {
            const r = rowAt(item.index);
            const row = r ? rowsById.get(r.id) : undefined;
            const top = item.start - HEADER_HEIGHT;
            const isActive = item.index === active;
            if (!r || !row) {
              return (
                <tr
                  key={`p${item.index}`}
                  className={`grid-row body-row placeholder${isActive ? ' active' : ''}`}
                  role="row"
                  aria-rowindex={item.index + 2}
                  data-index={item.index}
                  tabIndex={isActive ? 0 : -1}
                  style={{ transform: `translateY(${top}px)` }}
                >
                  <td role="cell" className="grid-td muted">
                    Loading…
                  </td>
                </tr>
              );
            }
            return (
              <RowView
                key={r.id}
                row={row}
                index={item.index}
                top={top}
                active={isActive}
                onClick={activate}
                onFocusRow={setActive}
              />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

type TableRow = Row<Features, RiskRow>;

const RowView = memo(function RowView({
  row,
  index,
  top,
  active,
  onClick,
  onFocusRow,
}: {
  row: TableRow;
  index: number;
  top: number;
  active: boolean;
  onClick: (index: number, id: number) => void;
  onFocusRow: (index: number) => void;
}) {
  const r = row.original;
  return (
    <tr
      className={`grid-row body-row${active ? ' active' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={active}
      data-index={index}
      data-risk-id={r.id}
      data-testid="risk-row"
      tabIndex={active ? 0 : -1}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onClick(index, r.id)}
      onFocus={() => {
        if (!active) onFocusRow(index);
      }}
    >
      {row.getAllCells().map((cell) => (
        <td key={cell.id} role="cell" className="grid-td" data-column-id={cell.column.id}>
          <FlexRender cell={cell} />
        </td>
      ))}
    </tr>
  );
});
