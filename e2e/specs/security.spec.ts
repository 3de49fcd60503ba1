import { test, expect, waitForAppState } from '../fixtures';

test.describe('security', () => {
  test('the page cannot navigate away from the app', async ({ app, host }) => {
    await waitForAppState(app, 'ready');
    const before = app.url();
    // A script-driven navigation to the web is refused; the app stays where it was.
    await app.evaluate(() => {
      window.location.href = 'https://example.com/phish';
    });
    await expect.poll(() => host.blockedRequests.some((u) => u.startsWith('https://example.com/'))).toBe(true);
    expect(app.url()).toBe(before);
    await waitForAppState(app, 'ready');
  });

  test('window.open does not create a window', async ({ app, host }) => {
    await waitForAppState(app, 'ready');
    await app.evaluate(() => {
      window.open('https://example.com/popup', '_blank');
    });
    await expect.poll(() => host.context.pages().length).toBe(1);
  });

  test('the bridge exposes only invoke and on', async ({ app }) => {
    await waitForAppState(app, 'ready');
    const keys = await app.evaluate(() => Object.keys((window as unknown as { flightdeck: object }).flightdeck).sort());
    expect(keys).toEqual(['invoke', 'on']);
    const hasNode = await app.evaluate(
      () =>
        typeof (globalThis as { require?: unknown }).require !== 'undefined' ||
        typeof (globalThis as { process?: unknown }).process !== 'undefined',
    );
    expect(hasNode).toBe(false);
  });

  test('unknown channels and bad input are refused with typed errors and write nothing', async ({ app, host }) => {
    await waitForAppState(app, 'ready');
    const before = (await host.core.handlers['initiative/list']({ includeArchived: true })).length;
    const results = await app.evaluate(async () => {
      const fd = (
        window as unknown as {
          flightdeck: {
            invoke(
              c: string,
              i?: unknown,
            ): Promise<{ ok: boolean; error?: { code: string; issues?: { path: string }[] } }>;
          };
        }
      ).flightdeck;
      return Promise.all([
        fd.invoke('db/dropEverything'),
        fd.invoke('initiative/create', { name: 42 }),
        fd.invoke('initiative/create', { name: 'ok', admin: true }),
        fd.invoke('initiative/create', { name: 'x'.repeat(10_000) }),
        fd.invoke('initiative/delete', { id: -1 }),
      ]);
    });
    expect(results.map((r) => r.ok)).toEqual([false, false, false, false, false]);
    expect(results.map((r) => r.error?.code)).toEqual([
      'UNKNOWN_CHANNEL',
      'VALIDATION',
      'VALIDATION',
      'VALIDATION',
      'VALIDATION',
    ]);
    expect(results[1]?.error?.issues?.[0]?.path).toBe('name');
    expect((await host.core.handlers['initiative/list']({ includeArchived: true })).length).toBe(before);
  });

  test('external links go to the OS browser, not into the app', async ({ app, host }) => {
    await waitForAppState(app, 'ready');
    const before = app.url();
    // Any web link in the UI: inject one the way content would carry it and click it.
    await app.evaluate(() => {
      const a = document.createElement('a');
      a.href = 'https://example.com/docs';
      a.textContent = 'docs link';
      a.id = 'e2e-external-link';
      document.body.appendChild(a);
    });
    await app.locator('#e2e-external-link').click();
    await expect.poll(() => host.externalOpened).toContain('https://example.com/docs');
    expect(app.url()).toBe(before);
    expect(host.context.pages()).toHaveLength(1);
  });
});
