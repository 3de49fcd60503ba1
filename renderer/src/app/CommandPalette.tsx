import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { phaseInfo } from '../../../shared/domain/phases';
import { unpackTable } from '../../../shared/domain/portfolio';
import { useQuery } from '../api/useQuery';
import { Dialog } from '../components/Dialog';
import { fuzzyScore } from '../components/fuzzy';
import { openGateSettings } from '../features/gates/GateSettingsDialog';
import { exportCurrentTable } from '../features/exports/csvExport';
import { openExportHistory, openPackExport } from '../features/exports/exportsStore';
import { openBackups } from '../features/backups/backupsStore';
import { useFilters } from '../store/filters';
import { useUi } from '../store/ui';
import {
  addConnection,
  createFile,
  focusFilter,
  importInitiatives,
  newInitiative,
  openExternal,
  openFile,
  redo,
  saveCopy,
  testConnections,
  undo,
} from './commands';

interface PaletteItem {
  id: string;
  label: string;
  hint?: string;
  group: 'Actions' | 'Initiatives';
  run: () => void;
}

const HELP_URL = 'https://example.com/flightdeck/docs';

const ACTIONS: PaletteItem[] = [
  { id: 'new', label: 'New initiative', hint: 'Ctrl+N', group: 'Actions', run: newInitiative },
  { id: 'filter', label: 'Filter initiatives', hint: 'Ctrl+F', group: 'Actions', run: focusFilter },
  { id: 'import', label: 'Import initiatives…', group: 'Actions', run: importInitiatives },
  { id: 'portfolio', label: 'Go to Portfolio', group: 'Actions', run: () => useUi.getState().setView('portfolio') },
  { id: 'board', label: 'Go to Board', group: 'Actions', run: () => useUi.getState().setView('board') },
  { id: 'watchlist', label: 'Go to Watchlist', group: 'Actions', run: () => useUi.getState().setView('watchlist') },
  { id: 'roi', label: 'Go to ROI', group: 'Actions', run: () => useUi.getState().setView('roi') },
  { id: 'risks', label: 'Go to Risks', group: 'Actions', run: () => useUi.getState().setView('risks') },
  { id: 'people', label: 'Go to People', group: 'Actions', run: () => useUi.getState().setView('people') },
  { id: 'spend', label: 'Go to Spend', group: 'Actions', run: () => useUi.getState().setView('spend') },
  {
    id: 'connections',
    label: 'Go to Connections',
    group: 'Actions',
    run: () => useUi.getState().setView('connections'),
  },
  { id: 'add-connection', label: 'Add connection…', group: 'Actions', run: addConnection },
  { id: 'test-connections', label: 'Test connection…', group: 'Actions', run: testConnections },
  { id: 'undo', label: 'Undo', hint: 'Ctrl+Z', group: 'Actions', run: () => void undo() },
  { id: 'redo', label: 'Redo', hint: 'Ctrl+Shift+Z', group: 'Actions', run: () => void redo() },
  {
    id: 'missing',
    label: 'Show initiatives missing an owner',
    group: 'Actions',
    run: () => {
      useFilters.getState().set('missingOwner', true);
      useUi.getState().setView('portfolio');
    },
  },
  {
    id: 'archived',
    label: 'Show or hide archived initiatives',
    group: 'Actions',
    run: () => useFilters.getState().set('showArchived', !useFilters.getState().showArchived),
  },
  { id: 'clear', label: 'Clear filters', group: 'Actions', run: () => useFilters.getState().clear() },
  { id: 'open', label: 'Open portfolio file…', group: 'Actions', run: () => void openFile() },
  { id: 'create', label: 'New portfolio file…', group: 'Actions', run: () => void createFile() },
  { id: 'copy', label: 'Save a copy…', group: 'Actions', run: () => void saveCopy() },
  { id: 'backups', label: 'Backups…', group: 'Actions', run: openBackups },
  { id: 'export-pack', label: 'Export status pack…', group: 'Actions', run: () => openPackExport() },
  { id: 'export-history', label: 'Export history…', group: 'Actions', run: openExportHistory },
  { id: 'export-csv', label: 'Export current table as CSV…', group: 'Actions', run: () => void exportCurrentTable() },
  { id: 'gate-settings', label: 'Gate settings…', group: 'Actions', run: openGateSettings },
  { id: 'help', label: 'Help and documentation', group: 'Actions', run: () => void openExternal(HELP_URL) },
];

