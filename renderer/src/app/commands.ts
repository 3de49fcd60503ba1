import { errorMessage, invoke, isApiError } from '../api/client';
import { useToasts, toast } from '../store/toasts';
import { useUi } from '../store/ui';
import { useWorkspace } from '../store/workspace';
import { useConnectionIntent } from '../features/connections/connectionIntent';
import { openImportWizard } from '../features/import/importStore';

/**
 * Actions shared by the keyboard, the host's menu, the top bar and the command palette,
 * so each is written once and behaves the same from every entry point.
 */

/** Reports a failure unless the user simply dismissed a dialog. */
export function reportError(e: unknown): void {
  if (isApiError(e, 'CANCELLED')) return;
  toast.error(errorMessage(e));
  // The core stopped taking writes: make sure the read-only banner shows even if its push was missed.
  if (isApiError(e, 'READ_ONLY')) {
    invoke('workspace/status').then(
      (s) => useWorkspace.getState().apply(s),
      () => undefined,
    );
  }
}

export function newInitiative(): void {
  const ui = useUi.getState();
  ui.setView('portfolio');
  ui.openForm({ mode: 'create' });
}

export function focusFilter(): void {
  // A view with its own search box (marked data-view-search, e.g. the risk register) keeps Ctrl+F for it.
  const own = document.querySelector('[data-view-search]');
  if (own instanceof HTMLInputElement) {
    own.focus();
    own.select();
    return;
  }
  const ui = useUi.getState();
  ui.setView('portfolio');
  // The filter box may mount in the same frame as the view switch.
  requestAnimationFrame(() => {
    const box = document.getElementById('filter-text');
    if (box instanceof HTMLInputElement) {
      box.focus();
      box.select();
    }
  });
}

export function openPalette(): void {
  useUi.getState().setPaletteOpen(true);
}

export async function undo(): Promise<void> {
  try {
    const before = await invoke('history/state');
    if (!before.canUndo) return;
    await invoke('history/undo');
    useToasts.setState({ toasts: [] });
    toast.info(`Undone: ${before.undoLabel ?? 'last change'}`);
  } catch (e) {
    if (isApiError(e, 'NOTHING_TO_UNDO')) return;
    reportError(e);
  }
}

export async function redo(): Promise<void> {
  try {
    const before = await invoke('history/state');
    if (!before.canRedo) return;
    await invoke('history/redo');
    toast.info(`Redone: ${before.redoLabel ?? 'last change'}`);
  } catch (e) {
    if (isApiError(e, 'NOTHING_TO_UNDO')) return;
    reportError(e);
  }
}

export async function openFile(): Promise<void> {
  try {
    useWorkspace.getState().apply(await invoke('workspace/open'));
  } catch (e) {
    reportError(e);
  }
}

export async function createFile(): Promise<void> {
  try {
    useWorkspace.getState().apply(await invoke('workspace/create'));
  } catch (e) {
    reportError(e);
  }
}

export async function saveCopy(): Promise<void> {
  try {
    const { path } = await invoke('workspace/saveCopy');
    toast.info(`Saved a copy to ${path}`);
  } catch (e) {
    reportError(e);
  }
}

export async function openDefault(): Promise<void> {
  try {
    useWorkspace.getState().apply(await invoke('workspace/openDefault'));
  } catch (e) {
    reportError(e);
  }
}

export async function openExternal(url: string): Promise<void> {
  try {
    await invoke('app/openExternal', { url });
  } catch (e) {
    reportError(e);
  }
}

/** Opens the Connections view with its "Add connection" dialog. */
export function addConnection(): void {
  useUi.getState().setView('connections');
  useConnectionIntent.getState().request('add');
}

/** Opens the Connections view with its test dialog (choose a connection, see the diagnosis). */
export function testConnections(): void {
  useUi.getState().setView('connections');
  useConnectionIntent.getState().request('test');
}

/** Opens the import wizard over the portfolio (CSV or XLSX of initiatives). */
export function importInitiatives(): void {
  useUi.getState().setView('portfolio');
  openImportWizard();
}
