import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import type { ImportField, ImportPreview, PreviewRow } from '../../../../shared/domain/import/types';
import { fieldLabel } from './mappingDraft';

export type ActionFilter = 'all' | PreviewRow['action'];

const ROW_HEIGHT = 32;
const ACTION_LABELS: Record<PreviewRow['action'], string> = { create: 'Create', update: 'Update', reject: 'Reject' };
const ACTION_TONES: Record<PreviewRow['action'], string> = { create: 'ok', update: 'accent', reject: 'danger' };

/** Field columns worth a grid column: the ones the mapping reads or fills by default, in the fields' order. */
export function previewFields(preview: Pick<ImportPreview, 'profile'>, order: readonly ImportField[]): ImportField[] {
  const used = new Set<ImportField>(preview.profile.columns.map((c) => c.field));
  for (const f of Object.keys(preview.profile.defaults) as ImportField[]) used.add(f);
  return order.filter((f) => used.has(f));
}

export function filterRows(rows: readonly PreviewRow[], filter: ActionFilter): readonly PreviewRow[] {
  return filter === 'all' ? rows : rows.filter((r) => r.action === filter);
}

/** "Column: reason" for each problem, as one line; '' for the row as a whole names no column. */
export function problemText(problems: PreviewRow['problems']): string {
  return problems.map((p) => (p.column ? `${p.column}: ${p.reason}` : p.reason)).join('; ');
}

function width(field: ImportField): string {
  return field === 'name'
    ? 'minmax(200px, 2fr)'
    : field === 'description'
      ? 'minmax(220px, 2fr)'
      : 'minmax(130px, 1fr)';
}

interface PreviewGridProps {
  rows: readonly PreviewRow[];
  fields: readonly ImportField[];
}

/** Every row of the preview, virtualized: row number, action, mapped values, problems and warnings. */
export function PreviewGrid({ rows, fields }: PreviewGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // No React Compiler in this build; the virtualizer drives its own re-renders.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (i) => rows[i]?.row ?? i,
  });
  const template = useMemo(() => ['64px', '88px', ...fields.map(width), 'minmax(260px, 3fr)'].join(' '), [fields]);
  const minWidth = 64 + 88 + fields.reduce((s, f) => s + (f === 'name' || f === 'description' ? 200 : 130), 0) + 260;

  return (
    <div
      className="import-grid-scroll"
      ref={scrollRef}
      role="region"
      aria-label="Preview of every row"
      tabIndex={0}
      data-testid="import-preview-grid"
    >
      <div
        role="table"
        aria-label="Rows to import"
        aria-rowcount={rows.length + 1}
        className="import-grid"
        style={{ ['--import-columns' as string]: template, minWidth }}
      >
        <div role="rowgroup" className="import-grid-head">
          <div role="row" aria-rowindex={1} className="import-grid-row">
            <span role="columnheader" className="import-th">
              Row
            </span>
            <span role="columnheader" className="import-th">
              Action
            </span>
            {fields.map((f) => (
              <span role="columnheader" className="import-th" key={f}>
                {fieldLabel(f)}
              </span>
            ))}
            <span role="columnheader" className="import-th">
              Problems
            </span>
          </div>
        </div>
        <div role="rowgroup" className="import-grid-body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = rows[item.index];
            if (!r) return null;
            const problems = problemText(r.problems);
            const warnings = problemText(r.warnings);
            return (
              <div
                role="row"
                aria-rowindex={item.index + 2}
                key={item.key}
                className={`import-grid-row import-body-row action-${r.action}`}
                style={{ transform: `translateY(${item.start}px)` }}
                data-testid="import-preview-row"
                data-action={r.action}
              >
                <span role="cell" className="import-td num">
                  {r.row}
                </span>
                <span role="cell" className="import-td">
                  <span className={`chip chip-${ACTION_TONES[r.action]}`}>{ACTION_LABELS[r.action]}</span>
                </span>
                {fields.map((f) => (
                  <span role="cell" className="import-td" key={f} title={r.values[f]}>
                    <span className="cell-text">{r.values[f] ?? ''}</span>
                  </span>
                ))}
                <span role="cell" className="import-td" title={[problems, warnings].filter(Boolean).join('\n')}>
                  <span className="cell-text">
                    {problems && <span className="import-problem">{problems}</span>}
                    {problems && warnings && ' · '}
                    {warnings && <span className="import-warning">{warnings}</span>}
                  </span>
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
