// PLACEHOLDER (lead scaffold): replaced by the metrics service. Handlers for metrics/* and slo/*.
import type { Handlers } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from './context';

type MetricChannels =
  | 'metrics/overview'
  | 'metrics/series'
  | 'metrics/spend'
  | 'metrics/retention'
  | 'metrics/setRetention'
  | 'slo/save'
  | 'slo/delete';

const todo = () => {
  throw new AppError('INTERNAL', 'Not built yet');
};

export function metricHandlers(_ctx: CoreContext): Pick<Handlers, MetricChannels> {
  return {
    'metrics/overview': todo,
    'metrics/series': todo,
    'metrics/spend': todo,
    'metrics/retention': todo,
    'metrics/setRetention': todo,
    'slo/save': todo,
    'slo/delete': todo,
  };
}
