import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../testing/test-core';
import { dumpTables } from '../testing/portfolio-files';

let t: TestCore;
beforeEach(async () => {
  t = createTestCore();
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'empty' });
});
afterEach(() => t.dispose());

describe('people through the core', () => {
  it('create, list with owned counts, update', async () => {
    const ada = await t.ok('person/create', { name: 'Ada', email: 'ada@example.com' });
    const bob = await t.ok('person/create', { name: 'bob' });
    await t.ok('initiative/create', { name: 'A', sponsorId: ada.id, techLeadId: ada.id });
    await t.ok('initiative/create', { name: 'B', productOwnerId: ada.id });
    const list = await t.ok('person/list');
    expect(list.map((p) => [p.name, p.ownedCount])).toEqual([
      ['Ada', 3],
      ['bob', 0],
    ]);
    t.clock.advanceDays(1);
    const updated = await t.ok('person/update', { id: bob.id, patch: { title: 'Data lead' } });
    expect(updated).toEqual({ ...bob, title: 'Data lead', updatedAt: t.clock.iso() });
  });

  it('refuses to delete a person who owns a role (IN_USE), and changes nothing', async () => {
    const ada = await t.ok('person/create', { name: 'Ada' });
    await t.ok('initiative/create', { name: 'A', productOwnerId: ada.id });
    const before = dumpTables(t.db());
    const history = await t.ok('history/state');
    const r = await t.invoke('person/delete', { id: ada.id });
    expect(r).toMatchObject({ ok: false, error: { code: 'IN_USE' } });
    expect(dumpTables(t.db())).toEqual(before);
    expect(await t.ok('history/state')).toEqual(history);
  });

  it('refuses to delete the owner of a portfolio risk (IN_USE, saying why), and changes nothing', async () => {
    const ada = await t.ok('person/create', { name: 'Ada' });
    await t.ok('risk/create', {
      title: 'Vendor model deprecation',
      category: 'THIRD_PARTY_VENDOR',
      ownerId: ada.id,
      inherent: { likelihood: 3, impact: 3 },
    });
    const before = dumpTables(t.db());
    const r = await t.invoke('person/delete', { id: ada.id });
    expect(r).toMatchObject({ ok: false, error: { code: 'IN_USE', message: expect.stringMatching(/1 risk record/) } });
    expect(dumpTables(t.db())).toEqual(before);
  });

  it('deletes a person without roles, and undo brings them back with the same id', async () => {
    const ada = await t.ok('person/create', { name: 'Ada' });
    await t.ok('person/delete', { id: ada.id });
    expect(await t.ok('person/list')).toEqual([]);
    await t.ok('history/undo');
    expect(await t.ok('person/list')).toEqual([{ ...ada, ownedCount: 0 }]);
  });
});
