import {
  useCallback,
  useDeferredValue,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type KeyboardEvent,
} from 'react';
import { INITIATIVE_TYPES, type InitiativeType } from '../../../../shared/domain/enums';
import type { GateReviewSummary } from '../../../../shared/domain/gateReview';
import { gateLeaving } from '../../../../shared/domain/governance/gates';
import { PHASES, phaseInfo, type PhaseId } from '../../../../shared/domain/phases';
import { unpackTable } from '../../../../shared/domain/portfolio';
import { errorMessage, invoke } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { setAppState } from '../../app/appState';
import { reportError } from '../../app/commands';
import { toast } from '../../store/toasts';
import { useUi } from '../../store/ui';
import { InitiativeDetailPanel } from '../initiative/InitiativeDetail';
import { INITIATIVE_TABLES } from '../portfolio/PortfolioView';
import { toPortfolioRows, type PortfolioRow } from '../portfolio/rows';
import { BoardColumn, focusWhenRendered, type DropLook } from './BoardColumn';
import { dropVerdict, groupByPhase, locate, moveFocus, REFUSED_MESSAGE } from './boardModel';
import { useBoardFilter } from './boardStore';
import { FunnelPanel } from './FunnelChart';
import './board.css';

const REVIEW_TABLES = ['gate_reviews', 'initiatives'];
const DRAG_TYPE = 'application/x-flightdeck-initiative';
const ARROWS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End']);

