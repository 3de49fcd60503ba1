import type { ConnectionKind, DiagnosisStage } from '../../../shared/domain/connections/connection';
import type { PollContext, PollResult } from './types';

/** Main → worker. */
export type WorkerRequest =
  { type: 'poll'; id: number; kind: ConnectionKind; ctx: Omit<PollContext, 'signal'> } | { type: 'abort'; id: number };

/** Worker → main: a poll's result, or its failure as a ConnectorError's fields. */
export type WorkerReply =
  | { id: number; ok: true; result: PollResult }
  | {
      id: number;
      ok: false;
      error: { stage: DiagnosisStage; message: string; httpStatus?: number; retryAfterSec?: number };
    };
