import { describe, expect, it } from 'vitest';
import { SUPPORT_ASSISTANT_TEMPLATE } from '../../../../../shared/domain/roi/templates';
import { evaluateModel } from '../../../../../shared/domain/roi/model';
import type { RoiScenarioDetail } from '../../../../../shared/domain/roiScenario';
import { ApiError } from '../../../api/client';
import { loadScenarios } from './load';

describe('loadScenarios', () => {
  it('keeps the order, marks a deleted scenario missing and a failed read as an error of its own', async () => {
    const detail = { model: SUPPORT_ASSISTANT_TEMPLATE, evaluation: evaluateModel(SUPPORT_ASSISTANT_TEMPLATE) };
    const get = (id: number): Promise<RoiScenarioDetail> => {
      if (id === 2)
        return Promise.reject(new ApiError({ code: 'NOT_FOUND', message: 'ROI scenario 2 does not exist.' }));
      if (id === 3) return Promise.reject(new ApiError({ code: 'DB_ERROR', message: 'disk full' }));
      return Promise.resolve({ ...detail, scenario: { id } } as RoiScenarioDetail);
    };
    const items = await loadScenarios([1, 2, 3, 4], get);
    expect(items.map((i) => [i.id, i.status])).toEqual([
      [1, 'ok'],
      [2, 'missing'],
      [3, 'error'],
      [4, 'ok'],
    ]);
    expect(items[2]).toEqual({ id: 3, status: 'error', message: 'disk full' });
  });
});
