// The electronegativity wrapper must be able to fail: a finding without a reason, or a reason without a finding.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classify, validateConfig, type Finding } from './electronegativity.mjs';

const finding = (over: Partial<Finding>): Finding => ({
  id: 'OPEN_EXTERNAL_JS_CHECK',
  file: 'electron/main/window.ts',
  line: 10,
  column: 2,
  severity: 'MEDIUM',
  confidence: 'TENTATIVE',
  manualReview: true,
  sample: 'shell.openExternal(url)',
  description: 'Review the use of openExternal',
  ...over,
});
const reason = 'Checked by isSafeExternalUrl just above; see app-url.test.ts.';

describe('classify', () => {
  it('accepts by id, file and a piece of the flagged line, whatever the line number', () => {
    const accepted = [
      { id: 'OPEN_EXTERNAL_JS_CHECK', file: 'electron/main/window.ts', match: 'openExternal(url)', reason },
    ];
    const r = classify([finding({ line: 99 })], accepted);
    expect(r.ok).toHaveLength(1);
    expect(r.ok[0]?.reason).toBe(reason);
    expect(r.unexplained).toEqual([]);
    expect(r.stale).toEqual([]);
  });

  it('leaves findings in other files, of other checks or on other lines unexplained, and reports stale entries', () => {
    const accepted = [
      { id: 'OPEN_EXTERNAL_JS_CHECK', file: 'electron/main/window.ts', match: 'openExternal(url)', reason },
    ];
    const r = classify(
      [
        finding({ file: 'electron/main/index.ts' }),
        finding({ id: 'SANDBOX_JS_CHECK' }),
        finding({ sample: 'shell.openExternal(other)' }),
      ],
      accepted,
    );
    expect(r.ok).toEqual([]);
    expect(r.unexplained).toHaveLength(3);
    expect(r.stale).toEqual(accepted);
  });
});

describe('validateConfig', () => {
  it('refuses entries without a real reason', () => {
    expect(validateConfig({ scan: ['x'], disabledChecks: [], accepted: [] })).toEqual([]);
    const problems = validateConfig({
      scan: ['x'],
      disabledChecks: [{ check: 'AvailableSecurityFixesGlobalCheck', reason: 'offline' }],
      accepted: [{ id: 'X', file: 'a.ts', match: 'y' }],
    });
    expect(problems).toHaveLength(2);
    expect(validateConfig(null)).toHaveLength(1);
  });
});

describe('tools/electronegativity.mjs end to end (offline scanner run)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fd-eng-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails on an unexplained finding and on a stale exception, and names both', () => {
    mkdirSync(join(dir, 'src'));
    writeFileSync(
      join(dir, 'src', 'win.ts'),
      "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { webSecurity: false } });\n",
    );
    writeFileSync(
      join(dir, 'electronegativity.json'),
      JSON.stringify({
        scan: ['src'],
        disabledChecks: [],
        accepted: [{ id: 'SANDBOX_JS_CHECK', file: 'src/gone.ts', match: 'BrowserWindow', reason }],
      }),
    );
    const r = spawnSync(
      process.execPath,
      [resolve(import.meta.dirname, 'electronegativity.mjs'), '--config', join(dir, 'electronegativity.json')],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/UNEXPLAINED WEB_SECURITY_JS_CHECK src\/win\.ts:2/);
    expect(r.stdout).toMatch(/STALE exception .*SANDBOX_JS_CHECK src\/gone\.ts/);
    // The scanner's downloads were refused, not attempted over the network.
    expect(r.stdout).toMatch(/blocked \d+ network request/);
  });
});
