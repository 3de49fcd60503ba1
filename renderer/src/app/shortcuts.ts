import { useEffect } from 'react';
import { onEvent } from '../api/events';
import type { MenuCommand } from '../../../shared/ipc/contract';
import {
  createFile,
  focusFilter,
  importInitiatives,
  newInitiative,
  openFile,
  openPalette,
  redo,
  saveCopy,
  undo,
} from './commands';
import { openPackExport } from '../features/exports/exportsStore';
import { openBackups } from '../features/backups/backupsStore';

/** Text fields keep their own Ctrl+Z: undoing typing must not undo a saved change. */
function isTextEditing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
  }
  return false;
}

const modalOpen = () => document.querySelector('[aria-modal="true"]') !== null;

const MENU_ACTIONS: Record<MenuCommand, () => void> = {
  'file/new': () => void createFile(),
  'file/open': () => void openFile(),
  'file/saveCopy': () => void saveCopy(),
  'file/import': importInitiatives,
  'file/exportPack': () => openPackExport(),
  'file/backups': openBackups,
  'initiative/new': newInitiative,
  // On macOS the menu owns Cmd+Z, so it arrives here even while typing: give it to the field then.
  'edit/undo': () => (isTextEditing(document.activeElement) ? void document.execCommand('undo') : void undo()),
  'edit/redo': () => (isTextEditing(document.activeElement) ? void document.execCommand('redo') : void redo()),
  'view/palette': openPalette,
  'view/filter': focusFilter,
};

/** App-wide keyboard shortcuts and the host menu's commands, wired to the same actions. */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.defaultPrevented) return;
      const key = e.key.toLowerCase();
      const run = (action: () => void) => {
        e.preventDefault();
        action();
      };
      if (key === 'k') {
        if (!modalOpen()) run(openPalette);
        else e.preventDefault();
        return;
      }
      if (modalOpen()) return;
      if (key === 'n' && !e.shiftKey) run(newInitiative);
      else if (key === 'f' && !e.shiftKey) run(focusFilter);
      else if (isTextEditing(e.target)) return;
      else if (key === 'z' && !e.shiftKey) run(() => void undo());
      else if (key === 'i' && !e.shiftKey) run(importInitiatives);
      else if (key === 'e' && !e.shiftKey) run(() => openPackExport());
      else if ((key === 'z' && e.shiftKey) || (key === 'y' && !e.shiftKey)) run(() => void redo());
    };
    window.addEventListener('keydown', onKeyDown);
    const off = onEvent('menu/command', ({ command }) => MENU_ACTIONS[command]());
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      off();
    };
  }, []);
}