/** The portfolio as a Kanban board, one column per phase, with the funnel above it. */
export function BoardView() {
  const list = useQuery('initiative/table', {}, INITIATIVE_TABLES);
  // Open gate reviews mark their cards. Until the gate service answers, the board simply shows no markers.
  const reviews = useQuery('gate/openReviews', undefined, REVIEW_TABLES);
  const detailId = useUi((s) => s.detailId);
  const activeId = useUi((s) => s.activeRowId);
  const { text, type, setText, setType, clear } = useBoardFilter();
  const deferredText = useDeferredValue(text);

  const rows = useMemo(() => (list.data ? toPortfolioRows(unpackTable(list.data)) : []), [list.data]);
  const all = useMemo(() => groupByPhase(rows), [rows]);
  const columns = useMemo(() => groupByPhase(rows, { text: deferredText, type }), [rows, deferredText, type]);
  const filtered = Boolean(deferredText.trim() || type);
  const openReviews = useMemo(
    () => new Map<number, GateReviewSummary>((reviews.data ?? []).map((r) => [r.initiativeId, r])),
    [reviews.data],
  );
  const shown = useMemo(() => PHASES.reduce((n, p) => n + columns[p.id].length, 0), [columns]);
  const live = useMemo(() => PHASES.reduce((n, p) => n + all[p.id].length, 0), [all]);

  const loaded = list.data !== undefined;
  useEffect(() => {
    if (loaded) setAppState('ready');
  }, [loaded]);

  // --- announcements (aria-live) ---
  // Numbered, so the same message twice (two refused drops) is announced twice: the node is replaced.
  const [announcement, setAnnouncement] = useState({ n: 0, text: '' });
  const announce = useCallback((text: string) => setAnnouncement((a) => ({ n: a.n + 1, text })), []);

  // --- focus: one card per column in the Tab order (Tab walks the columns, arrows walk the cards) ---
  const activeAt = activeId === null ? null : locate(columns, activeId);
  const tabbableIn = (phase: PhaseId) => (activeAt?.phase === phase ? activeId : (columns[phase][0]?.id ?? null));
  const boardRef = useRef<HTMLDivElement>(null);
  const scrollers = useRef(new Map<PhaseId, (index: number) => void>());
  const registerScroller = useCallback((phase: PhaseId, scrollTo: ((index: number) => void) | null) => {
    if (scrollTo) scrollers.current.set(phase, scrollTo);
    else scrollers.current.delete(phase);
  }, []);
  // The card the keyboard moved to; whichever component renders it first (the board, or its column once the
  // virtualizer has scrolled there) focuses it.
  const focusPending = useRef<number | null>(null);
  useLayoutEffect(() => focusWhenRendered(boardRef.current, focusPending));
  const focusCard = (at: { phase: PhaseId; index: number }) => {
    const row = columns[at.phase][at.index];
    if (!row) return;
    focusPending.current = row.id;
    useUi.getState().setActiveRow(row.id);
    scrollers.current.get(at.phase)?.(at.index);
  };

  // --- the gate request, shared by drop and keyboard ---
  const pending = useRef(new Set<number>());
  const requestGate = async (row: PortfolioRow) => {
    const open = openReviews.get(row.id);
    if (open) {
      useUi.getState().openGateReview(open.id);
      announce(`“${row.name}” already has an open ${open.gate} review; it is opened.`);
      return;
    }
    if (pending.current.has(row.id)) return;
    pending.current.add(row.id);
    const gate = gateLeaving(row.phase);
    try {
      const detail = await invoke('gate/request', { initiativeId: row.id });
      useUi.getState().openGateReview(detail.review.id);
      const message = `Requested ${detail.review.gate} (${detail.gateName}) for “${row.name}”`;
      toast.change(message);
      announce(message);
    } catch (e) {
      reportError(e);
      announce(`Could not request ${gate.id} for “${row.name}”: ${errorMessage(e)}`);
    } finally {
      pending.current.delete(row.id);
    }
  };

  const refuse = (row: PortfolioRow) => {
    toast.error(REFUSED_MESSAGE);
    announce(`“${row.name}” stays in ${phaseInfo(row.phase).short}. ${REFUSED_MESSAGE}`);
  };

  // --- drag and drop (native HTML5) ---
  const [drag, setDrag] = useState<PortfolioRow | null>(null);
  const [over, setOver] = useState<PhaseId | null>(null);
  const dragRef = useRef<PortfolioRow | null>(null);

  const onCardDragStart = useCallback((row: PortfolioRow, e: DragEvent<HTMLElement>) => {
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData(DRAG_TYPE, String(row.id));
    e.dataTransfer.setData('text/plain', row.name);
    dragRef.current = row;
    setDrag(row);
  }, []);
  const onCardDragEnd = useCallback(() => {
    dragRef.current = null;
    setDrag(null);
    setOver(null);
  }, []);
  const onDragOverColumn = useCallback((phase: PhaseId, e: DragEvent<HTMLElement>) => {
    const row = dragRef.current;
    if (!row) return;
    // Every column accepts the drop event (a 'none' effect would swallow it), so a refused drop can say why
    // instead of silently snapping back; the column's highlight says before the drop whether it is allowed.
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    setOver(phase);
  }, []);
  const onDragLeaveColumn = useCallback((phase: PhaseId, e: DragEvent<HTMLElement>) => {
    const to = e.relatedTarget;
    if (to instanceof Node && e.currentTarget.contains(to)) return;
    setOver((o) => (o === phase ? null : o));
  }, []);
  const onDropColumn = (phase: PhaseId, e: DragEvent<HTMLElement>) => {
    const row = dragRef.current;
    onCardDragEnd();
    if (!row) return;
    e.preventDefault();
    const verdict = dropVerdict(row.phase, phase);
    if (verdict === 'request') void requestGate(row);
    else if (verdict === 'refused') refuse(row);
  };

  const dropLook = (phase: PhaseId): DropLook => {
    if (!drag) return null;
    const verdict = dropVerdict(drag.phase, phase);
    if (over === phase) return verdict === 'request' ? 'allowed' : verdict === 'same' ? 'source' : 'refused';
    if (verdict === 'request') return 'target';
    return verdict === 'same' ? 'source' : null;
  };

  // --- keyboard ---
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const card = (e.target as HTMLElement).closest<HTMLElement>('[data-testid="board-card"]');
    if (!card) return;
    const at = locate(columns, Number(card.dataset.rowId));
    const row = at ? columns[at.phase][at.index] : undefined;
    if (!at || !row) return;
    if ((e.key === 'ArrowRight' && e.shiftKey) || (e.key.toLowerCase() === 'g' && !e.shiftKey)) {
      e.preventDefault();
      void requestGate(row);
    } else if (e.key === 'ArrowLeft' && e.shiftKey) {
      e.preventDefault();
      refuse(row);
    } else if (ARROWS.has(e.key) && !e.shiftKey) {
      e.preventDefault();
      const to = moveFocus(columns, at, e.key as Parameters<typeof moveFocus>[2]);
      if (to) focusCard(to);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      useUi.getState().openDetail(row.id);
    }
  };

  // The form is a dialog over any view: the board stays behind it instead of switching to the table.
  const createHere = () => useUi.getState().openForm({ mode: 'create' });
  const onCardClick = useCallback((id: number) => useUi.getState().openDetail(id), []);
  const onCardFocus = useCallback((id: number) => useUi.getState().setActiveRow(id), []);
  const hintId = useId();

  return (
    <div className={`board-layout${detailId !== null ? ' with-detail' : ''}`}>
      <section className="board-main" aria-label="Board">
        <div className="view-header">
          <h1>Board</h1>
          <span className="row-count" data-testid="board-total" aria-live="polite">
            {loaded
              ? filtered
                ? `${shown.toLocaleString('en')} of ${live.toLocaleString('en')}`
                : `${live.toLocaleString('en')} live initiatives`
              : 'Loading…'}
          </span>
          <div className="spacer" />
          <button type="button" className="button primary" onClick={createHere}>
            New initiative
          </button>
        </div>
        {(live > 0 || !loaded) && (
          <div className="filter-bar" role="search" aria-label="Filter the board">
            <input
              className="input board-filter-text"
              type="search"
              placeholder="Filter by name or business unit"
              aria-label="Filter by name or business unit"
              value={text}
              onChange={(e) => setText(e.target.value)}
              data-testid="board-filter-text"
            />
            <select
              className={`select${type ? ' has-value' : ''}`}
              aria-label="Type"
              value={type}
              onChange={(e) => setType(e.target.value as InitiativeType | '')}
              data-testid="board-filter-type"
            >
              <option value="">All types</option>
              {INITIATIVE_TYPES.items.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
            {(text || type) && (
              <button type="button" className="link-button" onClick={clear}>
                Clear filters
              </button>
            )}
            <span className="spacer" />
            <span id={hintId} className="muted small-text board-hint">
              Drag a card to the next phase, or press G, to request its gate review.
              <span className="visually-hidden"> Arrow keys move between cards; Enter opens the details.</span>
            </span>
          </div>
        )}
        {list.error !== undefined && !loaded ? (
          <div className="empty-state" role="alert">
            <h2>Could not load the portfolio</h2>
            <p>{errorMessage(list.error)}</p>
          </div>
        ) : !loaded ? (
          <div className="empty-state" aria-busy="true">
            Loading…
          </div>
        ) : live === 0 ? (
          <div className="empty-state" data-testid="board-empty">
            <h2>No initiatives on the board yet</h2>
            <p>
              The board shows every live initiative in its phase. Add the first one; when it is ready to move on, drag
              it to the next phase to request its gate review.
            </p>
            <button type="button" className="button primary" onClick={createHere}>
              New initiative
            </button>
          </div>
        ) : (
          <>
            <FunnelPanel />
            <div className="board" ref={boardRef} onKeyDown={onKeyDown} data-testid="board">
              {PHASES.map((p) => (
                <BoardColumn
                  key={p.id}
                  phase={p.id}
                  cards={columns[p.id]}
                  total={all[p.id].length}
                  filtered={filtered}
                  reviews={openReviews}
                  activeId={activeId}
                  tabbableId={tabbableIn(p.id)}
                  dropLook={dropLook(p.id)}
                  hintId={hintId}
                  registerScroller={registerScroller}
                  focusPending={focusPending}
                  onCardClick={onCardClick}
                  onCardFocus={onCardFocus}
                  onCardDragStart={onCardDragStart}
                  onCardDragEnd={onCardDragEnd}
                  onDragOverColumn={onDragOverColumn}
                  onDragLeaveColumn={onDragLeaveColumn}
                  onDropColumn={onDropColumn}
                />
              ))}
            </div>
          </>
        )}
        <div className="visually-hidden" aria-live="polite" data-testid="board-announcer">
          <span key={announcement.n}>{announcement.text}</span>
        </div>
      </section>
      {detailId !== null && <InitiativeDetailPanel id={detailId} key={detailId} />}
    </div>
  );
}
