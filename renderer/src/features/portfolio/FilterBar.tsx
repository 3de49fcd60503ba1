import { INITIATIVE_TYPES, STATUSES } from '../../../../shared/domain/enums';
import type { PersonRow } from '../../../../shared/domain/person';
import { PHASES } from '../../../../shared/domain/phases';
import { hasActiveFilters, useFilters, type Filters } from '../../store/filters';

interface FilterBarProps {
  people: readonly PersonRow[];
  businessUnits: readonly string[];
}

/** Narrowing controls for the portfolio. Values live in the filter store so they survive view switches. */
export function FilterBar({ people, businessUnits }: FilterBarProps) {
  const f = useFilters();
  const set = f.set;
  const active = hasActiveFilters(f);

  return (
    <div className="filter-bar" role="search" aria-label="Filter initiatives">
      <Select label="Phase" testId="filter-phase" value={f.phase} onChange={(v) => set('phase', v as Filters['phase'])}>
        <option value="">All phases</option>
        {PHASES.map((p) => (
          <option key={p.id} value={p.id}>
            {p.n}. {p.short}
          </option>
        ))}
      </Select>
      <Select label="Type" testId="filter-type" value={f.type} onChange={(v) => set('type', v as Filters['type'])}>
        <option value="">All types</option>
        {INITIATIVE_TYPES.items.map((t) => (
          <option key={t.id} value={t.id}>
            {t.label}
          </option>
        ))}
      </Select>
      <Select label="Business unit" testId="filter-bu" value={f.businessUnit} onChange={(v) => set('businessUnit', v)}>
        <option value="">All business units</option>
        {businessUnits.map((bu) => (
          <option key={bu} value={bu}>
            {bu}
          </option>
        ))}
      </Select>
      <Select label="Owner" testId="filter-owner" value={f.owner} onChange={(v) => set('owner', v)}>
        <option value="">Any owner</option>
        {people.map((p) => (
          <option key={p.id} value={String(p.id)}>
            {p.name}
          </option>
        ))}
      </Select>
      <Select
        label="Status"
        testId="filter-status"
        value={f.status}
        onChange={(v) => set('status', v as Filters['status'])}
      >
        <option value="">Any status</option>
        {STATUSES.items.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </Select>
      <button
        type="button"
        className={`toggle-button${f.missingOwner ? ' on' : ''}`}
        aria-pressed={f.missingOwner}
        data-testid="filter-missing-owner"
        onClick={() => set('missingOwner', !f.missingOwner)}
      >
        Missing owner
      </button>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={f.showArchived}
          onChange={(e) => set('showArchived', e.target.checked)}
          data-testid="filter-archived"
        />
        Show archived
      </label>
      {active && (
        <button type="button" className="link-button" onClick={f.clear} data-testid="clear-filters">
          Clear filters
        </button>
      )}
    </div>
  );
}

function Select({
  label,
  testId,
  value,
  onChange,
  children,
}: {
  label: string;
  testId: string;
  value: string;
  onChange: (v: string) => void;
  children: React.ReactNode;
}) {
  return (
    <select
      className={`select${value ? ' has-value' : ''}`}
      aria-label={label}
      title={label}
      data-testid={testId}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    >
      {children}
    </select>
  );
}
