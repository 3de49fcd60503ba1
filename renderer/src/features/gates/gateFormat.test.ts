import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../../../shared/domain/governance/gates';
import { formatBytes, gateIssues, percent, shortHash, verdict } from './gateFormat';

describe('gate formatting', () => {
  it('shows sizes in B, KB, MB and GB', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(5000)).toBe('4.9 KB');
    expect(formatBytes(100 * 1024 * 1024)).toBe('100 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3 GB');
  });

  it('keeps 12 hex digits of a hash and rounds shares to whole percent', () => {
    expect(shortHash('e39de703bfff0123456789abcdef')).toBe('e39de703bfff');
    expect(percent(0.7)).toBe('70%');
    expect(percent(0.745)).toBe('75%');
  });

  it('keys core issues by their full path, overrideReason as override.reason, first message wins', () => {
    expect(
      gateIssues([
        { path: 'conditions.0.ownerId', message: 'A condition needs an owner' },
        { path: 'overrideReason', message: 'An override needs a reason' },
        { path: 'signOffs', message: 'Sign-off missing from: Tech lead' },
        { path: 'signOffs', message: 'second' },
        { path: '', message: 'whole input' },
      ]),
    ).toEqual({
      'conditions.0.ownerId': 'A condition needs an owner',
      'override.reason': 'An override needs a reason',
      signOffs: 'Sign-off missing from: Tech lead',
      '': 'whole input',
    });
  });

  it('says passes, does not pass, or blocked with the reason', () => {
    const must = { id: 'X.M1', gate: 'G1', kind: 'must', category: 'VALUE', text: 'Must', evidenceTypes: [] } as const;
    const blocker = { ...must, id: 'X.X1', text: 'Prohibited', blocking: true } as const;
    expect(verdict(evaluateGate([must], [{ criterionId: 'X.M1', result: 'MET' }])).label).toBe('Passes');
    expect(verdict(evaluateGate([must], [{ criterionId: 'X.M1', result: 'NOT_MET' }]))).toEqual({
      label: 'Does not pass',
      tone: 'warning',
    });
    expect(verdict(evaluateGate([blocker], [])).label).toBe('Blocked: X.X1: Prohibited');
  });
});
