// tools/audit.mjs decides from npm's own output; these fixtures have the shapes npm 10 prints (audit report v2, and
// the error JSON it prints when the registry refuses the bulk advisory endpoint, as it does in this sandbox).
import { describe, expect, it } from 'vitest';
import { auditFailure, evaluateAudit, validateExceptions } from './audit.mjs';

const advisory = (name: string, severity: string, id: number) => ({
  source: id,
  name,
  dependency: name,
  title: `${name} is bad`,
  url: `https://github.com/advisories/GHSA-${id}`,
  severity,
  range: '<9',
});

const report = {
  auditReportVersion: 2,
  vulnerabilities: {
    tarlib: { name: 'tarlib', severity: 'high', isDirect: false, via: [advisory('tarlib', 'high', 1)] },
    // Vulnerable only through tarlib: no advisory of its own.
    zipper: { name: 'zipper', severity: 'high', isDirect: true, via: ['tarlib'] },
    xmlish: {
      name: 'xmlish',
      severity: 'critical',
      isDirect: true,
      via: [advisory('xmlish', 'critical', 2), advisory('xmlish', 'moderate', 3)],
    },
    minor: { name: 'minor', severity: 'low', isDirect: true, via: [advisory('minor', 'low', 4)] },
  },
  metadata: { vulnerabilities: { info: 0, low: 1, moderate: 1, high: 2, critical: 1, total: 5 } },
};

const reason = 'Only reachable through the CLI import of trusted files; fix ships in the next minor.';

describe('evaluateAudit', () => {
  it('lists every high and critical advisory once, and ignores moderate and low ones', () => {
    const r = evaluateAudit(report, []);
    expect(r.unexplained.map((a) => `${a.severity} ${a.package}`).sort()).toEqual(['critical xmlish', 'high tarlib']);
    expect(r.explained).toEqual([]);
  });

  it('accepts an advisory only with a matching exception, and reports exceptions that match nothing', () => {
    const exceptions = [
      { package: 'tarlib', advisory: 'https://github.com/advisories/GHSA-1', reason },
      { package: 'xmlish', advisory: 'https://github.com/advisories/GHSA-999', reason },
    ];
    const r = evaluateAudit(report, exceptions);
    expect(r.explained.map((a) => a.package)).toEqual(['tarlib']);
    expect(r.unexplained.map((a) => a.package)).toEqual(['xmlish']);
    expect(r.unused).toEqual([exceptions[1]]);
  });

  it('passes a clean report', () => {
    expect(evaluateAudit({ auditReportVersion: 2, vulnerabilities: {} }, [])).toEqual({
      explained: [],
      unexplained: [],
      unused: [],
    });
  });
});

describe('auditFailure', () => {
  it('a report is not a failure', () => {
    expect(auditFailure(JSON.stringify(report), '')).toBeNull();
  });

  it('the registry refusing the advisory endpoint is "unreachable" (skipped), with npm\'s message', () => {
    const stdout = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      method: 'POST',
      statusCode: 405,
      body: '',
      error: { summary: '', detail: '' },
    });
    expect(auditFailure(stdout, 'npm error audit endpoint returned an error')).toEqual({
      kind: 'unreachable',
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    });
    expect(auditFailure('', 'npm error code ENOTFOUND\nnpm error getaddrinfo ENOTFOUND registry.npmjs.org')?.kind).toBe(
      'unreachable',
    );
  });

  it('any other npm failure is an error of ours (fails the check)', () => {
    const noLock = JSON.stringify({
      error: { code: 'ENOLOCK', summary: 'This command requires an existing lockfile.', detail: '' },
    });
    expect(auditFailure(noLock, '')).toEqual({ kind: 'error', message: 'This command requires an existing lockfile.' });
  });
});

describe('validateExceptions', () => {
  it('needs a package, an advisory and a real reason', () => {
    expect(validateExceptions([])).toEqual([]);
    expect(validateExceptions([{ package: 'x', advisory: '*', reason }])).toEqual([]);
    expect(validateExceptions([{ package: 'x', reason: 'ok' }])).toHaveLength(2);
    expect(validateExceptions({})).toHaveLength(1);
  });
});
