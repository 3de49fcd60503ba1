// The Electron transport for the core's router: one ipcMain.handle channel, with the sender turned
// into the router's Sender. Only Electron *types* are imported, so it is tested with a fake ipcMain.
import type { IpcMainInvokeEvent } from 'electron';
import type { Dispatch, Sender } from '../core/router';
import { IPC_INVOKE } from '../../shared/ipc/contract';

/** The slice of ipcMain this module uses (Bruno's IpcMainLike), so tests can pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** The parts of an invoke event the sender check reads. */
export interface InvokeEventLike {
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * VS Code's rule: the message must come from a live top-level frame. senderFrame is null once the
 * frame navigated away or was destroyed; such a message gets no trust rather than a guess.
 */
export function senderOf(event: InvokeEventLike): Sender {
  const frame = event.senderFrame;
  if (!frame) return { url: '', isMainFrame: false };
  return { url: frame.url, isMainFrame: frame.parent === null };
}

/** Registers the single invoke channel; returns a function that unregisters it (used at quit). */
export function registerIpc(ipcMain: IpcMainLike, dispatch: Dispatch): () => void {
  ipcMain.handle(IPC_INVOKE, (event, channel, input) => dispatch(senderOf(event), channel, input));
  return () => ipcMain.removeHandler(IPC_INVOKE);
}
