import {
  columnFilteringFeature,
  columnVisibilityFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
  type ColumnFiltersState,
  type FilterFn,
} from '@tanstack/react-table';
import { INITIATIVE_TYPES, RISK_TIERS, STATUSES } from '../../../../shared/domain/enums';
import { phaseInfo, phaseNumber } from '../../../../shared/domain/phases';
import { Chip, MissingChip } from '../../components/Chip';
import { formatDate, RISK_TONE, STATUS_TONE } from '../../components/format';
import type { Filters } from '../../store/filters';
import type { PortfolioRow } from './rows';
import { WatchlistChip } from '../watchlist/WatchlistChip';

/** How wide each column is in the CSS grid the table is laid out with. */
export interface PortfolioColumnMeta {
  width: string;
  /** Label in the column menu; defaults to the header. */
  label: string;
}

// Module scope on purpose: stable features and columns keep react-table from rebuilding its models.
export const portfolioFeatures = tableFeatures({
  columnFilteringFeature,
  rowSortingFeature,
  columnVisibilityFeature,
  filteredRowModel: createFilteredRowModel(),
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text, basic: sortFn_basic },
  columnMeta: {} as PortfolioColumnMeta,
});
type Features = typeof portfolioFeatures;

const helper = createColumnHelper<Features, PortfolioRow>();

// Filter functions take pre-resolved values from filterState() below, so they stay tiny per row.
const containsText: FilterFn<Features, PortfolioRow> = (row, _id, value: string) =>
  row.original.searchText.includes(value);
const equals: FilterFn<Features, PortfolioRow> = (row, id, value: unknown) => row.getValue(id) === value;
const ownedBy: FilterFn<Features, PortfolioRow> = (row, _id, value: number) => {
  const r = row.original;
  return r.sponsorId === value || r.productOwnerId === value || r.techLeadId === value;
};
const isTrue: FilterFn<Features, PortfolioRow> = (row) => row.original.missingOwner;

function owner(name: string | null, role: string) {
  return name ? <span className="cell-text">{name}</span> : <MissingChip role={role} />;
}

/** Ids of the columns that only carry filters and never show. */
export const FILTER_ONLY_COLUMNS = ['search', 'owner', 'missingOwner'] as const;