const MAX_RESULTS = 50;

/** Ctrl/Cmd+K: type a few letters of an action or an initiative's name, Enter runs it. */
export function CommandPalette() {
  const open = useUi((s) => s.paletteOpen);
  if (!open) return null;
  return <Palette />;
}

function Palette() {
  const close = () => useUi.getState().setPaletteOpen(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const list = useQuery('initiative/table', {}, ['initiatives']);
  const detailId = useUi((s) => s.detailId);
  const rows = useMemo(() => (list.data ? unpackTable(list.data) : []), [list.data]);
  const listId = useId();
  const listRef = useRef<HTMLUListElement>(null);

  const items = useMemo(() => {
    const initiatives: PaletteItem[] = rows.map((i) => ({
      id: `i${i.id}`,
      label: i.name,
      hint: `${phaseInfo(i.phase).n}. ${phaseInfo(i.phase).short}`,
      group: 'Initiatives',
      run: () => {
        const ui = useUi.getState();
        ui.setView('portfolio');
        ui.openDetail(i.id);
      },
    }));
    // Actions on the initiative open in the detail panel come first: that is what the user is looking at.
    const open = detailId === null ? undefined : rows.find((i) => i.id === detailId);
    const forOpen: PaletteItem[] = open
      ? [
          {
            id: 'roi-model',
            label: `Open ROI model of “${open.name}”`,
            group: 'Actions',
            run: () => useUi.getState().openRoi(open.id),
          },
          {
            id: 'export-pack-open',
            label: `Export status pack of “${open.name}”…`,
            group: 'Actions',
            run: () => openPackExport({ id: open.id, name: open.name }),
          },
        ]
      : [];
    const actions = [...forOpen, ...ACTIONS];
    const q = query.trim();
    if (!q) return [...actions, ...initiatives.slice(0, 20)];
    return [...actions, ...initiatives]
      .map((item) => ({ item, score: fuzzyScore(q, item.label) }))
      .filter((x) => x.score >= 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, MAX_RESULTS)
      .map((x) => x.item);
  }, [rows, query, detailId]);

  const current = Math.min(active, Math.max(0, items.length - 1));

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${current}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const run = (item: PaletteItem | undefined) => {
    if (!item) return;
    close();
    item.run();
  };

  return (
    <Dialog title="Command palette" onClose={close} size="medium" testId="command-palette">
      <input
        className="input palette-input"
        role="combobox"
        aria-label="Type a command or an initiative name"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={items[current] ? `${listId}-${items[current].id}` : undefined}
        placeholder="Type a command or an initiative name…"
        value={query}
        data-autofocus
        data-testid="palette-input"
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive(Math.min(items.length - 1, current + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive(Math.max(0, current - 1));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            run(items[current]);
          }
        }}
      />
      <ul className="palette-list" role="listbox" id={listId} ref={listRef} aria-label="Results">
        {items.length === 0 && <li className="palette-empty muted">Nothing matches.</li>}
        {items.map((item, index) => (
          <li
            key={item.id}
            id={`${listId}-${item.id}`}
            role="option"
            aria-selected={index === current}
            data-index={index}
            data-testid="palette-item"
            className={`palette-item${index === current ? ' active' : ''}`}
            onMouseMove={() => setActive(index)}
            onClick={() => run(item)}
          >
            <span className="palette-group">{item.group === 'Actions' ? 'Action' : 'Initiative'}</span>
            <span className="palette-label">{item.label}</span>
            {item.hint && <span className="palette-hint">{item.hint}</span>}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
