import type { ExportRecord, PackSnapshot, Rag } from '../../../../shared/domain/pack/types';
import { errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { Dialog } from '../../components/Dialog';
import { formatDate, formatDateTime, plural } from '../../components/format';
import { toast } from '../../store/toasts';
import { FORMAT_LABEL, RAG_LABEL, formatBytes, shortHash } from './exportFormat';
import { useExports } from './exportsStore';
import './exports.css';

/** Tables whose changes may add an export to the history. */
const EXPORT_TABLES = ['export_snapshots'] as const;

/** Mounted once in the layout; the history of status packs, and one export's frozen snapshot. */
export function ExportHistoryHost() {
  const history = useExports((s) => s.history);
  if (!history) return null;
  return <ExportHistoryDialog snapshotId={history.snapshotId} />;
}

function ExportHistoryDialog({ snapshotId }: { snapshotId: number | null }) {
  const close = useExports((s) => s.closeHistory);
  const openHistory = useExports((s) => s.openHistory);
  return (
    <Dialog
      title={snapshotId === null ? 'Export history' : 'Export snapshot'}
      onClose={close}
      size="large"
      testId="export-history"
      actions={
        <>
          {snapshotId !== null && (
            <button type="button" className="button" onClick={() => openHistory(null)} data-testid="snapshot-back">
              ← All exports
            </button>
          )}
          <div className="spacer" />
          <button type="button" className="button primary" onClick={close}>
            Close
          </button>
        </>
      }
    >
      {snapshotId === null ? (
        <HistoryList onOpen={(id) => openHistory(id)} />
      ) : (
        <SnapshotLoader id={snapshotId} key={snapshotId} />
      )}
    </Dialog>
  );
}

function HistoryList({ onOpen }: { onOpen: (id: number) => void }) {
  const list = useQuery('export/history', {}, EXPORT_TABLES);
  if (list.error !== undefined && !list.data)
    return (
      <p className="form-error" role="alert" data-testid="export-history-error">
        Could not load the export history: {errorMessage(list.error)}
      </p>
    );
  if (!list.data)
    return (
      <p className="muted" aria-busy="true">
        Loading…
      </p>
    );
  return <ExportHistoryTable records={list.data} onOpen={onOpen} />;
}

export function ExportHistoryTable({ records, onOpen }: { records: ExportRecord[]; onOpen: (id: number) => void }) {
  if (records.length === 0)
    return (
      <div className="empty-state export-empty" data-testid="export-history-empty">
        <h3>No exports yet</h3>
        <p>
          Every status pack you export is listed here with the snapshot of what it showed and its SHA-256, so you can
          always tell what a pack said and when.
        </p>
      </div>
    );
  return (
    <div className="export-history-scroll">
      <table className="plain-table export-history-table" data-testid="export-history-table">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">By</th>
            <th scope="col">Format</th>
            <th scope="col">Scope</th>
            <th scope="col">File</th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col">SHA-256</th>
            <th scope="col">
              <span className="visually-hidden">Snapshot</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {records.map((r) => (
            <tr key={r.id} data-testid="export-history-row" data-export-id={r.id}>
              <td className="nowrap">{formatDateTime(r.createdAt)}</td>
              <td>{r.createdBy}</td>
              <td data-testid="export-format">{FORMAT_LABEL[r.format]}</td>
              <td>{r.scopeLabel}</td>
              <td className="export-file" title={r.fileName}>
                {r.fileName}
              </td>
              <td className="num nowrap">{formatBytes(r.fileBytes)}</td>
              <td>
                <HashChip sha256={r.fileSha256} label="file" />
              </td>
              <td>
                <button
                  type="button"
                  className="button small"
                  onClick={() => onOpen(r.id)}
                  data-testid="view-snapshot"
                  aria-label={`View snapshot of ${r.fileName}`}
                >
                  View snapshot
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function copyHash(sha256: string, label: string) {
  navigator.clipboard.writeText(sha256).then(
    () => toast.info(`SHA-256 of the ${label} copied`),
    (e: unknown) => toast.error(`Could not copy: ${errorMessage(e)}`),
  );
}

function HashCopy({ sha256, label }: { sha256: string; label: string }) {
  return (
    <button
      type="button"
      className="button small"
      onClick={() => copyHash(sha256, label)}
      aria-label={`Copy SHA-256 of the ${label}`}
    >
      Copy
    </button>
  );
}

/** A hash as its first digits; the whole one on hover and on Copy. */
function HashChip({ sha256, label }: { sha256: string; label: string }) {
  const copy = () => copyHash(sha256, label);
  return (
    <button
      type="button"
      className="hash-chip"
      title={`${sha256} (click to copy)`}
      onClick={copy}
      data-testid="export-sha"
      data-sha={sha256}
      aria-label={`Copy SHA-256 of the ${label}, ${shortHash(sha256)}`}
    >
      {shortHash(sha256)}
    </button>
  );
}

function SnapshotLoader({ id }: { id: number }) {
  const snap = useQuery('export/snapshot', { id }, EXPORT_TABLES);
  if (snap.error !== undefined && !snap.data)
    return (
      <p className="form-error" role="alert" data-testid="snapshot-error">
        Could not load the snapshot: {errorMessage(snap.error)}
      </p>
    );
  if (!snap.data)
    return (
      <p className="muted" aria-busy="true">
        Loading…
      </p>
    );
  return <SnapshotSummary record={snap.data} snapshot={snap.data.snapshot} />;
}

const RAGS: Rag[] = ['red', 'amber', 'green'];

/** "What did we tell the board in March": the frozen snapshot's headline, totals, RAG counts and initiatives. */
export function SnapshotSummary({ record, snapshot }: { record: ExportRecord; snapshot: PackSnapshot }) {
  const money = new Intl.NumberFormat('en', {
    style: 'currency',
    currency: snapshot.currency || 'USD',
    notation: 'compact',
    maximumFractionDigits: 1,
  });
  const t = snapshot.totals;
  return (
    <div className="snapshot" data-testid="snapshot-summary">
      <header className="snapshot-head">
        <h3 data-testid="snapshot-title">{snapshot.title}</h3>
        <p className="muted small-text">
          {snapshot.scope.label} · as of {formatDate(snapshot.asOf)} · exported {formatDateTime(record.createdAt)} by{' '}
          {record.createdBy} as {FORMAT_LABEL[record.format]} ({record.fileName})
        </p>
        <p className="snapshot-headline" data-testid="snapshot-headline">
          {snapshot.headline}
        </p>
      </header>
      <dl className="snapshot-totals">
        <Total label="Initiatives" value={t.initiatives.toLocaleString('en')} />
        <Total label="In production" value={t.inProduction.toLocaleString('en')} />
        <Total label="Critical risks" value={t.criticalRisks.toLocaleString('en')} />
        <Total label="Realized value YTD" value={money.format(t.realizedValueYtd)} />
        <Total label="Projected annual value" value={money.format(t.projectedValueAnnual)} />
        <Total label="Budget approved" value={money.format(t.budgetApproved)} />
        <Total label="Spend to date" value={money.format(t.spendToDate)} />
      </dl>
      <p className="snapshot-rag" data-testid="snapshot-rag">
        {RAGS.map((r) => (
          <span key={r} className={`rag-count rag-${r}`} data-rag={r}>
            <span className="rag-dot" aria-hidden="true" />
            {RAG_LABEL[r]} {t.byRag[r]}
          </span>
        ))}
      </p>
      {snapshot.initiatives.length === 0 ? (
        <p className="muted">The pack held no initiatives.</p>
      ) : (
        <div>
          <table className="plain-table" data-testid="snapshot-initiatives">
            <caption className="visually-hidden">
              {plural(snapshot.initiatives.length, 'initiative')} in the pack
            </caption>
            <thead>
              <tr>
                <th scope="col">Initiative</th>
                <th scope="col">Business unit</th>
                <th scope="col">Phase</th>
                <th scope="col">RAG</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {snapshot.initiatives.map((i) => {
                const worst = i.rag.dimensions.filter((d) => d.rag === i.rag.overall && d.rag !== 'green');
                return (
                  <tr key={i.id} data-testid="snapshot-initiative">
                    <td>{i.name}</td>
                    <td>{i.businessUnit || '—'}</td>
                    <td>{i.phaseLabel}</td>
                    <td>
                      <span className={`rag-count rag-${i.rag.overall}`} data-rag={i.rag.overall}>
                        <span className="rag-dot" aria-hidden="true" />
                        {RAG_LABEL[i.rag.overall]}
                      </span>
                    </td>
                    <td className="small-text">{worst.length > 0 ? worst.map((d) => d.reason).join('; ') : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <dl className="snapshot-hashes small-text">
        <dt>Snapshot SHA-256</dt>
        <dd>
          <code data-testid="snapshot-sha">{record.snapshotSha256}</code>{' '}
          <HashCopy sha256={record.snapshotSha256} label="snapshot" />
        </dd>
        <dt>File SHA-256</dt>
        <dd>
          <code>{record.fileSha256}</code> <HashCopy sha256={record.fileSha256} label="file" />
        </dd>
      </dl>
    </div>
  );
}

function Total({ label, value }: { label: string; value: string }) {
  return (
    <div className="snapshot-total">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
