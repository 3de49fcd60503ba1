import type { ExportFormat, PackFilter, Rag } from '../../../../shared/domain/pack/types';
import { phaseInfo, type PhaseId } from '../../../../shared/domain/phases';
import type { Filters } from '../../store/filters';

/** What each pack format holds, in one line each (the dialog's choices, in this order). */
export const FORMAT_CHOICES: { format: ExportFormat; label: string; description: string }[] = [
  {
    format: 'pdf',
    label: 'PDF',
    description: 'One-page summary plus a detail page per initiative, for reading and printing.',
  },
  {
    format: 'pptx',
    label: 'PowerPoint deck',
    description: 'Executive deck of about ten slides: funnel, RAG table, ROI, risks, decisions.',
  },
  {
    format: 'xlsx',
    label: 'Excel data pack',
    description: 'Sheets for initiatives, owners, gates, ROI, risks and KPIs, with real numbers and dates.',
  },
  { format: 'md', label: 'Markdown', description: 'The summary and tables as plain text, for a wiki or an e-mail.' },
  {
    format: 'csv',
    label: 'CSV',
    description: "One row per initiative in Flightdeck's own columns (it imports back), with its RAG and figures.",
  },
];

export const FORMAT_LABEL: Record<ExportFormat, string> = {
  pdf: 'PDF',
  pptx: 'PPTX',
  xlsx: 'XLSX',
  md: 'Markdown',
  csv: 'CSV',
};

export type PackScope = 'portfolio' | 'filtered' | 'initiative';

/**
 * The part of the portfolio's filter bar a pack can apply (phase, business unit, archived), and the
 * filters it cannot, so the dialog says plainly which ones the pack ignores.
 */
export function packFilterFromFilters(f: Filters): { filter: PackFilter; applied: string[]; ignored: string[] } {
  const filter: PackFilter = {};
  const applied: string[] = [];
  if (f.phase) {
    filter.phases = [f.phase];
    applied.push(`Phase ${phaseLabel(f.phase)}`);
  }
  if (f.businessUnit) {
    filter.businessUnits = [f.businessUnit];
    applied.push(`Business unit ${f.businessUnit}`);
  }
  if (f.showArchived) {
    filter.includeArchived = true;
    applied.push('Archived included');
  }
  const ignored: string[] = [];
  if (f.text.trim()) ignored.push('search text');
  if (f.type) ignored.push('type');
  if (f.owner) ignored.push('owner');
  if (f.status) ignored.push('status');
  if (f.missingOwner) ignored.push('missing owner');
  return { filter, applied, ignored };
}

function phaseLabel(p: PhaseId): string {
  const info = phaseInfo(p);
  return `${info.n}. ${info.short}`;
}

/** "1.2 MB": file sizes as people read them (1 kB = 1,000 bytes, as file managers show). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** The first 12 hex digits: enough to tell exports apart by eye; the full hash is copied and shown on hover. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12);
}

/** The last part of a path, for either separator (the path comes from the host's save dialog). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

export const RAG_LABEL: Record<Rag, string> = { green: 'Green', amber: 'Amber', red: 'Red' };

let seq = 0;
/** A job id the renderer picks, so Cancel can name the job before the export call returns. */
export function newJobId(prefix: string): string {
  seq += 1;
  return `${prefix}-${Date.now().toString(36)}-${seq}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The core's job phases in words; an unknown phase is shown as it comes, capitalised. */
const PHASE_TEXT: Record<string, string> = {
  collecting: 'Collecting the figures',
  rendering: 'Rendering the file',
  writing: 'Writing the file',
  done: 'Done',
};

/** "Rendering the file · step 2 of 3": the progress line from a job/progress event. */
export function progressText(p: { phase: string; done: number; total: number } | null): string {
  if (!p) return 'Starting…';
  const phase = PHASE_TEXT[p.phase] ?? p.phase.charAt(0).toUpperCase() + p.phase.slice(1);
  if (p.total <= 0) return phase;
  // Counting from 1 while a step runs: "step 1 of 3" is the first step, under way.
  const step = Math.min(p.total, p.done + 1);
  return `${phase} · step ${step.toLocaleString('en')} of ${p.total.toLocaleString('en')}`;
}
