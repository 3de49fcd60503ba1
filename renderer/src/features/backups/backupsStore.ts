import { create } from 'zustand';
import {
  BACKUP_LIMITS,
  type BackupInfo,
  type BackupSettings,
  type RestoreResult,
} from '../../../../shared/domain/workspace';
import { invoke } from '../../api/client';
import { useWorkspace } from '../../store/workspace';

/** What the last restore did, shown until dismissed so the kept file's new name is not lost in a toast. */
export interface RestoreNotice {
  restoredFrom: BackupInfo;
  keptDamagedFile: string | null;
}

interface BackupsStore {
  dialogOpen: boolean;
  notice: RestoreNotice | null;
  openDialog: () => void;
  closeDialog: () => void;
  dismissNotice: () => void;
}

export const useBackups = create<BackupsStore>((set) => ({
  dialogOpen: false,
  notice: null,
  openDialog: () => set({ dialogOpen: true }),
  closeDialog: () => set({ dialogOpen: false }),
  dismissNotice: () => set({ notice: null }),
}));

/** File > Backups… and the command palette. */
export function openBackups(): void {
  useBackups.getState().openDialog();
}

/**
 * Restores a backup by its name from 'backup/list'. The restored file is a different database even
 * when its path is the same, so the generation moves on: every view remounts and reads it afresh.
 */
export async function restoreBackup(name: string): Promise<RestoreResult> {
  const result = await invoke('backup/restore', { name });
  useWorkspace.setState((s) => ({ status: result.status, generation: s.generation + 1 }));
  useBackups.setState({
    dialogOpen: false,
    notice: { restoredFrom: result.restoredFrom, keptDamagedFile: result.keptDamagedFile },
  });
  return result;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "5 minutes ago", "yesterday"; under a minute is "just now". An unreadable time is shown as given. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const seconds = (t - now.getTime()) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

/** Decimal units, as file managers show them. */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** A backup can be restored unless its check found it damaged. */
export function isRestorable(b: BackupInfo): boolean {
  return b.ok !== false;
}

export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The settings form as typed: numbers stay text until checked. */
export interface Draft {
  enabled: boolean;
  keep: string;
  intervalMinutes: string;
}
export type DraftErrors = Partial<Record<'keep' | 'intervalMinutes', string>>;

/** Whole numbers within the limits; the message says the allowed range. */
export function validateSettings(d: Draft): { value: BackupSettings | null; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const whole = (text: string, min: number, max: number): number | null => {
    const t = text.trim();
    if (!/^\d+$/.test(t)) return null;
    const n = Number(t);
    return n >= min && n <= max ? n : null;
  };
  const keep = whole(d.keep, BACKUP_LIMITS.keepMin, BACKUP_LIMITS.keepMax);
  if (keep === null) errors.keep = `Enter a whole number from ${BACKUP_LIMITS.keepMin} to ${BACKUP_LIMITS.keepMax}.`;
  const interval = whole(d.intervalMinutes, BACKUP_LIMITS.intervalMin, BACKUP_LIMITS.intervalMax);
  if (interval === null)
    errors.intervalMinutes = `Enter a whole number of minutes from ${BACKUP_LIMITS.intervalMin} to ${BACKUP_LIMITS.intervalMax} (24 hours).`;
  if (keep === null || interval === null) return { value: null, errors };
  return { value: { enabled: d.enabled, keep, intervalMinutes: interval }, errors };
}
