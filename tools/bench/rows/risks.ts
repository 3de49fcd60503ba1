import type { RiskFilter, RiskPage, RiskHeatmap } from '../../../shared/domain/risk';
import type { Db } from '../../../electron/core/db/sqlite';
import { insertAll } from '../../../electron/core/demo/bulkInsert';
import { generateDemoRisks } from '../../../electron/core/demo/risks';
import type { InitiativeRecord } from '../../../electron/core/repositories/initiatives.repo';
import type { PersonRecord } from '../../../electron/core/repositories/people.repo';
import { HEATMAP_BASELINE_SQL, whereOf } from '../../../electron/core/repositories/risks.repo';
import { DEMO_NOW, SENDER, withDemoCore, type DemoCore } from '../demoCore';
import { interleaved } from '../stats';
import type { BenchContext, BenchRow } from '../types';

const RISKS = 100_000;
const PAGE = 100;
const TODAY = DEMO_NOW.toISOString().slice(0, 10);

/**
 * The 10k demo (about 25,000 risks of its own) topped up to exactly 100,000 risks with more demo registers
 * drawn from other seeds over the same initiatives and people, with their actions and controls. Not timed.
 */
export function topUp(db: Db): number {
  const initiatives = db.prepare('SELECT * FROM initiatives').all() as InitiativeRecord[];
  const people = db.prepare('SELECT * FROM people').all() as PersonRecord[];
  const count = () => db.prepare('SELECT count(*) FROM risks').pluck().get() as number;
  const next = (t: string) => db.prepare(`SELECT coalesce(max(id), 0) + 1 FROM ${t}`).pluck().get() as number;
  let seed = 1;
  db.transaction(() => {
    while (count() < RISKS) {
      const g = generateDemoRisks({ people, initiatives }, seed++, DEMO_NOW, {
        risk: next('risks'),
        action: next('risk_actions'),
        control: next('risk_controls'),
      });
      const room = RISKS - count();
      const risks = g.risks.slice(0, room);
      const last = risks.at(-1)?.id ?? 0;
      insertAll(db, 'risks', risks);
      insertAll(
        db,
        'risk_actions',
        g.actions.filter((a) => a.risk_id <= last),
      );
      insertAll(
        db,
        'risk_controls',
        g.controls.filter((c) => c.risk_id <= last),
      );
    }
  })();
  return count();
}

async function withRegister<T>(ctx: BenchContext, use: (d: DemoCore) => Promise<T>): Promise<T> {
  return withDemoCore(ctx, async (d) => {
    const n = topUp(d.db);
    if (n !== RISKS) throw new Error(`expected ${RISKS} risks, got ${n}`);
    return use(d);
  });
}

async function call<T>(d: DemoCore, channel: string, input: unknown): Promise<T> {
  const res = await d.dispatch(SENDER, channel, input);
  if (!res.ok) throw new Error(res.error.message);
  return res.value as T;
}

/** The same count + window the repository runs, as plain prepared SQL: no router, no validation, no rows built. */
function rawPage(db: Db, filter: RiskFilter): () => void {
  const w = whereOf(filter, TODAY);
  const total = db.prepare(`SELECT count(*) FROM ${w.countFrom} ${w.sql}`).raw(true);
  const rows = db
    .prepare(
      `SELECT r.id, r.title, r.residual_l, r.residual_i, i.name, p.name FROM risks r
       LEFT JOIN initiatives i ON i.id = r.initiative_id LEFT JOIN people p ON p.id = r.owner_id
       ${w.sql} ORDER BY r.residual_score DESC, r.id DESC LIMIT ${PAGE}`,
    )
    .raw(true);
  return () => {
    total.get(...w.params);
    rows.all(...w.params);
  };
}

/** Issue 5: "100,000 risks: the register opens ≤ 500 ms" — the first window the virtualized table asks for. */
const firstPage: BenchRow = {
  figure: 'risk register first page, 100,000 risks (risk/list)',
  target: { ms: 500, on: 'p95' },
  run: (ctx) =>
    withRegister(ctx, async (d) => {
      let total = 0;
      const raw = rawPage(d.db, {});
      const r = await interleaved(
        ctx.runs,
        3,
        async () => {
          total = (await call<RiskPage>(d, 'risk/list', { limit: PAGE })).total;
        },
        raw,
      );
      return {
        ...r,
        baselineLabel: 'raw count + first 100 rows, same SQL',
        note: `${total.toLocaleString('en')} open risks of ${RISKS.toLocaleString('en')}; window of ${PAGE} rows with names`,
      };
    }),
};

/** Issue 5: "a filter change ≤ 100 ms": each sample switches to the next filter of the table's filter bar. */
const filterChange: BenchRow = {
  figure: 'risk register filter change, 100,000 risks (risk/list)',
  target: { ms: 100, on: 'p95' },
  run: (ctx) =>
    withRegister(ctx, async (d) => {
      const owner = d.db
        .prepare('SELECT owner_id FROM risks WHERE owner_id IS NOT NULL LIMIT 1')
        .pluck()
        .get() as number;
      const filters: RiskFilter[] = [
        { categories: ['SECURITY'] },
        { bands: ['CRITICAL', 'HIGH'] },
        { ownerIds: [owner] },
        { overdueReview: true },
        { overdueAction: true },
        { aboveAppetite: true },
        { categories: ['AGENTIC_AUTONOMY'], bands: ['HIGH'] },
        { search: 'injection' },
      ];
      const raws = filters.map((f) => rawPage(d.db, f));
      let k = 0;
      let j = 0;
      const totals: number[] = [];
      const r = await interleaved(
        ctx.runs,
        3,
        async () => {
          const page = await call<RiskPage>(d, 'risk/list', { filter: filters[k++ % filters.length], limit: PAGE });
          if (totals.length < filters.length) totals.push(page.total);
        },
        () => raws[j++ % raws.length]!(),
      );
      return {
        ...r,
        baselineLabel: 'raw count + first 100 rows of the same filters',
        note: `${filters.length} filters in turn (category, band, owner, overdue review/action, above appetite, search); matches ${totals.join(' / ')}`,
      };
    }),
};

/** Issue 5: "the portfolio heatmap ≤ 300 ms (baseline: the raw aggregate SQL in the same run)". */
const heatmap: BenchRow = {
  figure: 'portfolio risk heatmap, 100,000 risks (risk/heatmap)',
  target: { ms: 300, on: 'p95' },
  run: (ctx) =>
    withRegister(ctx, async (d) => {
      const raw = d.db.prepare(HEATMAP_BASELINE_SQL).raw(true);
      let total = 0;
      let which: 'residual' | 'inherent' = 'residual';
      const r = await interleaved(
        ctx.runs,
        3,
        async () => {
          total = (await call<RiskHeatmap>(d, 'risk/heatmap', { which })).total;
          which = which === 'residual' ? 'inherent' : 'residual';
        },
        () => raw.all(),
      );
      return {
        ...r,
        baselineLabel: 'raw GROUP BY residual L, I over open risks',
        note: `residual and inherent in turn; ${total.toLocaleString('en')} open risks in 25 cells`,
      };
    }),
};

export const riskRows: BenchRow[] = [firstPage, filterChange, heatmap];
