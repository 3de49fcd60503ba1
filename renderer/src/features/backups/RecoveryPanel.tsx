import { useEffect, useId, useRef, useState } from 'react';
import type { BackupInfo, BackupList } from '../../../../shared/domain/workspace';
import { errorMessage, invoke } from '../../api/client';
import { Chip } from '../../components/Chip';
import { formatDateTime, plural } from '../../components/format';
import { baseName, formatSize, isRestorable, relativeTime } from './backupsStore';
import { RestoreConfirm } from './RestoreConfirm';
import './backups.css';

export type BackupLookup =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'done'; list: BackupList };

/** Asks the core for the backups of the file that failed to open (again when the path changes). */
export function useBackupLookup(path: string): BackupLookup {
  const [lookup, setLookup] = useState<{ path: string; result: BackupLookup } | null>(null);
  useEffect(() => {
    let live = true;
    invoke('backup/list').then(
      (list) => live && setLookup({ path, result: { state: 'done', list } }),
      (e: unknown) => live && setLookup({ path, result: { state: 'error', message: errorMessage(e) } }),
    );
    return () => {
      live = false;
    };
  }, [path]);
  return lookup && lookup.path === path ? lookup.result : { state: 'loading' };
}

/**
 * "Restore from backup" on the could-not-open screen: the newest good backup preselected, the others
 * listed (damaged ones marked and not selectable), and what happens to the damaged file.
 */
export function RecoveryPanel({ path, lookup }: { path: string; lookup: BackupLookup }) {
  const headingId = useId();
  if (lookup.state === 'loading')
    return (
      <section className="recovery" aria-busy="true" data-testid="recovery-loading">
        <p className="muted">Looking for backups of this file…</p>
      </section>
    );
  if (lookup.state === 'error')
    return (
      <section className="recovery" data-testid="recovery-error">
        <p className="form-error" role="alert">
          Could not look for backups: {lookup.message}
        </p>
      </section>
    );
  const { list } = lookup;
  return (
    <section className="recovery" aria-labelledby={headingId} data-testid="recovery">
      <h2 id={headingId}>Restore from backup</h2>
      {list.backups.length === 0 ? (
        <div className="recovery-empty" data-testid="recovery-none">
          <p>
            There are no backups of <code>{baseName(path)}</code>. Flightdeck makes them automatically while a portfolio
            is open, so this file was probably never opened here, or its backups were removed from{' '}
            <code className="path-text">{list.folder}</code>.
          </p>
          <p className="muted">Open another portfolio, create a new one, or open the default portfolio instead.</p>
        </div>
      ) : (
        <BackupChooser list={list} />
      )}
    </section>
  );
}

function BackupChooser({ list }: { list: BackupList }) {
  const [selected, setSelected] = useState<string | null>(list.newestGood?.name ?? null);
  const [confirming, setConfirming] = useState(false);
  const legendId = useId();
  const restoreRef = useRef<HTMLButtonElement>(null);
  // The way forward has the focus when the screen appears: Enter opens the confirmation, never restores.
  useEffect(() => restoreRef.current?.focus(), []);
  const chosen = list.backups.find((b) => b.name === selected && isRestorable(b)) ?? null;
  const others = list.backups.filter((b) => b.name !== list.newestGood?.name);
  // Damaged backups newer than the one offered explain why it is not the latest: show them unasked.
  const newerDamaged = list.backups.findIndex((b) => b.name === list.newestGood?.name) > 0;
  return (
    <>
      {list.newestGood ? (
        <p>
          The newest good backup is from <strong>{relativeTime(list.newestGood.createdAt)}</strong>. Changes made after
          it was taken are not in it.
        </p>
      ) : (
        <p className="form-error" data-testid="recovery-no-good">
          None of the backups passed the check. They are listed below with what is wrong with each.
        </p>
      )}
      <fieldset className="backup-choices" aria-labelledby={legendId}>
        <legend id={legendId} className="visually-hidden">
          Backup to restore
        </legend>
        {list.newestGood && (
          <BackupChoice
            backup={list.newestGood}
            newest
            checked={selected === list.newestGood.name}
            onSelect={setSelected}
          />
        )}
        {others.length > 0 && (
          <details className="other-backups" open={!list.newestGood || newerDamaged}>
            <summary>{list.newestGood ? `Other backups (${others.length})` : `Backups (${others.length})`}</summary>
            <div className="backup-choice-list">
              {others.map((b) => (
                <BackupChoice key={b.name} backup={b} checked={selected === b.name} onSelect={setSelected} />
              ))}
            </div>
          </details>
        )}
      </fieldset>
      <p className="recovery-safety" data-testid="recovery-safety">
        The damaged file is kept: it is moved aside in the same folder, with <code>.damaged-</code> and the time added
        to its name, and is never overwritten or deleted. Its new name is shown after the restore.
      </p>
      <div className="button-row">
        <button
          ref={restoreRef}
          type="button"
          className="button primary"
          disabled={!chosen}
          onClick={() => setConfirming(true)}
          data-testid="recovery-restore"
        >
          Restore from backup…
        </button>
      </div>
      {confirming && chosen && (
        <RestoreConfirm backup={chosen} portfolioPath={list.portfolioPath} onCancel={() => setConfirming(false)}>
          <p>
            The damaged <code>{baseName(list.portfolioPath)}</code> is moved aside to a name ending in{' '}
            <code>.damaged-</code> and the time, in the same folder. Nothing is deleted.
          </p>
        </RestoreConfirm>
      )}
    </>
  );
}

function BackupChoice({
  backup,
  newest,
  checked,
  onSelect,
}: {
  backup: BackupInfo;
  newest?: boolean;
  checked: boolean;
  onSelect: (name: string) => void;
}) {
  const id = useId();
  const restorable = isRestorable(backup);
  return (
    <div
      className={`backup-choice${checked ? ' selected' : ''}${restorable ? '' : ' damaged'}`}
      data-testid="backup-choice"
      data-name={backup.name}
      data-ok={String(backup.ok)}
    >
      <input
        type="radio"
        id={id}
        name="backup"
        value={backup.name}
        checked={checked}
        disabled={!restorable}
        onChange={() => onSelect(backup.name)}
        aria-describedby={`${id}-meta`}
      />
      <label htmlFor={id}>
        <span className="backup-when">
          {relativeTime(backup.createdAt)}
          <span className="muted"> · {formatDateTime(backup.createdAt)}</span>
        </span>
        <span className="backup-meta" id={`${id}-meta`}>
          {formatSize(backup.sizeBytes)}
          {backup.initiativeCount !== null && ` · ${plural(backup.initiativeCount, 'initiative')}`}
          {newest && (
            <>
              {' '}
              <Chip tone="ok">Newest good</Chip>
            </>
          )}
          {backup.ok === null && (
            <>
              {' '}
              <Chip tone="neutral">Not checked</Chip>
            </>
          )}
          {!restorable && (
            <>
              {' '}
              <Chip tone="danger">Damaged</Chip>{' '}
              <span className="backup-problem">{backup.problem ?? 'Failed the check.'}</span>
            </>
          )}
        </span>
      </label>
    </div>
  );
}
