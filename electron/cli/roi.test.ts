import { describe, expect, it } from 'vitest';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, runCli } from './cli';
import { join } from 'node:path';
import type { RoiJson, StoredRoiJson } from './roi';

function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
  });
  return { code, stdout, stderr };
}

function expectFailure(r: ReturnType<typeof run>, code: number, pattern: RegExp) {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^flightdeck: [^\n]+\n$/);
  expect(r.stderr).toMatch(pattern);
}

describe('flightdeck roi', () => {
  it('prints the TEI figures of the worked example as JSON', () => {
    const r = run([
      'roi',
      '--costs',
      '750000,571750,707467,780438',
      '--benefits',
      '0,945000,2313956,3180978',
      '--rate',
      '0.1',
      '--json',
    ]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as RoiJson;
    expect(Object.keys(j).sort()).toEqual(
      ['discountedPaybackPeriods', 'irr', 'npv', 'paybackPeriods', 'pvBenefits', 'pvCosts', 'roi'].sort(),
    );
    expect(Math.round(j.pvBenefits)).toBe(5_161_367);
    expect(Math.round(j.pvCosts)).toBe(2_440_811);
    expect(j.npv).toBeCloseTo(j.pvBenefits - j.pvCosts, 6);
    expect(j.paybackPeriods! * 12).toBeCloseTo(14.8, 1);
    expect(j.irr).toBeGreaterThan(1);
  });

  it('prints null, never NaN, for an IRR that does not exist and a payback outside the horizon', () => {
    const r = run(['roi', '--costs', '100,50,50', '--benefits', '0,0,0', '--rate', '0', '--json']);
    expect(r.code).toBe(EXIT_OK);
    const j = JSON.parse(r.stdout) as RoiJson;
    expect(j.irr).toBeNull();
    expect(j.paybackPeriods).toBeNull();
    expect(j.discountedPaybackPeriods).toBeNull();
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
  });

  it('prints a readable summary without --json', () => {
    const r = run(['roi', '--costs', '100,0', '--benefits', '0,110', '--rate', '0.1']);
    expect(r.code).toBe(EXIT_OK);
    expect(r.stdout).toMatch(/^NPV\s+0$/m);
    expect(r.stdout).toMatch(/^IRR\s+10\.00%$/m);
  });

  it('refuses unequal lengths and non-numbers with exit 3 and one line', () => {
    expectFailure(
      run(['roi', '--costs', '1,2,3', '--benefits', '1,2', '--rate', '0.1']),
      EXIT_BAD_INPUT,
      /3 periods but --benefits has 2/,
    );
    expectFailure(
      run(['roi', '--costs', '1,x', '--benefits', '1,2', '--rate', '0.1']),
      EXIT_BAD_INPUT,
      /--costs value 2 is not a number: "x"/,
    );
    expectFailure(
      run(['roi', '--costs', '1,', '--benefits', '1,2', '--rate', '0.1']),
      EXIT_BAD_INPUT,
      /--costs value 2/,
    );
    expectFailure(
      run(['roi', '--costs', '1,Infinity', '--benefits', '1,2', '--rate', '0.1']),
      EXIT_BAD_INPUT,
      /not a number/,
    );
    expectFailure(
      run(['roi', '--costs', '1,1e999', '--benefits', '1,2', '--rate', '0.1']),
      EXIT_BAD_INPUT,
      /out of range/,
    );
    expectFailure(
      run(['roi', '--costs', '1,2', '--benefits', '1,2', '--rate', 'ten']),
      EXIT_BAD_INPUT,
      /--rate is not a number/,
    );
    expectFailure(run(['roi', '--costs', '1,2', '--benefits', '1,2', '--rate=-1']), EXIT_BAD_INPUT, /above -1/);
  });

  it('treats missing flags and flags of other commands as usage errors (exit 2)', () => {
    expectFailure(run(['roi', '--benefits', '1,2', '--rate', '0.1']), EXIT_USAGE, /--costs/);
    expectFailure(run(['roi', '--costs', '1,2', '--benefits', '1,2']), EXIT_USAGE, /--rate/);
    expectFailure(
      run(['roi', '--all', '--costs', '1', '--benefits', '1', '--rate', '0']),
      EXIT_USAGE,
      /--all does not apply/,
    );
  });
});

describe('flightdeck roi --db (a stored model)', () => {
  it('prints the stored model’s figures, risk-adjusted too, and Monte Carlo percentiles; refuses what it cannot find', async () => {
    const { createTestCore } = await import('../core/testing/test-core');
    const t = createTestCore();
    let path: string;
    let id: number;
    try {
      await t.ok('workspace/openDefault');
      await t.ok('workspace/setup', { mode: 'empty' });
      id = (await t.ok('initiative/create', { name: 'Support assistant' })).id;
      await t.ok('roi/fromTemplate', { initiativeId: id, templateId: 'support-assistant' });
      for (const [month, side, category, amount] of [
        ['2026-01', 'cost', 'INFERENCE', 1_250.5],
        ['2026-02', 'cost', 'HUMAN_REVIEW', 3_000],
        ['2026-02', 'benefit', 'TIME_SAVINGS', 800],
      ] as const) {
        await t.ok('roi/actuals/save', { initiativeId: id, month, side, category, amount });
      }
      path = join(t.dir, 'Portfolio.flightdeck');
    } finally {
      t.core.dispose();
    }
    const r = run(['roi', '--db', path, '--initiative', String(id), '--iterations', '2000', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT_OK);
    const j = JSON.parse(r.stdout) as StoredRoiJson;
    expect(j.scenario).toMatchObject({ kind: 'current' });
    expect(Math.round(j.pvBenefits)).toBe(5_161_367);
    expect(Math.round(j.riskAdjusted.npv)).toBe(1_443_745);
    expect(j.paybackMonths).toBeCloseTo(14.8, 1);
    expect(j.monteCarlo.iterations).toBe(2000);
    expect(j.actual).toEqual({ cost: 4_250.5, benefit: 800, asOfMonth: new Date().toISOString().slice(0, 7) });
    expect(j.monteCarlo.npv.p10).toBeLessThan(j.monteCarlo.npv.p50);
    expect(j.monteCarlo.npv.p50).toBeLessThan(j.monteCarlo.npv.p90);
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
    // Same seed, same percentiles.
    expect(run(['roi', '--db', path, '--initiative', String(id), '--iterations', '2000', '--json']).stdout).toBe(
      r.stdout,
    );

    expect(run(['roi', '--db', path, '--initiative', String(id)]).stdout).toMatch(
      /Monte Carlo \(10,000 runs, seed 1\)/,
    );
    expectFailure(run(['roi', '--db', path, '--initiative', '999']), EXIT_BAD_INPUT, /no initiative 999/);
    expectFailure(
      run(['roi', '--db', path, '--initiative', String(id), '--scenario', 'Nope']),
      EXIT_BAD_INPUT,
      /no ROI scenario named "Nope"/,
    );
    expectFailure(run(['roi', '--db', path]), EXIT_USAGE, /--initiative ID is required/);
    expectFailure(run(['roi', '--db', path, '--initiative', '1', '--rate', '0.1']), EXIT_USAGE, /do not apply/);
    expectFailure(
      run(['roi', '--initiative', '1', '--costs', '1', '--benefits', '1', '--rate', '0']),
      EXIT_USAGE,
      /need --db/,
    );
    expectFailure(
      run(['roi', '--db', join(path, '..', 'missing.flightdeck'), '--initiative', '1']),
      EXIT_BAD_INPUT,
      /file not found/,
    );
  });
});