export const portfolioColumns = helper.columns([
  helper.accessor('name', {
    header: 'Name',
    sortFn: 'text',
    enableHiding: false,
    meta: { width: 'minmax(220px, 2.4fr)', label: 'Name' },
    cell: (c) => <span className="cell-text cell-name">{c.getValue()}</span>,
  }),
  helper.accessor((r) => phaseNumber(r.phase), {
    id: 'phase',
    header: 'Phase',
    sortFn: 'basic',
    meta: { width: '150px', label: 'Phase' },
    filterFn: (row, _id, value: string) => row.original.phase === value,
    cell: (c) => (
      <span className="phase-cell" title={phaseInfo(c.row.original.phase).label}>
        <span className="phase-number">{c.getValue()}</span>
        <span className="cell-text">{phaseInfo(c.row.original.phase).short}</span>
      </span>
    ),
  }),
  helper.accessor((r) => INITIATIVE_TYPES.label(r.type), {
    id: 'type',
    header: 'Type',
    sortFn: 'text',
    meta: { width: 'minmax(130px, 1fr)', label: 'Type' },
    filterFn: (row, _id, value: string) => row.original.type === value,
    cell: (c) => <span className="cell-text">{c.getValue()}</span>,
  }),
  helper.accessor('businessUnit', {
    header: 'Business unit',
    sortFn: 'text',
    meta: { width: 'minmax(120px, 1fr)', label: 'Business unit' },
    filterFn: equals,
    cell: (c) => <span className="cell-text">{c.getValue() || '—'}</span>,
  }),
  helper.accessor((r) => STATUSES.label(r.status), {
    id: 'status',
    header: 'Status',
    sortFn: 'text',
    meta: { width: '96px', label: 'Status' },
    filterFn: (row, _id, value: string) => row.original.status === value,
    cell: (c) => <Chip tone={STATUS_TONE[c.row.original.status]}>{c.getValue()}</Chip>,
  }),
  // The purgatory score from the one shared radar report (features/watchlist/radar.ts), joined by id.
  helper.display({
    id: 'watchlist',
    header: 'Watchlist',
    meta: { width: '84px', label: 'Watchlist score' },
    cell: (c) => <WatchlistChip initiativeId={c.row.original.id} />,
  }),
  helper.accessor((r) => RISK_TIERS.label(r.riskTier), {
    id: 'riskTier',
    header: 'EU AI Act risk',
    sortFn: 'text',
    meta: { width: '124px', label: 'EU AI Act risk tier' },
    cell: (c) => <Chip tone={RISK_TONE[c.row.original.riskTier]}>{c.getValue()}</Chip>,
  }),
  helper.accessor((r) => r.sponsorName ?? '', {
    id: 'sponsor',
    header: 'Sponsor',
    sortFn: 'text',
    meta: { width: 'minmax(120px, 1fr)', label: 'Sponsor' },
    cell: (c) => owner(c.row.original.sponsorName, 'business sponsor'),
  }),
  helper.accessor((r) => r.productOwnerName ?? '', {
    id: 'productOwner',
    header: 'Product owner',
    sortFn: 'text',
    meta: { width: 'minmax(120px, 1fr)', label: 'AI product owner' },
    cell: (c) => owner(c.row.original.productOwnerName, 'AI product owner'),
  }),
  helper.accessor((r) => r.techLeadName ?? '', {
    id: 'techLead',
    header: 'Tech lead',
    sortFn: 'text',
    meta: { width: 'minmax(120px, 1fr)', label: 'Tech lead' },
    cell: (c) => owner(c.row.original.techLeadName, 'tech lead'),
  }),
  helper.accessor('daysInPhase', {
    header: 'Days in phase',
    sortFn: 'basic',
    meta: { width: '84px', label: 'Days in phase' },
    cell: (c) => <span className="cell-number">{c.getValue()}</span>,
  }),
  helper.accessor((r) => r.tags.join(', '), {
    id: 'tags',
    header: 'Tags',
    sortFn: 'text',
    enableSorting: false,
    meta: { width: 'minmax(120px, 1.2fr)', label: 'Tags' },
    cell: (c) => (
      <span className="tag-list">
        {c.row.original.tags.map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))}
      </span>
    ),
  }),
  helper.accessor((r) => r.plannedEnd ?? '', {
    id: 'plannedEnd',
    header: 'Planned end',
    sortFn: 'alphanumeric',
    sortUndefined: 'last',
    meta: { width: '104px', label: 'Planned end' },
    cell: (c) => <span className="cell-text">{formatDate(c.row.original.plannedEnd)}</span>,
  }),
  // Filter-only columns: never shown, never in the column menu.
  helper.accessor('searchText', {
    id: 'search',
    enableHiding: false,
    enableSorting: false,
    filterFn: containsText,
    meta: { width: '0', label: '' },
  }),
  helper.accessor((r) => r.id, {
    id: 'owner',
    enableHiding: false,
    enableSorting: false,
    filterFn: ownedBy,
    meta: { width: '0', label: '' },
  }),
  helper.accessor('missingOwner', {
    enableHiding: false,
    enableSorting: false,
    filterFn: isTrue,
    meta: { width: '0', label: '' },
  }),
]);

/** The filter bar's values as react-table column filters; empty choices add no filter. */
export function filterState(f: Filters, text: string): ColumnFiltersState {
  const out: ColumnFiltersState = [];
  const needle = text.trim().toLowerCase();
  if (needle) out.push({ id: 'search', value: needle });
  if (f.phase) out.push({ id: 'phase', value: f.phase });
  if (f.type) out.push({ id: 'type', value: f.type });
  if (f.businessUnit) out.push({ id: 'businessUnit', value: f.businessUnit });
  if (f.status) out.push({ id: 'status', value: f.status });
  if (f.owner) out.push({ id: 'owner', value: Number(f.owner) });
  if (f.missingOwner) out.push({ id: 'missingOwner', value: true });
  return out;
}
