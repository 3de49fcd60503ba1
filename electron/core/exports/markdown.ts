import { formatMoney } from '../../../shared/domain/pack/rag';
import { RAG_DIMENSIONS, type PackSnapshot, type Rag } from '../../../shared/domain/pack/types';

/**
 * The status pack as Markdown (domain.md §5.1 order). Everything from the portfolio is escaped: a name like
 * `<script>` or `| evil |` stays text, cannot end a table cell, open a link, start a heading or become HTML.
 * Nothing here loads remote content (no images, no links).
 */

/** Markdown-inert text on one line: entities for HTML, backslashes for inline syntax, line starts defused. */
export function mdText(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value)
    // Control characters (ESC above all) would run as terminal escape sequences when the file is printed.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]{}|~!]/g, (c) => `\\${c}`);
  // Block syntax only bites at the start of a line: headings, list items, quotes, rules, setext underlines.
  s = s
    .replace(/^(\s*)([#+\-=])/, (_m, sp: string, mark: string) => `${sp}\\${mark}`)
    .replace(/^(\s*\d+)([.)])/, (_m, n: string, mark: string) => `${n}\\${mark}`);
  return s;
}

const RAG_WORD: Record<Rag, string> = { green: 'Green', amber: 'Amber', red: 'Red' };
const RAG_MARK: Record<Rag, string> = { green: '🟢 Green', amber: '🟠 Amber', red: '🔴 Red' };
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '_None._\n';
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

export function renderMarkdown(s: PackSnapshot): string {
  // Figures the pack computed (digits, separators, a sign, the currency), not user text: no escaping needed.
  const money = (x: number | null) => (x === null ? '–' : formatMoney(x, s.currency));
  const num = (x: number | null) => (x === null ? '–' : x.toLocaleString('en-US'));
  const t = s.totals;
  const out: string[] = [];
  out.push(`# ${mdText(s.title)}\n`);
  out.push(
    `${mdText(s.scope.label)} · as of ${mdText(s.asOf)} · generated ${mdText(s.generatedAt)} by ${mdText(s.generatedBy)}\n`,
  );

  out.push('## Headline\n');
  out.push(`${mdText(s.headline)}\n`);
  out.push(
    table(
      ['Realized value YTD', 'Spend to date', 'Budget', 'In production', 'Critical risks'],
      [
        [
          money(t.realizedValueYtd),
          money(t.spendToDate),
          money(t.budgetApproved),
          num(t.inProduction),
          num(t.criticalRisks),
        ],
      ],
    ),
  );

  out.push('## Portfolio snapshot\n');
  out.push(
    table(
      ['Phase', 'Initiatives'],
      t.byPhase.map((p) => [mdText(p.label), num(p.count)]),
    ),
  );
  out.push(
    table(
      ['RAG', 'Initiatives'],
      (['red', 'amber', 'green'] as const).map((r) => [RAG_MARK[r], num(t.byRag[r])]),
    ),
  );
  out.push(
    table(
      ['Initiative', 'Phase', 'Overall', ...RAG_DIMENSIONS.map(cap), 'Risk tier', 'Sponsor', 'Value YTD', 'Next gate'],
      s.initiatives.map((i) => [
        mdText(i.name),
        mdText(i.phaseLabel),
        RAG_MARK[i.rag.overall],
        ...RAG_DIMENSIONS.map((d) => {
          const c = i.rag.dimensions.find((x) => x.dimension === d);
          return c ? RAG_WORD[c.rag] : '–';
        }),
        mdText(i.riskTier),
        mdText(i.sponsor ?? 'Not named'),
        money(i.value.realizedYtd),
        i.nextGate
          ? mdText(
              `${i.nextGate.gate} ${i.nextGate.label} (${i.nextGate.status}${i.nextGate.dueDate ? `, ${i.nextGate.dueDate}` : ''})`,
            )
          : '–',
      ]),
    ),
  );

  out.push('## RAG with reasons\n');
  for (const i of s.initiatives) {
    out.push(`### ${mdText(i.name)}: ${RAG_WORD[i.rag.overall]}\n`);
    out.push(
      i.rag.dimensions.map((d) => `- **${cap(d.dimension)}: ${RAG_WORD[d.rag]}**: ${mdText(d.reason)}`).join('\n') +
        '\n',
    );
  }

  out.push('## KPIs vs target\n');
  out.push(
    table(
      ['Initiative', 'KPI', 'Baseline', 'Current', 'Target', '% of plan', 'Trend', 'Measured'],
      s.initiatives.flatMap((i) =>
        i.kpis.map((k) => [
          mdText(i.name),
          mdText(k.unit ? `${k.name} (${k.unit})` : k.name),
          num(k.baseline),
          num(k.current),
          num(k.target),
          k.pctOfPlan === null ? '–' : `${Math.round(k.pctOfPlan)}%`,
          k.trend === null ? '–' : { up: '↑', down: '↓', flat: '→' }[k.trend],
          mdText(k.measuredAt ?? '–'),
        ]),
      ),
    ),
  );

  out.push('## Value realized vs business case\n');
  out.push('Realized value is actuals only; projections are shown beside it, never added to it.\n');
  out.push(
    table(
      ['Initiative', 'Realized YTD', 'Projected (annual)', 'NPV', 'ROI'],
      s.initiatives
        .filter((i) => i.value.realizedYtd !== null || i.value.projectedAnnual !== null || i.value.npv !== null)
        .map((i) => [
          mdText(i.name),
          money(i.value.realizedYtd),
          money(i.value.projectedAnnual),
          money(i.value.npv),
          i.value.roiPct === null ? '–' : `${Math.round(i.value.roiPct)}%`,
        ]),
    ),
  );

  out.push('## Spend vs budget\n');
  out.push(
    table(
      ['Initiative', 'Budget', 'Basis', 'Actual to date', 'EAC', 'Variance', 'Burn index'],
      s.initiatives
        .filter((i) => i.budget.approved !== null || i.budget.actualToDate !== null)
        .map((i) => [
          mdText(i.name),
          money(i.budget.approved),
          i.budget.basis ? cap(i.budget.basis) : '–',
          money(i.budget.actualToDate),
          money(i.budget.eac),
          i.budget.variancePct === null ? '–' : `${mdText(i.budget.variancePct.toFixed(1))}%`,
          i.budget.burnIndex === null ? '–' : mdText(i.budget.burnIndex.toFixed(2)),
        ]),
    ),
  );

  out.push('## Top risks\n');
  out.push(
    table(
      ['Risk', 'Initiative', 'Category', 'Residual', 'Band', 'Owner', 'Treatment', 'Status', 'Due'],
      s.topRisks.map((r) => [
        mdText(r.title),
        mdText(r.initiativeName ?? 'Portfolio'),
        mdText(r.category),
        num(r.residualScore),
        mdText(r.band),
        mdText(r.owner ?? 'Not named'),
        mdText(r.treatment),
        mdText(r.status),
        `${mdText(r.dueDate ?? '–')}${r.overdue ? ' (overdue)' : ''}`,
      ]),
    ),
  );

  out.push('## Decisions needed\n');
  out.push(
    table(
      ['Initiative', 'Decision', 'Why', 'Owner', 'Deadline', 'If not decided'],
      s.decisions.map((d) => [
        mdText(d.initiativeName),
        mdText(d.decision),
        mdText(d.why),
        mdText(d.owner ?? 'Not named'),
        mdText(d.deadline ?? '–'),
        mdText(d.consequence),
      ]),
    ),
  );

  out.push('## Next 90 days\n');
  out.push(
    table(
      ['Date', 'Initiative', 'Milestone'],
      s.milestones.map((m) => [mdText(m.date), mdText(m.initiativeName), mdText(m.what)]),
    ),
  );

  out.push('## Watchlist\n');
  out.push(
    table(
      ['Initiative', 'Signal', 'Severity', 'Detail'],
      s.watchlist.map((w) => [mdText(w.initiativeName), mdText(w.code), mdText(w.severity), mdText(w.message)]),
    ),
  );
  if (s.agents) {
    out.push(
      `Agents: ${num(s.agents.total)} active, ${num(s.agents.withoutOwner)} without an accountable owner. ` +
        (s.agents.byAutonomy.length > 0
          ? `By autonomy: ${s.agents.byAutonomy.map((a) => `${mdText(a.level)} ${num(a.count)}`).join(', ')}.`
          : '') +
        '\n',
    );
  }

  out.push('## How RAG is set\n');
  out.push(
    table(
      ['Dimension', 'Rule'],
      (s.ragRules ?? []).map((r) => [mdText(r.dimension), mdText(r.rule)]),
    ),
  );
  if (s.definitions && s.definitions.length > 0) {
    out.push('## Definitions\n');
    out.push(
      table(
        ['Term', 'Definition'],
        s.definitions.map((d) => [mdText(d.term), mdText(d.definition)]),
      ),
    );
  }
  out.push(`Data freshness: ${mdText(s.dataFreshness)}.\n`);
  return out.join('\n');
}
