import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PdfEngine } from '../ports';
import { FixedClock } from '../testing/fakes';
import { createTestCore, type TestCore } from '../testing/test-core';
import { canonicalJson } from '../exports/pack';

const NOW = '2026-11-01T09:00:00.000Z';
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** A PDF engine that returns a tiny PDF at once, or waits until its job is cancelled. */
function fakePdf(mode: 'ok' | 'wait' | 'fail'): PdfEngine & { started: Promise<void> } {
  let began: () => void = () => {};
  const started = new Promise<void>((r) => (began = r));
  return {
    started,
    htmlToPdf(html, opts) {
      began();
      if (mode === 'fail') return Promise.reject(new Error('printer on fire'));
      if (mode === 'ok') return Promise.resolve(Buffer.from(`%PDF-1.4\n% ${html.length}\n%%EOF\n`));
      return new Promise((_resolve, reject) => {
        opts?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
      });
    },
  };
}

let t: TestCore;
async function setup(pdfEngine?: PdfEngine) {
  t = createTestCore({
    demoSize: 30,
    clock: new FixedClock(NOW),
    actor: 'Test Lead',
    ...(pdfEngine ? { pdfEngine } : {}),
  });
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'demo' });
}
afterEach(() => t.dispose());

const exportRows = () => t.db().prepare('SELECT count(*) FROM export_snapshots').pluck().get() as number;
const filesIn = (dir: string) => readdirSync(dir).filter((f) => !f.startsWith('Portfolio'));

describe('export/pack', () => {
  beforeEach(() => setup(fakePdf('ok')));

  it('writes the Markdown pack, stores its frozen snapshot with both hashes, and audits it', async () => {
    const path = join(t.dir, 'pack.md');
    t.dialogs.queueSave(path);
    const r = await t.ok('export/pack', { format: 'md', jobId: 'job-1' });
    if ('cancelled' in r) throw new Error('cancelled');
    expect(t.dialogs.saveRequests[0]).toMatchObject({ defaultName: 'Flightdeck status pack 2026-11-01.md' });
    const bytes = readFileSync(path);
    expect(r).toMatchObject({
      path,
      format: 'md',
      fileName: 'pack.md',
      fileBytes: bytes.length,
      createdBy: 'Test Lead',
    });
    expect(r.fileSha256).toBe(sha(bytes));
    const stored = await t.ok('export/snapshot', { id: r.id });
    expect(stored.snapshotSha256).toBe(sha(canonicalJson(stored.snapshot)));
    expect(bytes.toString('utf8')).toContain(stored.snapshot.headline.slice(0, 20));
    const audit = t
      .db()
      .prepare(`SELECT action, after_json FROM audit_log WHERE entity_kind = 'export' AND entity_id = ?`)
      .get(r.id) as { action: string; after_json: string };
    expect(audit.action).toBe('export.create');
    expect(JSON.parse(audit.after_json)).toMatchObject({ fileSha256: r.fileSha256, snapshotSha256: r.snapshotSha256 });
    expect(t.events.of('db/changed').some((e) => e.tables.includes('export_snapshots'))).toBe(true);
    const progress = t.events.of('job/progress').filter((p) => p.jobId === 'job-1');
    expect(progress.at(-1)).toMatchObject({ phase: 'done', done: 3, total: 3 });
  });

  it('lists history newest first, and one initiative gets its own pack', async () => {
    t.dialogs.queueSave(join(t.dir, 'a.csv'));
    const a = await t.ok('export/pack', { format: 'csv' });
    t.clock.advanceDays(1);
    t.dialogs.queueSave(join(t.dir, 'b.pdf'));
    const b = await t.ok('export/pack', { format: 'pdf', initiativeId: 1 });
    if ('cancelled' in a || 'cancelled' in b) throw new Error('cancelled');
    expect(t.dialogs.saveRequests[1]?.defaultName).toMatch(/^Flightdeck status pack – .+ 2026-11-02\.pdf$/);
    expect(b.scopeLabel).not.toBe('Portfolio');
    const history = await t.ok('export/history');
    expect(history.map((h) => h.id)).toEqual([b.id, a.id]);
  });

  it('answers cancelled when the save dialog is dismissed, writing and storing nothing', async () => {
    expect(await t.ok('export/pack', { format: 'md' })).toEqual({ cancelled: true });
    expect(exportRows()).toBe(0);
  });

  it('keeps snapshots frozen and reports one altered outside the app', async () => {
    t.dialogs.queueSave(join(t.dir, 'p.md'));
    const r = await t.ok('export/pack', { format: 'md' });
    if ('cancelled' in r) throw new Error('cancelled');
    expect(() => t.db().prepare('UPDATE export_snapshots SET file_name = ? WHERE id = ?').run('x', r.id)).toThrow(
      /frozen/,
    );
    expect(() => t.db().prepare('DELETE FROM export_snapshots WHERE id = ?').run(r.id)).toThrow(/frozen/);
    t.db().exec('DROP TRIGGER export_snapshots_no_update');
    t.db()
      .prepare(
        `UPDATE export_snapshots SET snapshot_json = json_set(snapshot_json, '$.headline', 'All green!') WHERE id = ?`,
      )
      .run(r.id);
    const res = await t.invoke('export/snapshot', { id: r.id });
    expect(res.ok).toBe(false);
    if (!res.ok)
      expect(res.error).toMatchObject({
        code: 'DB_ERROR',
        message: expect.stringMatching(new RegExp(`Snapshot ${r.id} was altered`)),
      });
  });

  it('writes any table view as neutralised CSV', async () => {
    const path = join(t.dir, 'table.csv');
    t.dialogs.queueSave(path);
    const r = await t.ok('export/table', {
      title: 'Risks',
      defaultName: 'Risks',
      columns: ['Name', 'Score'],
      rows: [
        ['=cmd|x', 12],
        ['ok', null],
      ],
    });
    expect(r).toEqual({ path });
    expect(t.dialogs.saveRequests[0]?.defaultName).toBe('Risks.csv');
    expect(readFileSync(path, 'utf8')).toBe("\uFEFFName,Score\r\n'=cmd|x,12\r\nok,\r\n");
  });
});

