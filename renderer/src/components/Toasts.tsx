import { undo } from '../app/commands';
import { useToasts } from '../store/toasts';

/** Confirmations of changes, each with Undo for the change it reports. */
export function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.tone}`} data-testid="toast">
          <span className="toast-message">{t.message}</span>
          {t.undoable && (
            <button
              type="button"
              className="link-button"
              data-testid="toast-undo"
              onClick={() => {
                dismiss(t.id);
                void undo();
              }}
            >
              Undo
            </button>
          )}
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
