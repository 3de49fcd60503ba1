import type { FormEvent, ReactNode } from 'react';
import { Dialog } from './Dialog';

interface FormDialogProps {
  title: string;
  onClose: () => void;
  /** The form's id (the submit button sits in the dialog's footer, outside the form) and its test id. */
  formId: string;
  submitLabel: string;
  busy: boolean;
  /** A message for the form as a whole (what no single field owns), shown above the fields. */
  formError?: string | null | undefined;
  onSubmit: (e: FormEvent) => void;
  size?: 'small' | 'medium' | 'large';
  /** form-grid lays fields out in two columns, form-stack in one. */
  layout?: 'form-grid' | 'form-stack';
  children: ReactNode;
}

/** A dialog holding one form: Cancel and the submit button in the footer, the form-wide error on top. */
export function FormDialog({
  title,
  onClose,
  formId,
  submitLabel,
  busy,
  formError,
  onSubmit,
  size = 'large',
  layout = 'form-grid',
  children,
}: FormDialogProps) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      size={size}
      testId={formId}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={formId} className="button primary" disabled={busy} data-testid="save">
            {submitLabel}
          </button>
        </>
      }
    >
      <form id={formId} className={layout} onSubmit={onSubmit} noValidate>
        {formError && (
          <p className={`form-error${layout === 'form-grid' ? ' span-2' : ''}`} role="alert">
            {formError}
          </p>
        )}
        {children}
      </form>
    </Dialog>
  );
}
