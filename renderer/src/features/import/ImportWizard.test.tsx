import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ImportPreview, ImportResult, PreviewRow } from '../../../../shared/domain/import/types';
import { mappingProfileSchema } from '../../../../shared/domain/import/types';
import { IMPORT_FIELDS } from '../../../../shared/domain/import/types';
import { ImportStep, ResultView, progressText } from './ImportWizard';
import { filterRows, previewFields, problemText } from './PreviewGrid';

const rows: PreviewRow[] = [
  { row: 3, action: 'create', values: { name: 'A' }, problems: [], warnings: [] },
  { row: 4, action: 'update', values: { name: 'B' }, problems: [], warnings: [] },
  {
    row: 5,
    action: 'reject',
    values: {},
    problems: [
      { row: 5, column: 'Use Case Name', reason: 'is empty' },
      { row: 5, column: '', reason: 'the row has 3 cells too many' },
    ],
    warnings: [],
  },
];

describe('preview helpers', () => {
  it('filters rows by action', () => {
    expect(filterRows(rows, 'all')).toHaveLength(3);
    expect(filterRows(rows, 'reject').map((r) => r.row)).toEqual([5]);
    expect(filterRows(rows, 'update').map((r) => r.row)).toEqual([4]);
  });

  it('writes problems as "column: reason", the row as a whole without a column', () => {
    expect(problemText(rows[2]!.problems)).toBe('Use Case Name: is empty; the row has 3 cells too many');
  });

  it('shows the fields the mapping reads or defaults, in field order', () => {
    const profile = mappingProfileSchema.parse({
      name: 'p',
      columns: [
        { field: 'plannedEnd', headers: ['End'] },
        { field: 'name', headers: ['Name'] },
      ],
      defaults: { phase: 'STRATEGY' },
    });
    const preview = { profile } as Pick<ImportPreview, 'profile'>;
    expect(previewFields(preview, IMPORT_FIELDS)).toEqual(['name', 'phase', 'plannedEnd']);
  });

  it('puts the core’s phase into words with a percentage', () => {
    expect(progressText({ phase: 'checking', done: 250, total: 1000 })).toBe('Checking the rows… 25 %');
    expect(progressText({ phase: 'writing', done: 0, total: 0 })).toBe('Writing to the portfolio…');
    expect(progressText({ phase: 'other', done: 1, total: 1 })).toBe('Other… 100 %');
  });
});

describe('ResultView', () => {
  const result: ImportResult = {
    profile: 'Federal 2025',
    imported: 1200,
    updated: 3,
    rejected: 2,
    rejects: [
      { row: 7, column: 'Stage', reason: 'is not a phase' },
      { row: 9, column: '', reason: 'duplicate of row 8' },
    ],
    peopleCreated: 0,
    committed: true,
  };

  it('shows the counts, the rejects and the way to save them, and Undo when the core can undo it', () => {
    const out = renderToStaticMarkup(
      <ResultView result={result} run={{ undoable: true, undone: false }} onSaveRejects={() => {}} onUndo={() => {}} />,
    );
    expect(out).toContain('Imported 1,200 new, updated 3, rejected 2.');
    expect(out).toContain('Save rejects as CSV…');
    expect(out).toContain('Undo import');
    expect(out).toContain('is not a phase');
    expect(out).toContain('<td>—</td>');
  });

  it('says nothing was imported when all-or-nothing met rejects, and offers no Undo', () => {
    const out = renderToStaticMarkup(
      <ResultView
        result={{ ...result, imported: 0, updated: 0, committed: false }}
        run={{ undoable: false, undone: false }}
        onSaveRejects={() => {}}
        onUndo={() => {}}
      />,
    );
    expect(out).toContain('Nothing was imported: 2 rows were rejected.');
    expect(out).not.toContain('Undo import');
  });
});

describe('ImportStep', () => {
  const preview = {
    counts: { total: 10_000, create: 9_990, update: 0, reject: 10 },
  } as ImportPreview;

  it('shows a labelled progress bar with the phase, and locks the mode while running', () => {
    const out = renderToStaticMarkup(
      <ImportStep
        preview={preview}
        mode="validOnly"
        onMode={() => {}}
        run={{ status: 'running', jobId: 'j', phase: 'checking', done: 4_000, total: 10_000, cancelling: false }}
        onSaveRejects={() => {}}
        onUndo={() => {}}
      />,
    );
    expect(out).toContain('9,990 to create, 0 to update, 10 rejected, of 10,000 rows.');
    expect(out).toMatch(
      /<progress[^>]*max="10000"[^>]*value="4000"[^>]*aria-label="Import progress"|<progress[^>]*aria-label="Import progress"/,
    );
    expect(out).toContain('Checking the rows… 40 %');
    expect(out).toMatch(/<fieldset[^>]*disabled/);
  });

  it('says a cancelled import changed nothing', () => {
    const out = renderToStaticMarkup(
      <ImportStep
        preview={preview}
        mode="allOrNothing"
        onMode={() => {}}
        run={{ status: 'cancelled' }}
        onSaveRejects={() => {}}
        onUndo={() => {}}
      />,
    );
    expect(out).toContain('Import cancelled; nothing was changed.');
  });
});
