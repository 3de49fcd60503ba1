import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLIGHTDECK_COLUMNS } from '../../../shared/domain/import/columns';
import type { ImportField } from '../../../shared/domain/import/types';

/** Where the real federal inventories are kept for tests (copies of ../shared/datasets). */
export const DATASETS = join(dirname(fileURLToPath(import.meta.url)), '..', 'testing', 'fixtures', 'datasets');

export const FEDERAL_2024 = join(DATASETS, '2024-consolidated.csv');
export const TREASURY_2025 = join(DATASETS, '2025-treasury-raw.csv');
export const DHS_2025 = join(DATASETS, '2025-dhs-raw.xlsx');

/** RFC 4180 quoting for test files. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export type FlightdeckRow = Partial<Record<ImportField, string>>;

/** A CSV with Flightdeck's own headers (as an export writes them), one line per row; absent fields are empty. */
export function flightdeckCsv(rows: readonly FlightdeckRow[]): string {
  const header = FLIGHTDECK_COLUMNS.map((c) => csvField(c.header)).join(',');
  const lines = rows.map((r) => FLIGHTDECK_COLUMNS.map((c) => csvField(r[c.field] ?? '')).join(','));
  return [header, ...lines].join('\r\n') + '\r\n';
}

export function writeFlightdeckCsv(dir: string, name: string, rows: readonly FlightdeckRow[]): string {
  const path = join(dir, name);
  writeFileSync(path, flightdeckCsv(rows), 'utf8');
  return path;
}

const PHASES = [
  'Strategy & opportunity assessment',
  'Data foundation',
  'Architecture design',
  'Development & validation',
];
const UNITS = ['Claims', 'Finance', 'HR', 'Operations', 'Sales', 'Legal', 'IT', 'Risk'];
const TYPES = ['Copilot', 'Chatbot / assistant', 'Predictive model', 'Document intelligence', 'Other'];
const FIRST = ['Ana', 'Ben', 'Chen', 'Dara', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jun'];
const LAST = ['Ortiz', 'Bauer', 'Li', 'Singh', 'Moreau', 'Okafor', 'Novak', 'Sato', 'Reyes', 'Kim'];

/** A realistic Flightdeck-columns portfolio of `n` initiatives (deterministic), for large-file tests and the bench. */
export function generatedRows(n: number): FlightdeckRow[] {
  const rows: FlightdeckRow[] = [];
  for (let i = 1; i <= n; i++) {
    const person = (k: number) => `${FIRST[(i + k) % FIRST.length]} ${LAST[(i * 7 + k) % LAST.length]}`;
    const month = String((i % 12) + 1).padStart(2, '0');
    rows.push({
      name: `Initiative ${i}`,
      businessUnit: UNITS[i % UNITS.length]!,
      description: `Automates step ${i} of the ${UNITS[i % UNITS.length]} process, with a human reviewing every output.`,
      type: TYPES[i % TYPES.length]!,
      phase: PHASES[i % PHASES.length]!,
      status: i % 17 === 0 ? 'On hold' : 'Active',
      riskTier: i % 5 === 0 ? 'High risk' : 'Minimal risk',
      tags: i % 3 === 0 ? 'genai, pilot' : 'ml',
      sponsor: person(1),
      productOwner: person(2),
      techLead: person(3),
      plannedStart: `2025-${month}-01`,
      plannedEnd: `2026-${month}-15`,
    });
  }
  return rows;
}
