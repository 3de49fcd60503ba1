import type { ImportField } from './types';

/**
 * Flightdeck's own column headers, in order. Every initiatives table Flightdeck writes (XLSX "Initiatives"
 * sheet, CSV) starts with these, enum values as their labels, tags joined by ", ", dates as dates; the built-in
 * 'Flightdeck' profile reads them back, so an export re-imports without a profile (round trip, key = ID).
 */
export const FLIGHTDECK_COLUMNS: readonly { field: ImportField; header: string }[] = [
  { field: 'id', header: 'ID' },
  { field: 'name', header: 'Name' },
  { field: 'businessUnit', header: 'Business unit' },
  { field: 'description', header: 'Description' },
  { field: 'type', header: 'Type' },
  { field: 'phase', header: 'Phase' },
  { field: 'status', header: 'Status' },
  { field: 'riskTier', header: 'Risk tier' },
  { field: 'tags', header: 'Tags' },
  { field: 'sponsor', header: 'Business sponsor' },
  { field: 'productOwner', header: 'AI product owner' },
  { field: 'techLead', header: 'Tech lead' },
  { field: 'plannedStart', header: 'Planned start' },
  { field: 'plannedEnd', header: 'Planned end' },
  { field: 'actualStart', header: 'Actual start' },
  { field: 'actualEnd', header: 'Actual end' },
];

export const TAG_SEPARATOR = ', ';
