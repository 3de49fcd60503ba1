import { describe, expect, it } from 'vitest';
import { LIMITS } from './initiative';
import { personCreateInput, personUpdateInput } from './person';

describe('personCreateInput', () => {
  it('accepts a name alone and trims it', () => {
    expect(personCreateInput.parse({ name: ' Ada Lovelace ' })).toEqual({
      name: 'Ada Lovelace',
      email: '',
      title: '',
      businessUnit: '',
    });
  });

  it('accepts a real email and an empty one', () => {
    expect(personCreateInput.parse({ name: 'A', email: ' ada@example.com ' }).email).toBe('ada@example.com');
    expect(personCreateInput.safeParse({ name: 'A', email: '' }).success).toBe(true);
  });

  it.each([
    ['empty name', { name: '' }, 'name'],
    ['blank name', { name: '  ' }, 'name'],
    ['name over the limit', { name: 'n'.repeat(LIMITS.personName + 1) }, 'name'],
    ['bad email', { name: 'A', email: 'not-an-email' }, 'email'],
    ['email over the limit', { name: 'A', email: `${'a'.repeat(250)}@example.com` }, 'email'],
    ['title over the limit', { name: 'A', title: 't'.repeat(LIMITS.title + 1) }, 'title'],
    ['unknown field', { name: 'A', phone: '123' }, ''],
  ])('rejects %s', (_what, input, path) => {
    const r = personCreateInput.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.map(String).join('.'))).toContain(path);
  });
});

describe('personUpdateInput', () => {
  it('accepts a partial patch without applying create defaults', () => {
    expect(personUpdateInput.parse({ id: 1, patch: { title: 'CTO' } })).toEqual({ id: 1, patch: { title: 'CTO' } });
  });
  it('rejects unknown fields in the patch', () => {
    expect(personUpdateInput.safeParse({ id: 1, patch: { role: 'x' } }).success).toBe(false);
  });
  it('rejects a non-positive id', () => {
    expect(personUpdateInput.safeParse({ id: -1, patch: {} }).success).toBe(false);
  });
});
