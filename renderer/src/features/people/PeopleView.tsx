import { useEffect, useMemo, useState } from 'react';
import type { PersonRow } from '../../../../shared/domain/person';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { setAppState } from '../../app/appState';
import { reportError } from '../../app/commands';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { toast } from '../../store/toasts';
import { PersonForm } from './PersonForm';
import { ExportCsvButton } from '../exports/csvExport';
import { peopleCsv } from '../exports/peopleCsv';

type Dialog = { kind: 'add' } | { kind: 'edit'; person: PersonRow } | { kind: 'delete'; person: PersonRow } | null;

/** The people who can own initiatives, and how many roles each holds. */
export function PeopleView() {
  const people = useQuery('person/list', undefined, ['people', 'initiatives']);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [query, setQuery] = useState('');

  const loaded = people.data !== undefined;
  useEffect(() => {
    if (loaded) setAppState('ready');
  }, [loaded]);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const all = people.data ?? [];
    return q ? all.filter((p) => `${p.name} ${p.title} ${p.businessUnit} ${p.email}`.toLowerCase().includes(q)) : all;
  }, [people.data, query]);

  const remove = async (person: PersonRow) => {
    try {
      await invoke('person/delete', { id: person.id });
      setDialog(null);
      toast.change(`Removed “${person.name}”`);
    } catch (e) {
      // IN_USE is expected: say why in the dialog, where the user is looking.
      if (isApiError(e, 'IN_USE')) setDeleteError(e.message);
      else {
        setDialog(null);
        reportError(e);
      }
    }
  };

  return (
    <section className="people-view" aria-labelledby="people-heading" data-testid="people-view">
      <div className="view-header">
        <h1 id="people-heading">People</h1>
        <span className="row-count">{loaded ? `${shown.length} of ${people.data?.length ?? 0}` : 'Loading…'}</span>
        <div className="spacer" />
        <label className="visually-hidden" htmlFor="people-filter">
          Filter people
        </label>
        <input
          id="people-filter"
          className="input people-filter"
          type="search"
          placeholder="Filter people…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <ExportCsvButton view="people" source={() => peopleCsv(shown)} />
        <button
          type="button"
          className="button primary"
          onClick={() => setDialog({ kind: 'add' })}
          data-testid="add-person"
        >
          Add person
        </button>
      </div>
      {people.error !== undefined && !loaded && (
        <p role="alert" className="empty-state">
          {errorMessage(people.error)}
        </p>
      )}
      {loaded && people.data?.length === 0 ? (
        <div className="empty-state">
          <h2>No people yet</h2>
          <p>Add the sponsors, product owners and tech leads who own initiatives.</p>
          <button type="button" className="button primary" onClick={() => setDialog({ kind: 'add' })}>
            Add person
          </button>
        </div>
      ) : (
        <div className="plain-table-scroll">
          <table className="plain-table" data-testid="people-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Title</th>
                <th scope="col">Business unit</th>
                <th scope="col">Email</th>
                <th scope="col" className="num">
                  Owned roles
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => (
                <tr key={p.id} data-person-id={p.id} data-testid="person-row">
                  <td className="strong">{p.name}</td>
                  <td>{p.title || '—'}</td>
                  <td>{p.businessUnit || '—'}</td>
                  <td>{p.email ? <a href={`mailto:${p.email}`}>{p.email}</a> : '—'}</td>
                  <td className="num" data-testid="owned-count">
                    {p.ownedCount}
                  </td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        className="button small"
                        onClick={() => setDialog({ kind: 'edit', person: p })}
                        aria-label={`Edit ${p.name}`}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="button small danger-outline"
                        onClick={() => {
                          setDeleteError(null);
                          setDialog({ kind: 'delete', person: p });
                        }}
                        aria-label={`Delete ${p.name}`}
                      >
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog?.kind === 'add' && <PersonForm person={null} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && <PersonForm person={dialog.person} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete person?"
          confirmLabel="Delete"
          destructive
          onConfirm={() => remove(dialog.person)}
          onCancel={() => setDialog(null)}
        >
          <p>
            Delete <strong>“{dialog.person.name}”</strong> from the directory?
          </p>
          {deleteError && (
            <p className="form-error" role="alert" data-testid="delete-error">
              {deleteError}
            </p>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}
