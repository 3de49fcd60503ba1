import { describe, expect, it } from 'vitest';
import { roiModelSchema } from '../../../../../shared/domain/roi/schema';
import { SUPPORT_ASSISTANT_TEMPLATE as T } from '../../../../../shared/domain/roi/templates';
import { volumeDrivers } from './BreakEvenPanel';

const driver = (key: string, label: string, unit: string, likely: number) => ({
  key,
  label,
  unit,
  kind: 'value' as const,
  low: likely,
  likely,
  high: likely,
  distribution: 'pert' as const,
});

describe('break-even default drivers', () => {
  it('are the template’s volume drivers when the model still has them', () => {
    expect(volumeDrivers(T)).toEqual(['tickets', 'customers']);
  });
  it('otherwise the drivers that count things, not rates, prices, shares or per-item quantities', () => {
    const model = roiModelSchema.parse({
      drivers: [
        driver('requests', 'Requests per year', 'requests', 1_200_000),
        driver('users', 'Active users', 'users', 4_000),
        driver('price', 'Price per request', '$', 0.02),
        driver('hourly', 'Hourly rate', '$/h', 80),
        driver('calls_per_request', 'Calls per request', 'calls', 3),
        driver('adoption', 'Adoption', 'share', 0.6),
        driver('tokens', 'Tokens per call', 'tokens', 3_000),
        driver('fte', 'Reviewers', 'FTE', 2),
      ],
    });
    expect(volumeDrivers(model)).toEqual(['requests', 'users']);
  });
});
