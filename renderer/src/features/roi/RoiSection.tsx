/** The ROI section of the initiative detail (issue 4). Placeholder until the ROI workspace lands. */
export function RoiSection({ initiativeId }: { initiativeId: number }) {
  return (
    <section
      className="detail-section"
      aria-labelledby="roi-heading"
      data-testid="roi-section"
      data-initiative={initiativeId}
    >
      <h3 id="roi-heading">ROI</h3>
    </section>
  );
}
