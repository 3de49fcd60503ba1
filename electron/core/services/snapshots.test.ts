import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { epochDay } from '../../../shared/domain/governance/days';
import { evaluateSignals } from '../../../shared/domain/governance/signals';
import { migrate } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations';
import { APPLICATION_ID } from '../db/open';
import { openSqlite, type Db } from '../db/sqlite';
import { makeTempDir, removeTempDir } from '../testing/temp-dir';
import { loadSnapshot, loadSnapshots } from './snapshots';

/**
 * The loaders against fixture files built by the real migrations: every feature table filled by plain
 * SQL (what the feature services will write), then read back as governance snapshots.
 */

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const d of dirs.splice(0)) removeTempDir(d);
});

const AT = '2026-01-10T09:00:00.000Z';

/** A file migrated up to `version` (all migrations by default), with two people and `n` initiatives. */
function fixture(version = Infinity, n = 3): Db {
  const dir = makeTempDir();
  dirs.push(dir);
  const db = openSqlite(join(dir, 'fixture.flightdeck'));
  dbs.push(db);
  db.pragma('foreign_keys = ON');
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= version),
    APPLICATION_ID,
  );
  db.prepare(`INSERT INTO people (id, name, created_at, updated_at) VALUES (1, 'Ada', ?, ?), (2, 'Bo', ?, ?)`).run(
    AT,
    AT,
    AT,
    AT,
  );
  const ins = db.prepare(
    `INSERT INTO initiatives (id, name, type, phase, status, risk_tier, sponsor_id, product_owner_id, tech_lead_id,
       phase_entered_at, created_at, updated_at)
     VALUES (?, ?, 'copilot', 'DEVELOP_VALIDATE', 'active', 'minimal', 1, 1, 2, ?, ?, ?)`,
  );
  for (let i = 1; i <= n; i++) ins.run(i, `Initiative ${i}`, AT, AT, AT);
  return db;
}

const day = epochDay;

