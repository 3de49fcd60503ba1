import { createContext, useContext, useId, type ReactNode, type SelectHTMLAttributes } from 'react';

/**
 * Inputs of the model editor. Each knows its model path (`drivers.2.low`, `costs.1.inputs.requests`): the
 * error for that path is shown right beside it once the field was left (or a save was tried), and the
 * path is on the element as data-path so tests and the save's focus-first-error can find it.
 */

export interface EditorErrors {
  /** The message for a path if it should be visible now. */
  errorFor: (path: string) => string | undefined;
  touch: (path: string) => void;
  readOnly: boolean;
}

export const EditorContext = createContext<EditorErrors>({
  errorFor: () => undefined,
  touch: () => undefined,
  readOnly: false,
});

export const useEditor = () => useContext(EditorContext);

interface BaseProps {
  path: string;
  /** The accessible name (tables have no visible label per cell). */
  label: string;
  /** Shown above the control; when absent the label is for screen readers only. */
  visibleLabel?: boolean;
  /** The visible part of a long label ("Year 1" of "Tickets per year: year 1"); the rest is for screen readers. */
  shortLabel?: string;
  className?: string;
  hint?: string;
  suffix?: ReactNode;
}

function Wrap({
  id,
  path,
  label,
  visibleLabel,
  shortLabel,
  className,
  error,
  hint,
  children,
}: BaseProps & { id: string; error: string | undefined; children: ReactNode }) {
  return (
    <div className={`roi-field${error ? ' has-error' : ''}${className ? ` ${className}` : ''}`} data-field={path}>
      {visibleLabel && (
        <label htmlFor={id}>
          {shortLabel ? (
            <>
              <span className="visually-hidden">{label.slice(0, label.length - shortLabel.length)}</span>
              {shortLabel}
            </>
          ) : (
            label
          )}
        </label>
      )}
      {children}
      {hint && !error && (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-error`} data-testid="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

function describedBy(id: string, error: string | undefined, hint: string | undefined): string | undefined {
  return [error ? `${id}-error` : null, hint && !error ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
}

export function TextInput({
  path,
  label,
  visibleLabel,
  shortLabel,
  className,
  hint,
  suffix,
  value,
  onChange,
  inputMode,
  placeholder,
  mono,
  onCommit,
}: BaseProps & {
  value: string;
  onChange: (v: string) => void;
  inputMode?: 'decimal' | 'numeric' | 'text';
  placeholder?: string;
  mono?: boolean;
  /** Called when the field is left with a value other than the one it had when it got the focus. */
  onCommit?: (before: string, after: string) => void;
}) {
  const id = useId();
  const { errorFor, touch, readOnly } = useEditor();
  const error = errorFor(path);
  const input = (
    <input
      id={id}
      className={`input${mono ? ' mono' : ''}`}
      value={value}
      data-path={path}
      aria-label={visibleLabel ? undefined : label}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(id, error, hint)}
      inputMode={inputMode}
      placeholder={placeholder}
      readOnly={readOnly}
      spellCheck={false}
      autoComplete="off"
      onChange={(e) => onChange(e.target.value)}
      onFocus={(e) => {
        e.currentTarget.dataset.before = e.currentTarget.value;
      }}
      onBlur={(e) => {
        touch(path);
        const before = e.currentTarget.dataset.before;
        if (onCommit && before !== undefined && before !== e.currentTarget.value)
          onCommit(before, e.currentTarget.value);
      }}
    />
  );
  return (
    <Wrap
      id={id}
      path={path}
      label={label}
      visibleLabel={visibleLabel}
      shortLabel={shortLabel}
      className={className}
      error={error}
      hint={hint}
    >
      {suffix ? (
        <span className="roi-suffixed">
          {input}
          <span className="roi-suffix" aria-hidden="true">
            {suffix}
          </span>
        </span>
      ) : (
        input
      )}
    </Wrap>
  );
}

export function SelectInput({
  path,
  label,
  visibleLabel,
  className,
  hint,
  value,
  onChange,
  options,
  ...rest
}: BaseProps & {
  value: string;
  onChange: (v: string) => void;
  options: readonly { id: string; label: string }[];
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'>) {
  const id = useId();
  const { errorFor, touch, readOnly } = useEditor();
  const error = errorFor(path);
  return (
    <Wrap id={id} path={path} label={label} visibleLabel={visibleLabel} className={className} error={error} hint={hint}>
      <select
        {...rest}
        id={id}
        className="select"
        value={value}
        data-path={path}
        aria-label={visibleLabel ? undefined : label}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        disabled={readOnly}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => touch(path)}
      >
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrap>
  );
}

export function TextArea({
  path,
  label,
  value,
  onChange,
  className,
}: {
  path: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  className?: string;
}) {
  const id = useId();
  const { errorFor, touch, readOnly } = useEditor();
  const error = errorFor(path);
  return (
    <Wrap id={id} path={path} label={label} visibleLabel className={className} error={error}>
      <textarea
        id={id}
        className="input roi-notes"
        rows={2}
        value={value}
        data-path={path}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, undefined)}
        readOnly={readOnly}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => touch(path)}
      />
    </Wrap>
  );
}
