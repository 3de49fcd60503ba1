import { useState, type ReactNode } from 'react';
import { Dialog } from './Dialog';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  onConfirm: () => Promise<void> | void;
  onCancel: () => void;
}

/** Asks before doing something; the safe choice (Cancel) has the initial focus. */
export function ConfirmDialog({ title, children, confirmLabel, destructive, onConfirm, onCancel }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      size="small"
      role="alertdialog"
      testId="confirm-dialog"
      initialFocus="[data-cancel]"
      actions={
        <>
          <button type="button" className="button" data-cancel onClick={onCancel}>
            Cancel
          </button>
          <button
            type="button"
            className={destructive ? 'button danger' : 'button primary'}
            data-testid="confirm"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await onConfirm();
              } finally {
                setBusy(false);
              }
            }}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
