import { openPackExport } from './exportsStore';

/** "Status pack…" for one initiative (its detail panel's actions): the pack dialog, scoped to it. */
export function StatusPackButton({ initiative }: { initiative: { id: number; name: string } }) {
  return (
    <button
      type="button"
      className="button"
      onClick={() => openPackExport({ id: initiative.id, name: initiative.name })}
      data-testid="initiative-status-pack"
    >
      Status pack…
    </button>
  );
}
