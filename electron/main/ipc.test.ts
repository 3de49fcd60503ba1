import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../core/router';
import { silentLogger } from '../core/ports';
import { IPC_INVOKE, type Handlers } from '../../shared/ipc/contract';
import { isTrustedSender } from './app-url';
import { registerIpc, senderOf, type IpcMainLike } from './ipc';
import { secureWebPreferences } from './web-preferences';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error('second handler');
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => handlers.delete(channel),
  };
  return { ipc, handlers };
}

function event(frame: { url: string; parent: unknown } | null): IpcMainInvokeEvent {
  return { senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

const info = { version: '1.2.3', schemaVersion: 1, actor: 'ada', platform: 'linux' };
const handlers = { 'app/info': () => info } as unknown as Handlers;

describe('senderOf', () => {
  it('reads the frame URL and whether it is the top frame', () => {
    expect(senderOf({ senderFrame: { url: 'app://flightdeck/index.html', parent: null } })).toEqual({
      url: 'app://flightdeck/index.html',
      isMainFrame: true,
    });
    expect(senderOf({ senderFrame: { url: 'app://flightdeck/x', parent: {} } }).isMainFrame).toBe(false);
    expect(senderOf({ senderFrame: null })).toEqual({ url: '', isMainFrame: false });
  });
});

describe('registerIpc', () => {
  const setup = () => {
    const { ipc, handlers: registered } = fakeIpcMain();
    const unregister = registerIpc(ipc, createRouter(handlers, isTrustedSender, silentLogger));
    const listener = registered.get(IPC_INVOKE);
    if (!listener) throw new Error('not registered');
    return { listener, unregister, registered };
  };

  it('answers the app frame through the router', async () => {
    const { listener } = setup();
    const res = await listener(event({ url: 'app://flightdeck/index.html', parent: null }), 'app/info', undefined);
    expect(res).toEqual({ ok: true, value: info });
  });

  it('refuses iframes, foreign origins and destroyed frames with FORBIDDEN', async () => {
    const { listener } = setup();
    for (const frame of [
      { url: 'app://flightdeck/index.html', parent: {} },
      { url: 'https://evil.example/', parent: null },
      { url: 'file:///tmp/x.html', parent: null },
      null,
    ]) {
      const res = (await listener(event(frame), 'app/info', undefined)) as { ok: boolean; error?: { code: string } };
      expect(res.ok).toBe(false);
      expect(res.error?.code).toBe('FORBIDDEN');
    }
  });

  it('never runs a handler for a refused sender, whatever the channel and input', async () => {
    let calls = 0;
    const { ipc, handlers: registered } = fakeIpcMain();
    const counting = {
      'app/info': () => {
        calls++;
        return info;
      },
    } as unknown as Handlers;
    registerIpc(ipc, createRouter(counting, isTrustedSender, silentLogger));
    const listener = registered.get(IPC_INVOKE)!;
    const refused = [
      { url: 'app://flightdeck/index.html', parent: { url: 'app://flightdeck/index.html', parent: null } },
      { url: 'app://flightdeck.evil.example/index.html', parent: null },
      { url: 'app://user@flightdeck/index.html', parent: null },
      { url: 'app://flightdeck:1234/index.html', parent: null },
      { url: 'app://evil/index.html', parent: null },
      { url: 'file:///home/user/out/renderer/index.html', parent: null },
      { url: 'about:blank', parent: null },
      { url: 'devtools://devtools/bundled/inspector.html', parent: null },
      { url: 'data:text/html,<script>1</script>', parent: null },
      { url: '', parent: null },
      null,
    ];
    for (const frame of refused) {
      const res = (await listener(event(frame), 'app/info', undefined)) as { ok: boolean; error?: { code: string } };
      expect(res, JSON.stringify(frame)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(calls).toBe(0);
    // The same handler does run for the app's top frame, so the zero above is a refusal, not a dead handler.
    await listener(event({ url: 'app://flightdeck/index.html', parent: null }), 'app/info', undefined);
    expect(calls).toBe(1);
  });

  it('reports unknown channels as values, and unregisters', async () => {
    const { listener, unregister, registered } = setup();
    const res = await listener(event({ url: 'app://flightdeck/', parent: null }), 'fs/readFile', { path: '/' });
    expect(res).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    unregister();
    expect(registered.size).toBe(0);
  });
});

describe('secureWebPreferences', () => {
  it('meets the Electron security checklist', () => {
    const p = secureWebPreferences('/app/out/preload/index.cjs');
    expect(p).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(p).not.toHaveProperty('enableBlinkFeatures');
  });
});
