/** The executive ROI view (issue 4). Placeholder until it lands. */
export function ExecutiveRoiView() {
  return <div className="view" data-testid="roi-view" />;
}
