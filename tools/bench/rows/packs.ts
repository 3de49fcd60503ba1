import { join } from 'node:path';
import ExcelJS from 'exceljs';
import PptxGenJS from 'pptxgenjs';
import type { ExportFormat } from '../../../shared/domain/pack/types';
import type { Db } from '../../../electron/core/db/sqlite';
import { renderPack, storeExport } from '../../../electron/core/exports/pack';
import { chromiumPdfEngine, findChromium } from '../../../electron/core/exports/render/chromiumPdf';
import { buildPackSnapshot } from '../../../electron/core/exports/snapshot';
import type { PdfEngine } from '../../../electron/core/ports';
import { openOrThrow, writePortfolioFile } from '../../../electron/core/testing/portfolio-files';
import { DEMO_NOW, DEMO_SEED } from '../demoCore';
import { interleaved } from '../stats';
import type { BenchContext, BenchRow, RowOutcome } from '../types';

/**
 * Issue 7: "a 50-initiative portfolio pack: PDF ≤ 8 s, PPTX ≤ 8 s, XLSX ≤ 5 s". Each repetition is the whole
 * export as the app and the CLI run it on a 50-initiative demo file: the snapshot from the database, the render,
 * and the atomic write with its frozen record. Baselines are the bare libraries doing the least of the same job.
 */
const SIZE = 50;
const AS_OF = DEMO_NOW.toISOString().slice(0, 10);

async function withPackFile<T>(ctx: BenchContext, use: (db: Db, dir: string) => Promise<T>): Promise<T> {
  const dir = ctx.temp.make('fd-bench-pack-');
  const path = join(dir, 'pack.flightdeck');
  writePortfolioFile(path, { size: SIZE, seed: DEMO_SEED, now: DEMO_NOW });
  const db = openOrThrow(path);
  try {
    return await use(db, dir);
  } finally {
    db.close();
  }
}

async function exportOnce(
  db: Db,
  dir: string,
  format: ExportFormat,
  n: number,
  pdfEngine?: PdfEngine,
): Promise<number> {
  const snapshot = buildPackSnapshot(db, {}, { asOf: AS_OF, now: DEMO_NOW, actor: 'bench' });
  const bytes = await renderPack(snapshot, format, pdfEngine ? { pdfEngine } : {});
  storeExport(db, {
    snapshot,
    format,
    path: join(dir, `pack-${n}.${format}`),
    bytes,
    meta: { actor: 'bench', at: DEMO_NOW.toISOString() },
  });
  return bytes.length;
}

const ONE_PARAGRAPH =
  '<!doctype html><html><head><meta charset="utf-8"><style>@page { size: A4 landscape; }</style></head>' +
  '<body><p>Flightdeck status pack baseline: one paragraph.</p></body></html>';

const pdfRow: BenchRow = {
  figure: `status pack PDF, ${SIZE} initiatives`,
  target: { ms: 8000, on: 'p95' },
  async run(ctx): Promise<RowOutcome> {
    const exe = findChromium();
    if (!exe) return { skipped: 'no Chromium found (set FLIGHTDECK_CHROMIUM)' };
    const engine = chromiumPdfEngine({ executablePath: exe });
    return withPackFile(ctx, async (db, dir) => {
      let n = 0;
      let bytes = 0;
      // Each print starts a browser: a few runs say enough and keep the bench short.
      const r = await interleaved(
        Math.min(ctx.runs, 3),
        1,
        async () => (bytes = await exportOnce(db, dir, 'pdf', n++, engine)),
        () => engine.htmlToPdf(ONE_PARAGRAPH),
      );
      return {
        ...r,
        baselineLabel: 'the same headless Chromium printing a one-paragraph page',
        note: `snapshot + charts + print + atomic write and record; ${(bytes / 1024).toFixed(0)} KiB`,
      };
    });
  },
};

const pptxRow: BenchRow = {
  figure: `status pack PPTX, ${SIZE} initiatives`,
  target: { ms: 8000, on: 'p95' },
  run: (ctx) =>
    withPackFile(ctx, async (db, dir) => {
      let n = 0;
      let bytes = 0;
      const r = await interleaved(
        Math.min(ctx.runs, 5),
        1,
        async () => (bytes = await exportOnce(db, dir, 'pptx', n++)),
        async () => {
          const pptx = new PptxGenJS();
          for (let i = 1; i <= 10; i++) pptx.addSlide().addText(`Slide ${i}`, { x: 0.5, y: 0.5, w: 9, h: 1 });
          await pptx.write({ outputType: 'nodebuffer' });
        },
      );
      return {
        ...r,
        baselineLabel: 'pptxgenjs writing 10 text-only slides',
        note: `snapshot + charts + deck + atomic write and record; ${(bytes / 1024).toFixed(0)} KiB`,
      };
    }),
};

/** Cells with a value in every sheet of a workbook: the baseline writes as many plain ones. */
async function cellCount(buffer: Buffer): Promise<number> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  let cells = 0;
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell(() => cells++)));
  return cells;
}

const xlsxRow: BenchRow = {
  figure: `status pack XLSX, ${SIZE} initiatives`,
  target: { ms: 5000, on: 'p95' },
  run: (ctx) =>
    withPackFile(ctx, async (db, dir) => {
      const probe = await renderPack(buildPackSnapshot(db, {}, { asOf: AS_OF, now: DEMO_NOW, actor: 'bench' }), 'xlsx');
      const cells = await cellCount(probe);
      const width = 20;
      let n = 0;
      const r = await interleaved(
        Math.min(ctx.runs, 5),
        1,
        () => exportOnce(db, dir, 'xlsx', n++),
        async () => {
          const wb = new ExcelJS.Workbook();
          const ws = wb.addWorksheet('Cells');
          for (let row = 0; row * width < cells; row++) {
            ws.addRow(Array.from({ length: Math.min(width, cells - row * width) }, (_, c) => row * width + c));
          }
          await wb.xlsx.writeBuffer();
        },
      );
      return {
        ...r,
        baselineLabel: `exceljs writing the same ${cells.toLocaleString('en')} plain cells`,
        note: `snapshot + workbook + atomic write and record; ${(probe.length / 1024).toFixed(0)} KiB`,
      };
    }),
};

export const packRows: readonly BenchRow[] = [pdfRow, pptxRow, xlsxRow];
