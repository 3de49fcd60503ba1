/** Side-by-side comparison of an initiative's scenarios. Placeholder: replaced with the same props. */
export function ScenarioCompare({
  initiativeId,
  scenarioIds,
}: {
  initiativeId: number;
  scenarioIds: number[];
  onClose: () => void;
}) {
  return (
    <p className="muted" data-testid="scenario-compare" data-initiative={initiativeId}>
      {scenarioIds.length} scenarios
    </p>
  );
}
