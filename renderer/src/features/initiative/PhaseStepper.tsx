import { PHASES, phaseNumber, type PhaseId } from '../../../../shared/domain/phases';

/** The seven phases as an ordered list: done, current, upcoming. */
export function PhaseStepper({ current }: { current: PhaseId }) {
  const n = phaseNumber(current);
  return (
    <ol className="phase-stepper" data-testid="phase-stepper" aria-label="Roadmap phases">
      {PHASES.map((p) => {
        const state = p.n < n ? 'done' : p.n === n ? 'current' : 'upcoming';
        return (
          <li
            key={p.id}
            className={`step step-${state}`}
            data-phase={p.id}
            data-state={state}
            aria-current={state === 'current' ? 'step' : undefined}
            title={p.label}
          >
            <span className="step-marker" aria-hidden="true">
              {state === 'done' ? '✓' : p.n}
            </span>
            <span className="step-label">{p.short}</span>
            <span className="visually-hidden">
              {state === 'done' ? ' (done)' : state === 'current' ? ' (current)' : ' (upcoming)'}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
