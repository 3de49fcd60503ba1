import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ExportRecord, PackInitiative, PackSnapshot } from '../../../../shared/domain/pack/types';
import { ExportHistoryTable, SnapshotSummary } from './ExportHistoryDialog';
import { PackDone, PackProgress } from './PackExportDialog';

const record: ExportRecord = {
  id: 4,
  createdAt: '2026-03-14T10:00:00.000Z',
  createdBy: 'Dana <PMO>',
  format: 'pptx',
  scopeLabel: 'Whole portfolio',
  fileName: 'board-march.pptx',
  fileSha256: 'ab'.repeat(32),
  fileBytes: 123_456,
  snapshotSha256: 'cd'.repeat(32),
};

const initiative = (i: Partial<PackInitiative>): PackInitiative =>
  ({
    id: 1,
    name: 'Claims triage',
    businessUnit: 'Claims',
    phaseLabel: 'Architecture design',
    rag: {
      overall: 'red',
      dimensions: [
        { dimension: 'schedule', rag: 'red', reason: 'Planned end slipped 20 % (red above 15 %)' },
        { dimension: 'budget', rag: 'green', reason: 'On budget' },
      ],
    },
    ...i,
  }) as PackInitiative;

const snapshot = {
  version: 1,
  title: 'AI portfolio status',
  scope: { kind: 'portfolio', label: 'Whole portfolio' },
  asOf: '2026-03-14',
  generatedAt: '2026-03-14T10:00:00.000Z',
  generatedBy: 'Dana',
  currency: 'USD',
  headline: '2 initiatives; 1 red on schedule.',
  totals: {
    initiatives: 2,
    inProduction: 1,
    criticalRisks: 0,
    realizedValueYtd: 1_250_000,
    projectedValueAnnual: 4_000_000,
    budgetApproved: 2_000_000,
    spendToDate: 800_000,
    byPhase: [],
    byRag: { green: 1, amber: 0, red: 1 },
  },
  initiatives: [
    initiative({}),
    initiative({ id: 2, name: '<script>x</script>', rag: { overall: 'green', dimensions: [] } }),
  ],
} as unknown as PackSnapshot;

describe('ExportHistoryTable', () => {
  it('lists each export with date, by, format, scope, file, size and a short hash; escapes text', () => {
    const html = renderToStaticMarkup(<ExportHistoryTable records={[record]} onOpen={() => undefined} />);
    expect(html).toContain('PPTX');
    expect(html).toContain('board-march.pptx');
    expect(html).toContain('123 kB');
    expect(html).toContain('>abababababab<');
    expect(html).toContain(`data-sha="${'ab'.repeat(32)}"`);
    expect(html).toContain('Dana &lt;PMO&gt;');
    expect(html).toContain('View snapshot');
  });

  it('says what the history is for when it is empty', () => {
    const html = renderToStaticMarkup(<ExportHistoryTable records={[]} onOpen={() => undefined} />);
    expect(html).toContain('No exports yet');
    expect(html).not.toContain('<table');
  });
});

describe('SnapshotSummary', () => {
  it('shows the headline, totals, RAG counts and each initiative with its RAG and why', () => {
    const html = renderToStaticMarkup(<SnapshotSummary record={record} snapshot={snapshot} />);
    expect(html).toContain('2 initiatives; 1 red on schedule.');
    expect(html).toContain('$1.3M');
    expect(html).toContain('Red 1');
    expect(html).toContain('Green 1');
    expect(html).toContain('Planned end slipped 20 % (red above 15 %)');
    expect(html).not.toContain('On budget');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('cd'.repeat(32));
  });
});

describe('PackExportDialog panels', () => {
  it('progress shows phase and done of total; before the first event it waits for the file name', () => {
    const html = renderToStaticMarkup(
      <PackProgress
        scopeLabel="Whole portfolio"
        format="pdf"
        progress={{ phase: 'rendering', done: 3, total: 12 }}
        cancelling={false}
      />,
    );
    expect(html).toContain('Exporting PDF · Whole portfolio');
    expect(html).toContain('Rendering the file · step 4 of 12');
    expect(html).toContain('max="12"');
    const waiting = renderToStaticMarkup(
      <PackProgress scopeLabel="Whole portfolio" format="xlsx" progress={null} cancelling={false} />,
    );
    expect(waiting).toContain('Waiting for the file name…');
  });

  it('done shows the path, size and a short, copyable SHA-256', () => {
    const html = renderToStaticMarkup(<PackDone result={{ path: '/tmp/board.pptx', ...record }} />);
    expect(html).toContain('/tmp/board.pptx');
    expect(html).toContain('123 kB');
    expect(html).toContain('abababababab…');
    expect(html).toContain('Copy');
    expect(html).toContain('PPTX exported · Whole portfolio');
  });
});
