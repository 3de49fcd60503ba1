import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { PackSnapshot } from '../../../../shared/domain/pack/types';
import type { PdfEngine } from '../../ports';
import { fixtureSnapshot } from './fixture';
import { renderPackHtml, renderPdf } from './pdf';
import { renderPptx } from './pptx';
import { renderXlsx } from './xlsx';

/** A portfolio with nothing in it: every renderer still writes a sensible file. */
function emptySnapshot(): PackSnapshot {
  const base = fixtureSnapshot({ initiatives: 3 });
  return {
    ...base,
    headline: 'Nothing in scope.',
    totals: {
      ...base.totals,
      initiatives: 0,
      inProduction: 0,
      criticalRisks: 0,
      realizedValueYtd: 0,
      projectedValueAnnual: 0,
      budgetApproved: 0,
      spendToDate: 0,
      byPhase: base.totals.byPhase.map((p) => ({ ...p, count: 0 })),
      byRag: { green: 0, amber: 0, red: 0 },
    },
    initiatives: [],
    topRisks: [],
    decisions: [],
    gates: [],
    milestones: [],
    watchlist: [],
    agents: null,
  };
}

const pdfEngine: PdfEngine = { htmlToPdf: () => Promise.resolve(Buffer.from('%PDF-1.7')) };

describe('renderers on edge cases', () => {
  it('render an empty portfolio', async () => {
    const s = emptySnapshot();
    const html = renderPackHtml(s);
    expect(html).toContain('No open risks recorded.');
    expect(html).toContain('No decisions needed.');
    expect(html).toContain('No milestones in the next 90 days.');
    await expect(renderPdf(s, pdfEngine)).resolves.toBeInstanceOf(Buffer);
    expect((await renderPptx(s)).length).toBeGreaterThan(1000);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(s)) as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Initiatives')?.rowCount).toBe(1);
  });

  it("print the pack model's own RAG rules and definitions when the snapshot carries them", async () => {
    const s: PackSnapshot = {
      ...fixtureSnapshot({ initiatives: 2 }),
      ragRules: [{ dimension: 'Budget', rule: 'EAC <= 105% & burn <= 1.10 (rule from the model)' }],
      definitions: [{ term: 'Burn index', definition: 'Actual ÷ planned cost to date (model wording).' }],
    };
    const html = renderPackHtml(s);
    expect(html).toContain('EAC &lt;= 105% &amp; burn &lt;= 1.10 (rule from the model)');
    expect(html).toContain('Actual ÷ planned cost to date (model wording).');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(s)) as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.getWorksheet('README')?.eachRow((r) => r.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain('EAC <= 105% & burn <= 1.10 (rule from the model)');
    expect(cells).toContain('Actual ÷ planned cost to date (model wording).');
  });

  it('render nulls everywhere and an unusual currency', async () => {
    const base = fixtureSnapshot({ initiatives: 4 });
    const s: PackSnapshot = {
      ...base,
      currency: 'CHF',
      initiatives: base.initiatives.map((x) => ({
        ...x,
        sponsor: null,
        productOwner: null,
        techLead: null,
        plannedStart: null,
        plannedEnd: null,
        actualStart: null,
        nextGate: null,
        monitoring: null,
        value: { realizedYtd: null, projectedAnnual: null, npv: null, roiPct: null },
        budget: { approved: null, actualToDate: null, eac: null, variancePct: null, burnIndex: null },
        kpis: x.kpis.map((k) => ({
          ...k,
          baseline: null,
          current: null,
          target: null,
          pctOfPlan: null,
          trend: null,
          measuredAt: null,
        })),
      })),
    };
    const html = renderPackHtml(s);
    expect(html).toContain('No gate pending.');
    expect((await renderPptx(s)).length).toBeGreaterThan(1000);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(s)) as unknown as ArrayBuffer);
    const roi = wb.getWorksheet('ROI');
    expect(roi?.getRow(2).getCell(3).value).toBeNull();
    expect(String(roi?.getRow(2).getCell(3).numFmt)).toContain('CHF');
  });
});
