import { describe, expect, it } from 'vitest';
import type { TableRow } from '../../../../shared/domain/portfolio';
import { toPortfolioRows } from '../portfolio/rows';
import { dropVerdict, groupByPhase, locate, moveFocus, nextPhase } from './boardModel';

const base: TableRow = {
  id: 1,
  name: 'Claims triage',
  description: '',
  businessUnit: 'Operations',
  type: 'chatbot',
  phase: 'STRATEGY',
  status: 'active',
  riskTier: 'limited',
  tags: [],
  sponsorId: 1,
  productOwnerId: 2,
  techLeadId: 3,
  sponsorName: 'A',
  productOwnerName: 'B',
  techLeadName: 'C',
  plannedEnd: null,
  phaseEnteredAt: '2026-01-01T00:00:00.000Z',
  archivedAt: null,
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const rows = toPortfolioRows(
  [
    base,
    { ...base, id: 2, name: 'Fraud scoring', businessUnit: 'Finance', type: 'predictive', phase: 'STRATEGY' },
    { ...base, id: 3, name: 'Invoice reader', type: 'document_intelligence', phase: 'ARCHITECTURE' },
    { ...base, id: 4, name: 'Old bot', phase: 'ARCHITECTURE', archivedAt: '2026-02-01T00:00:00.000Z' },
    { ...base, id: 5, name: 'Scaler', phase: 'SCALE_OPTIMIZE' },
  ],
  new Date('2026-03-01T00:00:00.000Z'),
);

describe('board model', () => {
  it('groups live initiatives by phase and filters on name or business unit and type', () => {
    const c = groupByPhase(rows);
    expect(c.STRATEGY.map((r) => r.id)).toEqual([1, 2]);
    expect(c.DATA_FOUNDATION).toEqual([]);
    expect(c.ARCHITECTURE.map((r) => r.id)).toEqual([3]);
    expect(groupByPhase(rows, { text: 'finance', type: '' }).STRATEGY.map((r) => r.id)).toEqual([2]);
    expect(groupByPhase(rows, { text: ' INVOICE ', type: '' }).ARCHITECTURE.map((r) => r.id)).toEqual([3]);
    expect(groupByPhase(rows, { text: '', type: 'predictive' }).STRATEGY.map((r) => r.id)).toEqual([2]);
  });

  it('allows a drop on the next phase only', () => {
    expect(nextPhase('STRATEGY')).toBe('DATA_FOUNDATION');
    expect(nextPhase('SCALE_OPTIMIZE')).toBeNull();
    expect(dropVerdict('STRATEGY', 'DATA_FOUNDATION')).toBe('request');
    expect(dropVerdict('STRATEGY', 'STRATEGY')).toBe('same');
    expect(dropVerdict('STRATEGY', 'ARCHITECTURE')).toBe('refused');
    expect(dropVerdict('ARCHITECTURE', 'DATA_FOUNDATION')).toBe('refused');
    expect(dropVerdict('SCALE_OPTIMIZE', 'STRATEGY')).toBe('refused');
  });

  it('moves the focus within a column and across to the nearest non-empty one', () => {
    const c = groupByPhase(rows);
    expect(moveFocus(c, { phase: 'STRATEGY', index: 0 }, 'ArrowDown')).toEqual({ phase: 'STRATEGY', index: 1 });
    expect(moveFocus(c, { phase: 'STRATEGY', index: 1 }, 'ArrowDown')).toBeNull();
    expect(moveFocus(c, { phase: 'STRATEGY', index: 0 }, 'ArrowUp')).toBeNull();
    expect(moveFocus(c, { phase: 'STRATEGY', index: 1 }, 'ArrowRight')).toEqual({ phase: 'ARCHITECTURE', index: 0 });
    expect(moveFocus(c, { phase: 'ARCHITECTURE', index: 0 }, 'ArrowRight')).toEqual({
      phase: 'SCALE_OPTIMIZE',
      index: 0,
    });
    expect(moveFocus(c, { phase: 'SCALE_OPTIMIZE', index: 0 }, 'ArrowRight')).toBeNull();
    expect(moveFocus(c, { phase: 'STRATEGY', index: 0 }, 'ArrowLeft')).toBeNull();
    expect(moveFocus(c, { phase: 'STRATEGY', index: 0 }, 'End')).toEqual({ phase: 'STRATEGY', index: 1 });
    expect(locate(c, 3)).toEqual({ phase: 'ARCHITECTURE', index: 0 });
    expect(locate(c, 4)).toBeNull();
  });
});
