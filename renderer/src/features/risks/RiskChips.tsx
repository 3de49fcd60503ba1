import { impactLabel, likelihoodLabel, type RiskFlags, type Scored } from '../../../../shared/domain/risk';
import { Chip } from '../../components/Chip';
import { bandClass, bandText, flagList } from './riskFormat';

/** A score coloured by its band: "12 High", with L × I and the scale names in the tooltip. */
export function ScoreChip({ scored, label, testId }: { scored: Scored | null; label?: string; testId?: string }) {
  if (!scored) return <span className="muted">—</span>;
  const title =
    `${label ? `${label}: ` : ''}likelihood ${scored.likelihood} (${likelihoodLabel(scored.likelihood)}) × ` +
    `impact ${scored.impact} (${impactLabel(scored.impact)}) = ${scored.score}, ${bandText(scored.band)}`;
  return (
    <span
      className={`chip band-chip ${bandClass(scored.band)}`}
      title={title}
      data-testid={testId}
      data-band={scored.band}
    >
      {scored.score} {bandText(scored.band)}
    </span>
  );
}

/** Above appetite without an accepted decision, and an expired acceptance. */
export function FlagChips({
  flags,
  appetite,
  residualScore,
}: {
  flags: RiskFlags;
  appetite: number;
  residualScore: number;
}) {
  const list = flagList(flags, appetite, residualScore);
  if (list.length === 0) return null;
  return (
    <span className="risk-flags" data-testid="risk-flags">
      {list.map((f) => (
        <span key={f.id} data-flag={f.id}>
          <Chip tone={f.tone} title={f.title}>
            {f.label}
          </Chip>
        </span>
      ))}
    </span>
  );
}
