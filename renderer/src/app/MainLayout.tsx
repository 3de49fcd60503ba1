import { Toasts } from '../components/Toasts';
import { InitiativeFormHost } from '../features/initiative/InitiativeForm';
import { GateReviewHost } from '../features/gates/GateReviewDialog';
import { BoardView } from '../features/board/BoardView';
import { PeopleView } from '../features/people/PeopleView';
import { PortfolioView } from '../features/portfolio/PortfolioView';
import { WatchlistView } from '../features/watchlist/WatchlistView';
import { RoiWorkspaceHost } from '../features/roi/RoiWorkspace';
import { ExecutiveRoiView } from '../features/roiExec/ExecutiveRoiView';
import { RiskRegisterView } from '../features/risks/RiskRegisterView';
import { ConnectionsView } from '../features/connections/ConnectionsView';
import { SpendView } from '../features/spend/SpendView';
import { ImportWizardHost } from '../features/import/ImportWizard';
import { PackExportHost } from '../features/exports/PackExportDialog';
import { ExportHistoryHost } from '../features/exports/ExportHistoryDialog';
import { useUi, type View } from '../store/ui';
import { CommandPalette } from './CommandPalette';
import { useGlobalShortcuts } from './shortcuts';
import { TopBar } from './TopBar';
import { ReadOnlyBanner } from './ReadOnlyBanner';
import { BackupsDialogHost } from '../features/backups/BackupsDialog';

const NAV: { view: View; label: string }[] = [
  { view: 'portfolio', label: 'Portfolio' },
  { view: 'board', label: 'Board' },
  { view: 'watchlist', label: 'Watchlist' },
  { view: 'roi', label: 'ROI' },
  { view: 'risks', label: 'Risks' },
  { view: 'people', label: 'People' },
  { view: 'spend', label: 'Spend' },
  { view: 'connections', label: 'Connections' },
];

/** The open portfolio: navigation, top bar, the current view and the app's overlays. */
export function MainLayout({ path }: { path: string }) {
  useGlobalShortcuts();
  const view = useUi((s) => s.view);
  const setView = useUi((s) => s.setView);
  return (
    <div className="app-shell">
      <TopBar path={path} />
      <ReadOnlyBanner />
      <nav className="side-nav" aria-label="Main">
        <ul>
          {NAV.map((n) => (
            <li key={n.view}>
              <button
                type="button"
                className={`nav-item${view === n.view ? ' active' : ''}`}
                aria-current={view === n.view ? 'page' : undefined}
                onClick={() => setView(n.view)}
                data-testid={`nav-${n.view}`}
              >
                {n.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        {view === 'portfolio' ? (
          <PortfolioView />
        ) : view === 'board' ? (
          <BoardView />
        ) : view === 'watchlist' ? (
          <WatchlistView />
        ) : view === 'roi' ? (
          <ExecutiveRoiView />
        ) : view === 'risks' ? (
          <RiskRegisterView />
        ) : view === 'connections' ? (
          <ConnectionsView />
        ) : view === 'spend' ? (
          <SpendView />
        ) : (
          <PeopleView />
        )}
      </main>
      <InitiativeFormHost />
      <GateReviewHost />
      <RoiWorkspaceHost />
      <ImportWizardHost />
      <PackExportHost />
      <ExportHistoryHost />
      <BackupsDialogHost />
      <CommandPalette />
      <Toasts />
    </div>
  );
}
