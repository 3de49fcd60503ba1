import { z } from 'zod';
import type { PhaseId } from './phases';

/** The funnel's look-back window: how many days back "entered" and "left" count, today included. */
export const DEFAULT_FLOW_DAYS = 90;
export const MAX_FLOW_DAYS = 3650;

export const portfolioFlowInput = z
  .strictObject({
    days: z
      .number()
      .int('Whole days only')
      .min(1, 'At least 1 day')
      .max(MAX_FLOW_DAYS, `At most ${MAX_FLOW_DAYS} days`)
      .optional(),
  })
  .optional();

/**
 * One phase of the portfolio funnel. Only live (not archived) initiatives count. Every phase change inside
 * the window counts once for the phase it entered and once for the phase it left, so an initiative that
 * is recycled back and enters a phase twice counts twice; creation counts as entering the first phase.
 */
export interface PhaseFlow {
  phase: PhaseId;
  /** Live initiatives in the phase now. */
  current: number;
  enteredInWindow: number;
  leftInWindow: number;
}
