import type { RoiScenarioDetail } from '../../../../../shared/domain/roiScenario';
import { errorMessage, isApiError } from '../../../api/client';

export type Loaded =
  | { id: number; status: 'ok'; detail: RoiScenarioDetail }
  | { id: number; status: 'missing' }
  | { id: number; status: 'error'; message: string };

/**
 * Reads each scenario; one deleted meanwhile (NOT_FOUND) becomes `missing` and any other failure an
 * `error` of its own, so one bad scenario never fails the whole comparison.
 */
export function loadScenarios(
  ids: readonly number[],
  get: (id: number) => Promise<RoiScenarioDetail>,
): Promise<Loaded[]> {
  return Promise.all(
    ids.map(async (id): Promise<Loaded> => {
      try {
        return { id, status: 'ok', detail: await get(id) };
      } catch (e) {
        if (isApiError(e, 'NOT_FOUND')) return { id, status: 'missing' };
        return { id, status: 'error', message: errorMessage(e) };
      }
    }),
  );
}
