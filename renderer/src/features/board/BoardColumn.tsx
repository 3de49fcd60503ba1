import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useId, useLayoutEffect, useRef, type DragEvent, type RefObject } from 'react';
import { INITIATIVE_TYPES, STATUSES } from '../../../../shared/domain/enums';
import type { GateReviewSummary } from '../../../../shared/domain/gateReview';
import { GATES } from '../../../../shared/domain/governance/gates';
import { phaseInfo, type PhaseId } from '../../../../shared/domain/phases';
import { Chip } from '../../components/Chip';
import { plural, STATUS_TONE } from '../../components/format';
import type { PortfolioRow } from '../portfolio/rows';

export const CARD_HEIGHT = 104;
const CARD_GAP = 8;

/** How the column looks while a card is dragged: where it may go, where it may not, where it comes from. */
export type DropLook = 'allowed' | 'refused' | 'target' | 'source' | null;

interface BoardColumnProps {
  phase: PhaseId;
  cards: PortfolioRow[];
  /** Live initiatives in the phase before the filter, for "n of m". */
  total: number;
  filtered: boolean;
  reviews: ReadonlyMap<number, GateReviewSummary>;
  activeId: number | null;
  /** The column's one card in the Tab order. */
  tabbableId: number | null;
  dropLook: DropLook;
  hintId: string;
  registerScroller: (phase: PhaseId, scrollTo: ((index: number) => void) | null) => void;
  /** The card id the keyboard moved to, until it is rendered and focused. */
  focusPending: RefObject<number | null>;
  onCardClick: (id: number) => void;
  onCardFocus: (id: number) => void;
  onCardDragStart: (row: PortfolioRow, e: DragEvent<HTMLElement>) => void;
  onCardDragEnd: () => void;
  onDragOverColumn: (phase: PhaseId, e: DragEvent<HTMLElement>) => void;
  onDragLeaveColumn: (phase: PhaseId, e: DragEvent<HTMLElement>) => void;
  onDropColumn: (phase: PhaseId, e: DragEvent<HTMLElement>) => void;
}

