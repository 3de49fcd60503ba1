import { useMemo, useState } from 'react';
import { RISK_CATEGORIES, type LibraryEntry } from '../../../../shared/domain/risk';
import { errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { Dialog } from '../../components/Dialog';
import { ScoreChip } from './RiskChips';
import { useRiskDialogs } from './RiskDialogs';
import { draftFromLibrary } from './riskDraft';
import { refPrefix, scoreOf } from './riskFormat';
import { taxonomyRefLabel } from '../../../../shared/domain/risk';
import { useInitiativeOptions } from './useLookups';

function matches(e: LibraryEntry, words: string[]): boolean {
  const text = `${e.title} ${e.description} ${e.cause} ${e.event} ${e.taxonomyRefs.join(' ')}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

/**
 * The library of common AI risks: searchable, grouped by category, each with its description and
 * suggested score. Choosing one opens the risk form pre-filled, for an initiative or the portfolio.
 */
export function LibraryDialog({ initiativeId, onClose }: { initiativeId: number | null; onClose: () => void }) {
  const library = useQuery('risk/library', undefined, []);
  const initiatives = useInitiativeOptions();
  const dialogs = useRiskDialogs();
  const [text, setText] = useState('');
  const [scope, setScope] = useState(initiativeId === null ? '' : String(initiativeId));

  const groups = useMemo(() => {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    const list = (library.data ?? []).filter((e) => matches(e, words));
    return RISK_CATEGORIES.map((c) => ({ category: c, entries: list.filter((e) => e.category === c.id) })).filter(
      (g) => g.entries.length > 0,
    );
  }, [library.data, text]);

  const pick = (e: LibraryEntry) =>
    dialogs.replace({
      kind: 'new',
      draft: draftFromLibrary(e, scope === '' ? null : Number(scope)),
      fromLibrary: true,
    });

  return (
    <Dialog title="Add from library" onClose={onClose} size="large" testId="risk-library">
      <div className="library-controls">
        <label className="visually-hidden" htmlFor="library-search">
          Search the library
        </label>
        <input
          id="library-search"
          className="input"
          type="search"
          placeholder="Search: prompt injection, drift, PII, cost…"
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="library-search"
          data-autofocus
          autoComplete="off"
        />
        <label className="library-scope-label" htmlFor="library-scope">
          Add to
        </label>
        <select
          id="library-scope"
          className="select"
          value={scope}
          onChange={(e) => setScope(e.target.value)}
          data-testid="library-scope"
        >
          <option value="">Portfolio (no initiative)</option>
          {initiatives.map((i) => (
            <option key={i.id} value={String(i.id)}>
              {i.name}
            </option>
          ))}
        </select>
      </div>
      {library.error !== undefined && !library.data ? (
        <p role="alert">{errorMessage(library.error)}</p>
      ) : !library.data ? (
        <p aria-busy="true">Loading…</p>
      ) : groups.length === 0 ? (
        <p data-testid="library-empty">No library risk matches “{text}”.</p>
      ) : (
        groups.map((g) => (
          <section key={g.category.id} className="library-group" aria-label={g.category.label}>
            <h3>{g.category.label}</h3>
            <ul className="risk-list">
              {g.entries.map((e) => {
                const s = scoreOf(e.inherent.likelihood, e.inherent.impact)!;
                return (
                  <li key={e.id}>
                    <button
                      type="button"
                      className="risk-list-item library-entry"
                      data-testid="library-entry"
                      data-library-id={e.id}
                      onClick={() => pick(e)}
                    >
                      <span className="risk-list-title">{e.title}</span>
                      <span className="risk-list-meta muted">Suggested inherent score</span>
                      <span className="risk-list-chips">
                        <ScoreChip scored={{ ...e.inherent, ...s }} label="Suggested inherent" />
                      </span>
                      <span className="library-description">{e.description}</span>
                      <span className="library-refs muted">
                        {e.taxonomyRefs
                          .slice(0, 4)
                          .map((r) => `${refPrefix(r)} ${taxonomyRefLabel(r)}`)
                          .join(' · ')}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        ))
      )}
    </Dialog>
  );
}