describe('export/pack failures leave nothing behind', () => {
  it('a cancel while rendering: CANCELLED, no file, no temp file, no record', async () => {
    const engine = fakePdf('wait');
    await setup(engine);
    const path = join(t.dir, 'never.pdf');
    t.dialogs.queueSave(path);
    const pending = t.invoke('export/pack', { format: 'pdf', jobId: 'slow' });
    await engine.started;
    expect(await t.ok('job/cancel', { jobId: 'slow' })).toEqual({ cancelled: true });
    const r = await pending;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('CANCELLED');
    expect(existsSync(path)).toBe(false);
    expect(filesIn(t.dir)).toEqual([]);
    expect(exportRows()).toBe(0);
  });

  it('a cancel before rendering starts stops it at the first check', async () => {
    await setup(fakePdf('ok'));
    t.dialogs.queueSave(join(t.dir, 'early.md'));
    const pending = t.invoke('export/pack', { format: 'md', jobId: 'early' });
    await Promise.resolve();
    await t.ok('job/cancel', { jobId: 'early' });
    const r = await pending;
    expect(r.ok ? 'ok' : r.error.code).toBe('CANCELLED');
    expect(filesIn(t.dir)).toEqual([]);
    expect(exportRows()).toBe(0);
  });

  it('a failed render: the error, no file, no record', async () => {
    await setup(fakePdf('fail'));
    t.dialogs.queueSave(join(t.dir, 'broken.pdf'));
    const r = await t.invoke('export/pack', { format: 'pdf' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('printer on fire');
    expect(filesIn(t.dir)).toEqual([]);
    expect(exportRows()).toBe(0);
  });

  it('a folder that cannot be written: the rows roll back', async () => {
    await setup(fakePdf('ok'));
    t.dialogs.queueSave(join(t.dir, 'missing-folder', 'pack.md'));
    const r = await t.invoke('export/pack', { format: 'md' });
    expect(r.ok).toBe(false);
    expect(exportRows()).toBe(0);
    expect(t.db().prepare(`SELECT count(*) FROM audit_log WHERE entity_kind = 'export'`).pluck().get()).toBe(0);
  });
});