/** One phase: its header with the count, and its cards, virtualized so 10,000 initiatives stay fast. */
export function BoardColumn(props: BoardColumnProps) {
  const { phase, cards, total, filtered, dropLook, registerScroller } = props;
  const info = phaseInfo(phase);
  const headingId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  // No React Compiler in this build; the virtualizer drives its own re-renders.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: cards.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_HEIGHT + CARD_GAP,
    overscan: 6,
    getItemKey: (i) => cards[i]?.id ?? i,
  });

  // Runs after every render: the virtualizer renders a far card only after it has scrolled there.
  useLayoutEffect(() => focusWhenRendered(scrollRef.current, props.focusPending));

  useEffect(() => {
    registerScroller(phase, (index) => virtualizer.scrollToIndex(index, { align: 'auto' }));
    return () => registerScroller(phase, null);
  }, [phase, registerScroller, virtualizer]);

  const count = filtered
    ? `${cards.length.toLocaleString('en')} of ${total.toLocaleString('en')}`
    : total.toLocaleString('en');
  return (
    <section
      className={`board-column${dropLook ? ` drop-${dropLook}` : ''}`}
      aria-labelledby={headingId}
      data-testid="board-column"
      data-phase={phase}
      data-drop={dropLook ?? undefined}
      onDragEnter={(e) => props.onDragOverColumn(phase, e)}
      onDragOver={(e) => props.onDragOverColumn(phase, e)}
      onDragLeave={(e) => props.onDragLeaveColumn(phase, e)}
      onDrop={(e) => props.onDropColumn(phase, e)}
    >
      <header className="board-column-header">
        <h2 id={headingId} title={info.label}>
          <span className="board-phase-n">{info.n}</span> {info.short}
        </h2>
        <span className="board-count" data-testid="board-count" aria-label={`${count} initiatives`}>
          {count}
        </span>
      </header>
      {dropLook === 'allowed' && <p className="board-drop-hint">Drop to request {gateLabel(phase)}</p>}
      {dropLook === 'refused' && <p className="board-drop-hint refused">Not allowed here</p>}
      <div className="board-column-scroll" ref={scrollRef}>
        {cards.length === 0 ? (
          <p className="board-column-empty muted">{filtered ? 'None match' : 'No initiatives'}</p>
        ) : (
          <div className="board-cards" role="list" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = cards[item.index];
              if (!row) return null;
              return (
                <div
                  key={row.id}
                  role="listitem"
                  className="board-slot"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <BoardCard
                    row={row}
                    review={props.reviews.get(row.id) ?? null}
                    active={row.id === props.activeId}
                    tabbable={row.id === props.tabbableId}
                    hintId={props.hintId}
                    onClick={props.onCardClick}
                    onFocusCard={props.onCardFocus}
                    onDragStart={props.onCardDragStart}
                    onDragEnd={props.onCardDragEnd}
                  />
                </div>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}

/** Focuses the pending card if it is rendered inside `root`, and clears the request. */
export function focusWhenRendered(root: HTMLElement | null, pending: RefObject<number | null>): void {
  const id = pending.current;
  if (id === null || !root) return;
  const el = root.querySelector<HTMLElement>(`[data-testid="board-card"][data-row-id="${id}"]`);
  if (!el) return;
  pending.current = null;
  el.focus({ preventScroll: true });
}

/** The gate that leads into `toPhase`, as people read it: "G1 · Fund discovery / data work". */
function gateLabel(toPhase: PhaseId): string {
  const gate = GATES.find((g) => g.toPhase === toPhase && g.fromPhase !== toPhase);
  return gate ? `${gate.id} · ${gate.name}` : 'its gate';
}

interface BoardCardProps {
  row: PortfolioRow;
  review: GateReviewSummary | null;
  active: boolean;
  tabbable: boolean;
  hintId: string;
  onClick: (id: number) => void;
  onFocusCard: (id: number) => void;
  onDragStart: (row: PortfolioRow, e: DragEvent<HTMLElement>) => void;
  onDragEnd: () => void;
}

const BoardCard = memo(function BoardCard({
  row,
  review,
  active,
  tabbable,
  hintId,
  onClick,
  onFocusCard,
  onDragStart,
  onDragEnd,
}: BoardCardProps) {
  return (
    <div
      className={`board-card${active ? ' active' : ''}`}
      role="button"
      tabIndex={tabbable ? 0 : -1}
      draggable
      aria-describedby={hintId}
      data-testid="board-card"
      data-row-id={row.id}
      data-phase={row.phase}
      data-status={row.status}
      data-open-review={review ? review.id : undefined}
      onClick={() => onClick(row.id)}
      onFocus={() => {
        if (!active) onFocusCard(row.id);
      }}
      onDragStart={(e) => onDragStart(row, e)}
      onDragEnd={onDragEnd}
    >
      <span className="board-card-name" title={row.name}>
        {row.name}
      </span>
      <span className="board-card-meta muted">
        {row.businessUnit || 'No business unit'} · {INITIATIVE_TYPES.label(row.type)}
      </span>
      <span className="board-card-chips">
        <Chip tone={STATUS_TONE[row.status]}>{STATUSES.label(row.status)}</Chip>
        <span className="board-card-days" title="Days in this phase">
          {plural(row.daysInPhase, 'day')}
        </span>
      </span>
      <span className="board-card-chips board-card-markers">
        {review && (
          <span data-testid="card-open-review">
            <Chip tone="accent" title={`Gate review ${review.gate} is open`}>
              {review.gate}
              <span className="visually-hidden"> gate review</span> open
            </Chip>
          </span>
        )}
        {row.missingOwner && (
          <span data-testid="card-missing-owner">
            <Chip tone="warning" title="Missing owner: sponsor, product owner or tech lead is not assigned">
              No owner
            </Chip>
          </span>
        )}
      </span>
    </div>
  );
});
