import type { RoiModel } from '../../../../../shared/domain/roi/schema';

/**
 * Monte Carlo of one model in a Web Worker (progress, cancel), its fan chart, NPV histogram and the
 * tornado of drivers. Placeholder: the simulation helper replaces it (same props).
 */
export function SimulationPanel({ model }: { model: RoiModel; phase: number | null }) {
  return (
    <p className="muted" data-testid="simulation-panel">
      {model.drivers.length} drivers
    </p>
  );
}
