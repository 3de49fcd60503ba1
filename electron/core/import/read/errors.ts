import { AppError } from '../../../../shared/errors';

export { yieldToLoop } from '../../services/jobs';

/** A file that cannot be read: the message names the file, says what is wrong and what to do. */
export function unreadable(fileName: string, problem: string, remedy?: string): AppError {
  const message = `“${fileName}” ${problem}${remedy ? `: ${remedy}` : ''}.`;
  return new AppError('VALIDATION', message, [{ path: 'file', message }]);
}

export function throwIfCancelled(fileName: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', `Reading “${fileName}” was cancelled.`);
}
