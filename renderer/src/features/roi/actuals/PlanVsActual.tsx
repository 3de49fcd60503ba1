/** Plan vs actual costs and value of one initiative. Placeholder: replaced with the same props. */
export function PlanVsActual({ initiativeId }: { initiativeId: number }) {
  return <p className="muted" data-testid="plan-vs-actual" data-initiative={initiativeId} />;
}
