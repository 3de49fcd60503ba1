// The preload against a fake electron: what reaches the page, and what must not.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_INVOKE, type FlightdeckBridge } from '../../shared/ipc/contract';

type Listener = (event: unknown, message: unknown) => void;

const h = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const listeners = new Set<Listener>();
  const invokes: unknown[][] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        invokes.push(args);
        return Promise.resolve({ ok: true, value: 'pong' });
      },
      on: (channel: string, fn: Listener) => {
        if (channel === 'fd:event') listeners.add(fn);
      },
      removeListener: (_channel: string, fn: Listener) => listeners.delete(fn),
    },
  };
  const emit = (message: unknown) => {
    for (const l of [...listeners]) l({ sender: 'SECRET-SENDER', ports: [] }, message);
  };
  return { exposed, listeners, invokes, electron, emit };
});

vi.mock('electron', () => h.electron);

let bridge: FlightdeckBridge;
beforeAll(async () => {
  await import('./index');
  bridge = h.exposed.get('flightdeck') as FlightdeckBridge;
});

describe('preload bridge', () => {
  it('exposes window.flightdeck with exactly invoke and on', () => {
    expect([...h.exposed.keys()]).toEqual(['flightdeck']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
  });

  it('invoke goes through the one invoke channel unchanged', async () => {
    expect(IPC_INVOKE).toBe('fd:invoke');
    await expect(bridge.invoke('initiative/get', { id: 3 })).resolves.toEqual({ ok: true, value: 'pong' });
    expect(h.invokes).toEqual([[IPC_INVOKE, 'initiative/get', { id: 3 }]]);
  });

  it('on delivers only the named event, only its payload, and unsubscribes', () => {
    expect(IPC_EVENT).toBe('fd:event');
    const seen: unknown[][] = [];
    const off = bridge.on('db/changed', (...args: unknown[]) => seen.push(args));
    h.emit({ event: 'history/changed', payload: { canUndo: true } });
    h.emit({ event: 'db/changed', payload: { tables: ['people'] } });
    h.emit('garbage');
    h.emit(null);
    expect(seen).toEqual([[{ tables: ['people'] }]]);
    off();
    expect(h.listeners.size).toBe(0);
    h.emit({ event: 'db/changed', payload: { tables: ['x'] } });
    expect(seen).toHaveLength(1);
  });

  it('lets the page choose neither the IPC channel nor the event channel', async () => {
    h.invokes.length = 0;
    // Whatever the page passes as a "channel" is data for the router, sent on the one invoke channel.
    await bridge.invoke('fd:event' as never, undefined as never);
    await bridge.invoke('__proto__' as never, { constructor: { prototype: {} } } as never);
    expect(h.invokes.map((args) => args[0])).toEqual([IPC_INVOKE, IPC_INVOKE]);
    // Subscribing to any event name listens on the one event channel only (the fake records no other).
    const before = h.listeners.size;
    const off = bridge.on('fd:invoke' as never, () => undefined);
    expect(h.listeners.size).toBe(before + 1);
    off();
  });

  it('hands the page plain functions, not Electron objects', () => {
    expect(typeof bridge.invoke).toBe('function');
    expect(typeof bridge.on).toBe('function');
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true);
    expect(JSON.stringify(Object.keys(bridge))).not.toMatch(/ipcRenderer|send|sendSync|removeAllListeners/);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => bridge.on('db/changed', 'nope' as unknown as () => void)).toThrow(TypeError);
  });
});
