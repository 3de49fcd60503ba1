import { useCallback, useEffect, useRef, useState } from 'react';
import { create } from 'zustand';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { plural } from '../../components/format';
import { toast } from '../../store/toasts';
import { useUi, type View } from '../../store/ui';

/** A table as the user sees it: visible columns in order, and the filtered, sorted rows as display text. */
export interface CsvTable {
  title: string;
  /** File name the save dialog proposes, without the extension. */
  defaultName: string;
  columns: string[];
  rows: (string | number | boolean | null)[][];
}

/**
 * Each table view registers how to read its current table, so the palette's "Export current table as CSV…"
 * and the view's own button export the same thing.
 */
interface CsvSources {
  sources: Partial<Record<View, () => CsvTable | Promise<CsvTable>>>;
  register: (view: View, source: () => CsvTable | Promise<CsvTable>) => () => void;
}

export const useCsvSources = create<CsvSources>((set, get) => ({
  sources: {},
  register: (view, source) => {
    set((s) => ({ sources: { ...s.sources, [view]: source } }));
    return () => {
      if (get().sources[view] === source) set((s) => ({ sources: { ...s.sources, [view]: undefined } }));
    };
  },
}));

/** Registers the view's current table; the latest `read` is always the one used (no re-registering per render). */
export function useCsvSource(view: View, read: (() => CsvTable | Promise<CsvTable>) | undefined): void {
  const ref = useRef(read);
  useEffect(() => {
    ref.current = read;
  });
  const has = read !== undefined;
  useEffect(() => {
    if (!has) return;
    return useCsvSources.getState().register(view, () => {
      const r = ref.current;
      if (!r) throw new Error('The table is no longer on screen.');
      return r();
    });
  }, [view, has]);
}

/** Sends the table to the core, which neutralises formula-like text and writes it through the save dialog. */
export async function exportCsv(table: CsvTable): Promise<string | null> {
  try {
    const out = await invoke('export/table', {
      title: table.title,
      defaultName: table.defaultName,
      columns: table.columns,
      rows: table.rows,
    });
    if ('cancelled' in out) return null;
    toast.info(`Exported ${plural(table.rows.length, 'row')} to ${out.path}`);
    return out.path;
  } catch (e) {
    if (!isApiError(e, 'CANCELLED')) toast.error(`Could not export the table: ${errorMessage(e)}`);
    return null;
  }
}

/** Exports the table of the view on screen; says so when that view has no table to export. */
export async function exportCurrentTable(): Promise<void> {
  const view = useUi.getState().view;
  const source = useCsvSources.getState().sources[view];
  if (!source) {
    toast.error('This view has no table to export. Open the portfolio, risks, watchlist, spend or people view.');
    return;
  }
  try {
    await exportCsv(await source());
  } catch (e) {
    toast.error(`Could not read the table: ${errorMessage(e)}`);
  }
}

/** The export action for a view's toolbar: `run` exports that view's registered table; `busy` while it does. */
export function useExportCsv(view: View): { run: () => void; busy: boolean } {
  const [busy, setBusy] = useState(false);
  const run = useCallback(() => {
    const source = useCsvSources.getState().sources[view];
    if (!source) return;
    setBusy(true);
    void Promise.resolve()
      .then(source)
      .then(exportCsv, (e: unknown) => toast.error(`Could not read the table: ${errorMessage(e)}`))
      .finally(() => setBusy(false));
  }, [view]);
  return { run, busy };
}

/**
 * "Export CSV" for a table view's toolbar. `source` reads the view's table (registering it for the palette too);
 * without it the button exports what the view registered elsewhere with useCsvSource.
 */
export function ExportCsvButton({
  view,
  source,
  label = 'Export CSV',
}: {
  view: View;
  source?: () => CsvTable | Promise<CsvTable>;
  label?: string;
}) {
  useCsvSource(view, source);
  const { run, busy } = useExportCsv(view);
  const available = useCsvSources((s) => s.sources[view] !== undefined);
  return (
    <button
      type="button"
      className="button"
      onClick={run}
      disabled={busy || !available}
      data-testid={`export-csv-${view}`}
    >
      {busy ? 'Exporting…' : label}
    </button>
  );
}
