import { describe, expect, it } from 'vitest';
import { describeToolGrants } from './auditFormat';

describe('describeToolGrants', () => {
  it('reads the audited tool list', () => {
    expect(
      describeToolGrants([
        { tool_name: 'zendesk', scopes: ['tickets:read', 'tickets:write'] },
        { tool_name: 'slack', scopes: [] },
      ]),
    ).toBe('zendesk (tickets:read, tickets:write); slack (no scopes)');
    expect(describeToolGrants([])).toBe('none');
  });

  it('answers null for anything else', () => {
    expect(describeToolGrants('x')).toBeNull();
    expect(describeToolGrants([{ name: 'x' }])).toBeNull();
    expect(describeToolGrants([null])).toBeNull();
  });
});
