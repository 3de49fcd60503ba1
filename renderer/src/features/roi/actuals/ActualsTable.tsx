import { useState } from 'react';
import {
  ACTUAL_SIDES,
  ACTUAL_SOURCES,
  categoryLabel,
  monthOfDate,
  type RoiActual,
} from '../../../../../shared/domain/roiActuals';
import { errorMessage, invoke } from '../../../api/client';
import { reportError } from '../../../app/commands';
import { Chip } from '../../../components/Chip';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { toast } from '../../../store/toasts';
import { formatMoney } from '../roiFormat';
import { ActualForm } from './ActualForm';

type Open = { what: 'create' } | { what: 'edit'; entry: RoiActual } | { what: 'delete'; entry: RoiActual };

const describe = (e: RoiActual) =>
  `${categoryLabel(e.side, e.category)} ${e.side} of ${formatMoney(e.amount)} for ${e.month}`;

interface ActualsTableProps {
  initiativeId: number;
  entries: RoiActual[] | undefined;
  loading: boolean;
  error: unknown;
  /** This month by the core's clock (null until known): new entries start there and may not go past it. */
  asOfMonth: string | null;
  /** Entries after the plan's horizon, marked so they are not missed. */
  outsideIds: readonly number[];
}

/** The actual entries, newest month first, with add, edit and delete (confirmed, undoable). */
export function ActualsTable({ initiativeId, entries, loading, error, asOfMonth, outsideIds }: ActualsTableProps) {
  const [open, setOpen] = useState<Open | null>(null);
  const close = () => setOpen(null);
  const outside = new Set(outsideIds);

  const remove = async (entry: RoiActual) => {
    try {
      await invoke('roi/actuals/delete', { id: entry.id });
      toast.change(`Deleted actual ${describe(entry)}`);
    } catch (e) {
      reportError(e);
    } finally {
      close();
    }
  };

  return (
    <section className="pva-block" aria-labelledby="pva-entries-heading" data-testid="pva-entries">
      <div className="section-heading">
        <h4 id="pva-entries-heading">Actual entries</h4>
        <button
          type="button"
          className="button small"
          onClick={() => setOpen({ what: 'create' })}
          data-testid="add-actual"
        >
          Add actual
        </button>
      </div>
      {error !== undefined && (
        <p className="form-error" role="alert">
          Could not load the entries: {errorMessage(error)}
        </p>
      )}
      {!entries && loading && (
        <p className="muted" role="status">
          Loading entries…
        </p>
      )}
      {entries && entries.length === 0 && (
        <p className="muted" data-testid="pva-entries-empty">
          No actuals recorded yet. Add what was spent or realised each month (invoices, timesheets, measured savings) to
          see it against the plan.
        </p>
      )}
      {entries && entries.length > 0 && (
        <div className="pva-table-scroll pva-entries-scroll">
          <table className="plain-table pva-table">
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Side</th>
                <th scope="col">Category</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Note</th>
                <th scope="col">Source</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-testid="actual-row" data-actual-id={e.id}>
                  <td>
                    {e.month}
                    {outside.has(e.id) && (
                      <>
                        {' '}
                        <Chip tone="warning" title="After the plan's last month: not compared with the plan">
                          After plan
                        </Chip>
                      </>
                    )}
                  </td>
                  <td>{ACTUAL_SIDES.label(e.side)}</td>
                  <td>{categoryLabel(e.side, e.category)}</td>
                  <td className="num">{formatMoney(e.amount)}</td>
                  <td className="pva-note">{e.note || <span className="muted">—</span>}</td>
                  <td>{ACTUAL_SOURCES.label(e.source)}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button small"
                      onClick={() => setOpen({ what: 'edit', entry: e })}
                      aria-label={`Edit ${describe(e)}`}
                      data-testid="edit-actual"
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="button small danger-outline"
                      onClick={() => setOpen({ what: 'delete', entry: e })}
                      aria-label={`Delete ${describe(e)}`}
                      data-testid="delete-actual"
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {open?.what === 'create' && (
        <ActualForm initiativeId={initiativeId} defaultMonth={asOfMonth ?? monthOfDate(new Date())} onClose={close} />
      )}
      {open?.what === 'edit' && (
        <ActualForm
          initiativeId={initiativeId}
          entry={open.entry}
          defaultMonth={asOfMonth ?? monthOfDate(new Date())}
          onClose={close}
        />
      )}
      {open?.what === 'delete' && (
        <ConfirmDialog
          title="Delete actual?"
          confirmLabel="Delete"
          destructive
          onConfirm={() => remove(open.entry)}
          onCancel={close}
        >
          <p>
            Delete the <strong>{describe(open.entry)}</strong>? You can undo this right after (Ctrl+Z).
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