describe('loadSnapshots on a fully migrated file', () => {
  it('reads KPIs with upper-case kind and cadence, baselines, targets and measurements', () => {
    const db = fixture();
    db.prepare(
      `INSERT INTO kpis (id, initiative_id, name, kind, direction, baseline_value, baseline_date, baseline_source,
         target_value, target_date, cadence, created_at, updated_at)
       VALUES (10, 1, 'Handle time', 'business_outcome', 'lower_is_better', 12, '2025-12-01', 'CRM export',
         8, '2026-12-31', 'monthly', ?, ?),
              (11, 1, 'Accuracy', 'model_quality', 'higher_is_better', NULL, NULL, '', NULL, NULL, 'weekly', ?, ?)`,
    ).run(AT, AT, AT, AT);
    db.prepare(
      `INSERT INTO kpi_measurements (kpi_id, period_end, value, entered_by, created_at)
       VALUES (10, '2026-01-31', 11, 'Ada', ?), (10, '2026-02-28', 10, 'Ada', ?)`,
    ).run(AT, AT);

    const [one, two] = loadSnapshots(db, day('2026-03-01')).map((l) => l.snapshot);
    expect(one!.kpis).toEqual([
      {
        id: 10,
        kind: 'BUSINESS_OUTCOME',
        cadence: 'MONTHLY',
        createdDay: day(AT),
        baseline: { value: 12, day: day('2025-12-01'), source: 'CRM export' },
        target: { value: 8, byDay: day('2026-12-31') },
        measurements: [
          { day: day('2026-01-31'), verifiedByFinance: false },
          { day: day('2026-02-28'), verifiedByFinance: false },
        ],
      },
      {
        id: 11,
        kind: 'MODEL_QUALITY',
        cadence: 'WEEKLY',
        createdDay: day(AT),
        baseline: null,
        target: null,
        measurements: [],
      },
    ]);
    // The feature exists and this initiative has none: an empty list, which the rules treat as a finding.
    expect(two!.kpis).toEqual([]);
    const rules = evaluateSignals(two!, day('2026-03-01')).map((h) => h.ruleId);
    expect(rules).toContain('NO_KPI_BASELINE');
    // Initiative 1's weekly KPI has never been measured since 2026-01-10: 50 days > 2 × 7.
    const hits = evaluateSignals(one!, day('2026-03-01'));
    expect(hits.map((h) => h.ruleId)).toEqual(['KPI_NOT_MEASURED']);
    expect(hits[0]).toMatchObject({ value: 50, threshold: 14 });
  });

  it('reads gate reviews (cancelled ones left out, held = decided day) and evidence with its review’s gate', () => {
    const db = fixture();
    const review = db.prepare(
      `INSERT INTO gate_reviews (id, initiative_id, gate, catalogue_version, status, from_phase, to_phase,
         requested_at, requested_by, scheduled_date, decision, decided_at, decided_by, updated_at)
       VALUES (?, ?, 'G4', 'v1', ?, 'DEVELOP_VALIDATE', 'PRODUCTION_DEPLOY', ?, 'Ada', ?, ?, ?, ?, ?)`,
    );
    review.run(1, 1, 'decided', AT, '2025-10-01', 'RECYCLE', '2025-10-03T10:00:00Z', 'Ada', AT);
    review.run(2, 1, 'decided', AT, '2025-11-01', 'RECYCLE', '2025-11-02T10:00:00Z', 'Ada', AT);
    review.run(3, 1, 'open', AT, '2026-01-01', null, null, null, AT);
    review.run(4, 2, 'cancelled', AT, '2025-09-01', null, null, null, AT);
    const evidence = db.prepare(
      `INSERT INTO gate_evidence (id, review_id, kind, title, note, valid_until, added_by, added_at)
       VALUES (?, ?, 'note', 'Eval report', 'ok', ?, 'Ada', ?)`,
    );
    evidence.run(20, 1, '2025-12-31', '2025-10-01T08:00:00Z');
    evidence.run(21, 3, null, '2026-01-05T08:00:00Z');
    evidence.run(22, 4, '2025-09-30', '2025-09-01T08:00:00Z');

    const asOf = day('2026-03-01');
    const [one, two] = loadSnapshots(db, asOf).map((l) => l.snapshot);
    expect(one!.gateReviews).toEqual([
      { gate: 'G4', scheduledDay: day('2025-10-01'), heldDay: day('2025-10-03'), decision: 'RECYCLE' },
      { gate: 'G4', scheduledDay: day('2025-11-01'), heldDay: day('2025-11-02'), decision: 'RECYCLE' },
      { gate: 'G4', scheduledDay: day('2026-01-01'), heldDay: null, decision: null },
    ]);
    expect(one!.evidence).toEqual([
      { id: 20, gate: 'G4', submittedDay: day('2025-10-01'), validUntilDay: day('2025-12-31') },
      { id: 21, gate: 'G4', submittedDay: day('2026-01-05'), validUntilDay: null },
    ]);
    expect(two!.gateReviews).toEqual([]);
    expect(two!.evidence).toEqual([]);

    const rules = evaluateSignals(one!, asOf).map((h) => h.ruleId);
    // Open review 59 days past its date (> 30), two recycles at G4, one expired evidence item for G4.
    expect(rules).toEqual(expect.arrayContaining(['GATE_OVERDUE', 'RECYCLE_LOOP', 'STALE_EVIDENCE']));
  });

  it('reads active agents with their tools and kill switch; retired agents are out', () => {
    const db = fixture();
    const agent = db.prepare(
      `INSERT INTO agents (id, initiative_id, agent_key, name, accountable_owner_id, autonomy_level,
         kill_switch_mechanism, kill_switch_owner_id, kill_switch_procedure, kill_switch_last_tested, status,
         created_at, updated_at)
       VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    agent.run(
      1,
      'claims-bot',
      'Claims bot',
      1,
      'L3_CONSULTANT',
      'GATEWAY_BLOCK',
      2,
      'Block at gateway',
      '2026-01-02',
      'active',
      AT,
      AT,
    );
    agent.run(2, 'draft-bot', 'Draft bot', null, null, null, null, '', null, 'active', AT, AT);
    agent.run(3, 'old-bot', 'Old bot', 1, 'L1_OPERATOR', null, null, '', null, 'retired', AT, AT);
    db.prepare(
      `INSERT INTO agent_tools (agent_id, tool_name, scopes) VALUES (1, 'crm', '["read","write"]'), (3, 'x', '[]')`,
    ).run();

    const [one, two] = loadSnapshots(db, day('2026-03-01')).map((l) => l.snapshot);
    expect(one!.agents).toEqual([
      {
        agentId: 'claims-bot',
        accountableOwnerId: 1,
        autonomyLevel: 'L3_CONSULTANT',
        tools: [{ toolName: 'crm', scopes: ['read', 'write'] }],
        killSwitch: {
          mechanism: 'GATEWAY_BLOCK',
          ownerId: 2,
          procedure: 'Block at gateway',
          lastTestedDay: day('2026-01-02'),
        },
      },
      { agentId: 'draft-bot', accountableOwnerId: null, autonomyLevel: null, tools: [], killSwitch: null },
    ]);
    expect(two!.agents).toEqual([]);
  });

  it('reads KPI target changes from the audit trail as scope changes', () => {
    const db = fixture();
    db.prepare(
      `INSERT INTO kpis (id, initiative_id, name, kind, direction, target_value, target_date, cadence, created_at, updated_at)
       VALUES (10, 2, 'Savings', 'business_outcome', 'higher_is_better', 5, '2026-12-31', 'monthly', ?, ?)`,
    ).run(AT, AT);
    const audit = db.prepare(
      `INSERT INTO audit_log (seq, at, actor, action, label, entity_kind, entity_id, before_json, after_json, prev_hash, hash)
       VALUES (?, ?, 'Ada', ?, '', ?, ?, ?, ?, '', '')`,
    );
    audit.run(1, '2026-02-01T09:00:00Z', 'kpi.update', 'kpi', 10, '{"target_value":4}', '{"target_value":5}');
    audit.run(
      2,
      '2026-02-02T09:00:00Z',
      'kpi.update',
      'kpi',
      10,
      '{"target_date":"2026-06-30"}',
      '{"target_date":"2026-12-31"}',
    );
    // A renamed KPI or a new measurement is not a scope change.
    audit.run(3, '2026-02-03T09:00:00Z', 'kpi.update', 'kpi', 10, '{"name":"a"}', '{"name":"b"}');
    audit.run(
      4,
      '2026-02-04T09:00:00Z',
      'initiative.update',
      'initiative',
      2,
      '{"description":"a"}',
      '{"description":"b"}',
    );
    // Outside the 90-day window of 2026-03-01.
    audit.run(5, '2025-11-01T09:00:00Z', 'kpi.update', 'kpi', 10, '{"target_value":3}', '{"target_value":4}');

    const two = loadSnapshots(db, day('2026-03-01'))[1]!.snapshot;
    expect([...two.scopeChanges!].sort()).toEqual([day('2026-02-01'), day('2026-02-02'), day('2026-02-04')]);
    expect(loadSnapshot(db, 2, day('2026-03-01'))!.scopeChanges!.length).toBe(3);
    expect(loadSnapshot(db, 1, day('2026-03-01'))!.scopeChanges).toEqual([]);
  });

  it('loadSnapshot reads one initiative, the same as it appears in the portfolio load', () => {
    const db = fixture(Infinity, 5);
    db.prepare(
      `INSERT INTO kpis (id, initiative_id, name, kind, direction, cadence, created_at, updated_at)
       VALUES (1, 3, 'K', 'business_outcome', 'higher_is_better', 'monthly', ?, ?)`,
    ).run(AT, AT);
    const asOf = day('2026-03-01');
    const all = loadSnapshots(db, asOf).map((l) => l.snapshot);
    for (const s of all) expect(loadSnapshot(db, s.id, asOf)).toEqual(s);
    expect(loadSnapshot(db, 99, asOf)).toBeNull();
  });

  it('reads each table once for the portfolio and through the initiative index for one', () => {
    const db = fixture();
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan('SELECT * FROM kpis WHERE initiative_id = ?')).toMatch(/USING INDEX kpis_initiative/);
    expect(plan(`SELECT * FROM gate_reviews WHERE status <> 'cancelled' AND initiative_id = ?`)).toMatch(
      /USING INDEX gate_reviews_initiative/,
    );
  });
});

describe('older files', () => {
  it('leave the parts of features they predate undefined, so those rules stay silent', () => {
    const db = fixture(30);
    const s = loadSnapshots(db, day('2026-03-01'))[0]!.snapshot;
    expect(s.kpis).toEqual([]);
    expect(s.gateReviews).toBeUndefined();
    expect(s.evidence).toBeUndefined();
    expect(s.agents).toBeUndefined();
    expect(loadSnapshot(db, 1, day('2026-03-01'))).toEqual(s);

    const oldest = fixture(10);
    const o = loadSnapshots(oldest, day('2026-03-01'))[0]!.snapshot;
    expect(o.kpis).toBeUndefined();
    expect(o.scopeChanges).toBeUndefined();
  });
});

describe('the radar narrowing', () => {
  it('gives the same signals as the full snapshots on the demo portfolio, today and in the past', async () => {
    const { createTestCore } = await import('../testing/test-core');
    const { FixedClock } = await import('../testing/fakes');
    const c = createTestCore({ demoSize: 300, clock: new FixedClock('2026-11-01T09:00:00.000Z') });
    try {
      await c.ok('workspace/openDefault');
      await c.ok('workspace/setup', { mode: 'demo' });
      const db = c.db();
      let compared = 0;
      for (const asOf of ['2026-11-01', '2026-06-30', '2025-12-31'].map(day)) {
        const full = loadSnapshots(db, asOf);
        const radar = loadSnapshots(db, asOf, undefined, { radar: true });
        expect(radar.length).toBe(full.length);
        for (let i = 0; i < full.length; i++) {
          const hits = evaluateSignals(full[i]!.snapshot, asOf);
          expect(evaluateSignals(radar[i]!.snapshot, asOf)).toEqual(hits);
          compared += hits.length;
        }
      }
      expect(compared).toBeGreaterThan(100);
    } finally {
      c.dispose();
    }
  });
});
