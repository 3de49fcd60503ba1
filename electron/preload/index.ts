// The sandboxed preload: window.flightdeck = { invoke, on } and nothing else (Electron security
// checklist item 20: no raw ipcRenderer, no Electron objects, no event objects cross the bridge).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type {
  AppEvents,
  EventName,
  FlightdeckBridge,
  IPC_EVENT as IpcEventName,
  IPC_INVOKE as IpcInvokeName,
} from '../../shared/ipc/contract';

// Type-only import plus literal: importing the contract's values would bundle zod and every schema
// into the preload, yet a renamed channel still fails typecheck here.
const IPC_INVOKE: typeof IpcInvokeName = 'fd:invoke';
const IPC_EVENT: typeof IpcEventName = 'fd:event';

interface EventMessage {
  event: string;
  payload: unknown;
}

function isEventMessage(v: unknown): v is EventMessage {
  return typeof v === 'object' && v !== null && typeof (v as EventMessage).event === 'string';
}

const bridge: FlightdeckBridge = {
  // The router validates channel and input in main; the preload adds no logic to keep that the one gate.
  invoke: (channel, input) => ipcRenderer.invoke(IPC_INVOKE, channel, input),
  on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void {
    if (typeof event !== 'string' || typeof listener !== 'function') {
      throw new TypeError('flightdeck.on(event, listener) needs an event name and a function');
    }
    // The IpcRendererEvent (with its sender) is dropped here so page code never holds it.
    const relay = (_e: IpcRendererEvent, message: unknown) => {
      if (isEventMessage(message) && message.event === event) listener(message.payload as AppEvents[E]);
    };
    ipcRenderer.on(IPC_EVENT, relay);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, relay);
    };
  },
};

contextBridge.exposeInMainWorld('flightdeck', bridge);
