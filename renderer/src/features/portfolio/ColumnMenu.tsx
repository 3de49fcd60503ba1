import { usePopover } from '../../components/usePopover';
import type { ColumnVisibilityState } from '@tanstack/react-table';
import { portfolioColumns } from './columns';

/** The columns a user may hide: all but the name and the filter-only ones. */
const HIDEABLE = portfolioColumns
  .map((c) => ({
    id: c.id ?? ('accessorKey' in c ? String(c.accessorKey) : ''),
    label: c.meta?.label ?? '',
    canHide: c.enableHiding !== false,
  }))
  .filter((c) => c.canHide && c.id);

interface ColumnMenuProps {
  visibility: ColumnVisibilityState;
  onChange: (v: ColumnVisibilityState) => void;
}

/** A small popover of checkboxes. Closes on Esc or a click elsewhere. */
export function ColumnMenu({ visibility, onChange }: ColumnMenuProps) {
  const { open, setOpen, ref } = usePopover<HTMLDivElement>();

  return (
    <div
      className="popover-anchor"
      ref={ref}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
        }
      }}
    >
      <button
        type="button"
        className="button"
        aria-expanded={open}
        aria-haspopup="true"
        data-testid="column-menu-button"
        onClick={() => setOpen((o) => !o)}
      >
        Columns
      </button>
      {open && (
        <div className="popover" data-testid="column-menu">
          <fieldset>
            <legend>Show columns</legend>
            {HIDEABLE.map((c) => (
              <label key={c.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={visibility[c.id] !== false}
                  onChange={(e) => onChange({ ...visibility, [c.id]: e.target.checked })}
                  data-column={c.id}
                />
                {c.label}
              </label>
            ))}
          </fieldset>
        </div>
      )}
    </div>
  );
}
