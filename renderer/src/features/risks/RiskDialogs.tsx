import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { HeatmapWhich } from '../../../../shared/domain/risk';
import { CellRisksDialog } from './CellRisksDialog';
import { LibraryDialog } from './LibraryDialog';
import { RiskEditDialog, RiskCreateDialog } from './RiskForm';
import type { RiskDraft } from './riskDraft';

/** The risk dialogs a screen can open; they stack (a heatmap cell's list → one of its risks). */
export type RiskDialog =
  | { kind: 'risk'; id: number }
  | { kind: 'new'; draft: RiskDraft; fromLibrary: boolean }
  | { kind: 'library'; initiativeId: number | null }
  | { kind: 'cell'; initiativeId: number | undefined; which: HeatmapWhich; likelihood: number; impact: number };

interface RiskDialogApi {
  open: (d: RiskDialog) => void;
  /** Closes the top dialog and opens `d` in its place (the library's pick → the pre-filled form). */
  replace: (d: RiskDialog) => void;
  close: () => void;
}

const Ctx = createContext<RiskDialogApi | null>(null);

export function useRiskDialogs(): RiskDialogApi {
  const api = useContext(Ctx);
  if (!api) throw new Error('useRiskDialogs outside RiskDialogProvider');
  return api;
}

/** Holds a screen's stack of risk dialogs and renders it above the screen. */
export function RiskDialogProvider({ children }: { children: ReactNode }) {
  const [stack, setStack] = useState<RiskDialog[]>([]);
  const open = useCallback((d: RiskDialog) => setStack((s) => [...s, d]), []);
  const replace = useCallback((d: RiskDialog) => setStack((s) => [...s.slice(0, -1), d]), []);
  const close = useCallback(() => setStack((s) => s.slice(0, -1)), []);
  const api = useMemo(() => ({ open, replace, close }), [open, replace, close]);
  return (
    <Ctx.Provider value={api}>
      {children}
      {stack.map((d, i) => (
        <DialogFor key={i} dialog={d} onClose={close} />
      ))}
    </Ctx.Provider>
  );
}

function DialogFor({ dialog: d, onClose }: { dialog: RiskDialog; onClose: () => void }) {
  switch (d.kind) {
    case 'risk':
      return <RiskEditDialog id={d.id} onClose={onClose} />;
    case 'new':
      return <RiskCreateDialog initial={d.draft} fromLibrary={d.fromLibrary} onClose={onClose} />;
    case 'library':
      return <LibraryDialog initiativeId={d.initiativeId} onClose={onClose} />;
    case 'cell':
      return (
        <CellRisksDialog
          initiativeId={d.initiativeId}
          which={d.which}
          likelihood={d.likelihood}
          impact={d.impact}
          onClose={onClose}
        />
      );
  }
}
