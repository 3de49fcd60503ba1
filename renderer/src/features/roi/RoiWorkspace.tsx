import { useUi } from '../../store/ui';

/** Mounted once in the main layout: the ROI workspace of `useUi().roiInitiativeId`. Placeholder. */
export function RoiWorkspaceHost() {
  const id = useUi((s) => s.roiInitiativeId);
  return id === null ? null : <div data-testid="roi-workspace" />;
}
