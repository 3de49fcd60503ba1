import { FLIGHTDECK_COLUMNS } from './columns';
import { normaliseHeader } from './normalise';
import type { ColumnRule, ImportField, MappingProfile } from './types';

/**
 * A first mapping for a sheet no profile fits, by header similarity. It is only a suggestion: the wizard shows
 * it for editing, and the CLI never imports with it (it refuses and lists the columns).
 */

/**
 * Header words per field. `id` only as "Flightdeck ID", never a bare "ID": a sheet's own ID column numbers its
 * rows, and reading it as Flightdeck ids would overwrite unrelated initiatives.
 */
const SYNONYMS: Partial<Record<ImportField, readonly string[]>> = {
  id: ['flightdeck id'],
  name: [
    'name',
    'initiative',
    'initiative name',
    'project',
    'project name',
    'use case',
    'use case name',
    'ai use case',
    'use case title',
    'title',
    'product',
    'product name',
    'application',
    'solution',
  ],
  description: [
    'description',
    'summary',
    'details',
    'purpose',
    'objective',
    'problem statement',
    'what problem is the ai intended to solve',
    'overview',
    'notes',
    'comments',
  ],
  businessUnit: [
    'business unit',
    'bu',
    'department',
    'dept',
    'unit',
    'division',
    'team',
    'bureau',
    'component',
    'bureau component',
    'agency',
    'organisation',
    'organization',
    'org',
    'line of business',
    'function',
  ],
  type: ['type', 'initiative type', 'ai type', 'category', 'kind', 'ai classification', 'classification'],
  phase: ['phase', 'stage', 'stage of development', 'development stage', 'dev stage', 'lifecycle stage', 'lifecycle'],
  status: ['status', 'state', 'project status', 'initiative status'],
  riskTier: [
    'risk tier',
    'risk',
    'risk level',
    'risk category',
    'risk rating',
    'risk classification',
    'eu ai act tier',
    'impact type',
    'high impact',
    'is the ai use case high impact',
  ],
  tags: ['tags', 'tag', 'labels', 'keywords', 'topic', 'topic area', 'use case topic area', 'themes'],
  sponsor: ['business sponsor', 'sponsor', 'executive sponsor', 'owner', 'business owner', 'accountable'],
  productOwner: ['ai product owner', 'product owner', 'product manager', 'po'],
  techLead: ['tech lead', 'technical lead', 'engineering lead', 'lead engineer', 'technical owner', 'architect'],
  plannedStart: ['planned start', 'start date', 'start', 'planned start date', 'kick off', 'kickoff', 'begin date'],
  plannedEnd: [
    'planned end',
    'end date',
    'end',
    'planned end date',
    'due date',
    'target date',
    'deadline',
    'go live date',
    'target completion',
  ],
  actualStart: ['actual start', 'actual start date', 'date initiated', 'started', 'initiated'],
  actualEnd: ['actual end', 'actual end date', 'completed', 'completion date', 'date retired', 'retired'],
};

// Flightdeck's own labels count as exact synonyms too.
const ALL: { field: ImportField; key: string; words: string[] }[] = [];
for (const [field, words] of Object.entries(SYNONYMS) as [ImportField, readonly string[]][]) {
  for (const w of words) ALL.push({ field, key: normaliseHeader(w), words: normaliseHeader(w).split(' ') });
}
for (const c of FLIGHTDECK_COLUMNS) {
  if (c.field === 'id') continue;
  const key = normaliseHeader(c.header);
  if (!ALL.some((a) => a.field === c.field && a.key === key)) ALL.push({ field: c.field, key, words: key.split(' ') });
}

/** 1 for the same words; for a synonym found as a whole run of words inside the header, more the larger its share. */
function similarity(headerWords: readonly string[], syn: { words: readonly string[] }): number {
  const n = syn.words.length;
  if (n === headerWords.length && syn.words.every((w, i) => headerWords[i] === w)) return 1;
  for (let i = 0; i + n <= headerWords.length; i++) {
    if (syn.words.every((w, j) => headerWords[i + j] === w)) return 0.5 + 0.4 * (n / headerWords.length);
  }
  return 0;
}

const THRESHOLD = 0.6;

export function suggestProfile(headers: readonly string[]): MappingProfile {
  const candidates: { field: ImportField; index: number; score: number }[] = [];
  headers.forEach((h, index) => {
    const words = normaliseHeader(h).split(' ').filter(Boolean);
    if (words.length === 0) return;
    const best = new Map<ImportField, number>();
    for (const syn of ALL) {
      const s = similarity(words, syn);
      if (s > (best.get(syn.field) ?? 0)) best.set(syn.field, s);
    }
    for (const [field, score] of best) if (score >= THRESHOLD) candidates.push({ field, index, score });
  });
  // Greedy, best pair first: each header feeds one field and each field reads one header.
  candidates.sort((a, b) => b.score - a.score || a.index - b.index);
  const byField = new Map<ImportField, number>();
  const used = new Set<number>();
  for (const c of candidates) {
    if (used.has(c.index) || byField.has(c.field)) continue;
    byField.set(c.field, c.index);
    used.add(c.index);
  }
  // A lone "Status" column in a sheet without a phase column usually holds lifecycle words ("Pilot",
  // "In production"); read as the phase, its status words ("On hold", "Retired") still give the status.
  const statusIndex = byField.get('status');
  if (statusIndex !== undefined && !byField.has('phase')) {
    byField.delete('status');
    byField.set('phase', statusIndex);
  }
  const order = FLIGHTDECK_COLUMNS.map((c) => c.field);
  const columns: ColumnRule[] = [...byField.entries()]
    .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
    .map(([field, index]) => ({ field, headers: [headers[index] ?? ''] }));
  return {
    name: 'Suggested mapping',
    description: 'Columns matched to fields by their headers. Check each one before importing.',
    columns,
    values: {},
    defaults: {},
    dateOrder: 'auto',
    key: 'nameAndUnit',
  };
}
