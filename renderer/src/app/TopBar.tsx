import { usePopover } from '../components/usePopover';
import { useFilters } from '../store/filters';
import { useUi } from '../store/ui';
import { openBackups } from '../features/backups/backupsStore';
import { createFile, importInitiatives, openExternal, openFile, openPalette, redo, saveCopy, undo } from './commands';
import { openPackExport } from '../features/exports/exportsStore';
import { useHistoryState } from './useHistoryState';

const HELP_URL = 'https://example.com/flightdeck/docs';

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** File name, the portfolio search, undo/redo with what they will do, and the file menu. */
export function TopBar({ path }: { path: string }) {
  const history = useHistoryState();
  const text = useFilters((s) => s.text);
  const setFilter = useFilters((s) => s.set);
  const modKey = navigator.platform.toLowerCase().includes('mac') ? '⌘' : 'Ctrl+';

  return (
    <header className="top-bar">
      <div className="file-name" title={path} data-testid="file-name">
        <span className="app-mark" aria-hidden="true">
          ◆
        </span>
        <span className="file-name-text">{baseName(path)}</span>
      </div>
      <div className="top-search">
        <label className="visually-hidden" htmlFor="filter-text">
          Filter initiatives
        </label>
        <input
          id="filter-text"
          className="input filter-text"
          type="search"
          placeholder={`Filter initiatives by name, tag, owner…  ${modKey}F`}
          value={text}
          onChange={(e) => {
            setFilter('text', e.target.value);
            if (useUi.getState().view !== 'portfolio') useUi.getState().setView('portfolio');
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && text) {
              e.stopPropagation();
              setFilter('text', '');
            } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
              // Hand the keyboard to the table: its roving row takes focus.
              const row = document.querySelector<HTMLElement>('[data-testid="portfolio-row"][tabindex="0"]');
              if (row) {
                e.preventDefault();
                row.focus();
              }
            }
          }}
          data-testid="filter-text"
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <div className="top-actions">
        <button
          type="button"
          className="button"
          disabled={!history.canUndo}
          onClick={() => void undo()}
          title={history.undoLabel ? `Undo ${history.undoLabel} (${modKey}Z)` : 'Nothing to undo'}
          data-testid="undo"
        >
          Undo{history.undoLabel ? <span className="history-label">: {history.undoLabel}</span> : null}
        </button>
        <button
          type="button"
          className="button"
          disabled={!history.canRedo}
          onClick={() => void redo()}
          title={history.redoLabel ? `Redo ${history.redoLabel}` : 'Nothing to redo'}
          data-testid="redo"
        >
          Redo{history.redoLabel ? <span className="history-label">: {history.redoLabel}</span> : null}
        </button>
        <button
          type="button"
          className="button"
          onClick={openPalette}
          title={`Command palette (${modKey}K)`}
          data-testid="open-palette"
        >
          Commands <kbd>{modKey}K</kbd>
        </button>
        <FileMenu />
      </div>
    </header>
  );
}

function FileMenu() {
  const { open, setOpen, ref } = usePopover<HTMLDivElement>();
  const item = (label: string, action: () => void, testId: string) => (
    <button
      type="button"
      className="menu-item"
      data-testid={testId}
      onClick={() => {
        setOpen(false);
        action();
      }}
    >
      {label}
    </button>
  );
  return (
    <div
      className="popover-anchor"
      ref={ref}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button
        type="button"
        className="button"
        aria-expanded={open}
        aria-haspopup="true"
        onClick={() => setOpen((o) => !o)}
        data-testid="file-menu"
      >
        File
      </button>
      {open && (
        <div className="popover popover-right menu" data-testid="file-menu-items">
          {item('Open portfolio…', () => void openFile(), 'menu-open')}
          {item('New portfolio…', () => void createFile(), 'menu-create')}
          {item('Save a copy…', () => void saveCopy(), 'menu-save-copy')}
          {item('Backups…', openBackups, 'menu-backups')}
          <hr />
          {item('Import initiatives…', importInitiatives, 'menu-import')}
          {item('Export status pack…', () => openPackExport(), 'menu-export-pack')}
          <hr />
          {item('Help and documentation', () => void openExternal(HELP_URL), 'menu-help')}
        </div>
      )}
    </div>
  );
}
