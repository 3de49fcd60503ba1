import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../../shared/errors';
import { useToasts } from '../../store/toasts';
import { useUi } from '../../store/ui';
import { exportCsv, exportCurrentTable, useCsvSources, type CsvTable } from './csvExport';

/** A bridge that records export/table calls and answers with `answer`. */
function fakeBridge(answer: Result<unknown>) {
  const calls: { channel: string; input: unknown }[] = [];
  const w = globalThis as unknown as { window?: unknown };
  w.window = {
    setTimeout: () => 0,
    flightdeck: {
      invoke: (channel: string, input: unknown) => {
        calls.push({ channel, input });
        return Promise.resolve(answer);
      },
      on: () => () => undefined,
    },
  };
  return calls;
}

const table: CsvTable = { title: 'People', defaultName: 'people', columns: ['Name', 'Roles'], rows: [['Ana', 2]] };

describe('CSV export of table views', () => {
  beforeEach(() => {
    useToasts.setState({ toasts: [] });
    useCsvSources.setState({ sources: {} });
  });
  afterEach(() => {
    delete (globalThis as unknown as { window?: unknown }).window;
  });

  it('sends the table as shown and reports where it went', async () => {
    const calls = fakeBridge({ ok: true, value: { path: '/tmp/people.csv' } });
    await expect(exportCsv(table)).resolves.toBe('/tmp/people.csv');
    expect(calls).toEqual([{ channel: 'export/table', input: table }]);
    expect(useToasts.getState().toasts.at(-1)?.message).toBe('Exported 1 row to /tmp/people.csv');
  });

  it('a dismissed save dialog is quiet; a failure says why', async () => {
    fakeBridge({ ok: true, value: { cancelled: true } });
    await expect(exportCsv(table)).resolves.toBeNull();
    expect(useToasts.getState().toasts).toEqual([]);
    fakeBridge({ ok: false, error: { code: 'INTERNAL', message: 'The disk is full.' } });
    await expect(exportCsv(table)).resolves.toBeNull();
    expect(useToasts.getState().toasts.at(-1)).toMatchObject({
      tone: 'error',
      message: 'Could not export the table: The disk is full.',
    });
  });

  it('"Export current table" uses the view on screen, and says so when it has no table', async () => {
    const calls = fakeBridge({ ok: true, value: { path: '/tmp/x.csv' } });
    const off = useCsvSources.getState().register('people', () => table);
    useUi.setState({ view: 'board' });
    await exportCurrentTable();
    expect(calls).toEqual([]);
    expect(useToasts.getState().toasts.at(-1)?.message).toMatch(/^This view has no table to export/);
    useUi.setState({ view: 'people' });
    await exportCurrentTable();
    expect(calls).toHaveLength(1);
    // Unregistering (the view unmounted) removes it; a stale unregister does not remove a newer source.
    const newer = () => ({ ...table, title: 'Newer' });
    off();
    const offNewer = useCsvSources.getState().register('people', newer);
    off();
    expect(useCsvSources.getState().sources.people).toBe(newer);
    offNewer();
    expect(useCsvSources.getState().sources.people).toBeUndefined();
  });
});
