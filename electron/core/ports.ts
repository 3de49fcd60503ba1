import type { AppEvents, EventName } from '../../shared/ipc/contract';

/** Powers the core needs from its host. Electron main, the CLI and the test harness each provide their own. */
export interface Clock {
  now(): Date;
}

export interface Dialogs {
  /** Ask for an existing portfolio file; null when the user cancels. */
  chooseOpenPath(): Promise<string | null>;
  /**
   * Ask for a path to write a new file to; null when the user cancels. `filter` names the file type the
   * dialog offers (default: Flightdeck portfolio files).
   */
  chooseSavePath(options: {
    title: string;
    defaultName: string;
    filter?: { name: string; extensions: string[] };
  }): Promise<string | null>;
  /** Ask for any existing file to attach as gate evidence; null when the user cancels. */
  chooseEvidenceFile(): Promise<string | null>;
  /** Ask for a spreadsheet (CSV, XLSX) to import; null when the user cancels. */
  chooseImportFile(): Promise<string | null>;
}

export type Emit = <E extends EventName>(event: E, payload: AppEvents[E]) => void;

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const systemClock: Clock = { now: () => new Date() };

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** A host without dialogs (CLI): every question is answered with "cancel". */
export const noDialogs: Dialogs = {
  chooseOpenPath: () => Promise.resolve(null),
  chooseSavePath: () => Promise.resolve(null),
  chooseEvidenceFile: () => Promise.resolve(null),
  chooseImportFile: () => Promise.resolve(null),
};

/**
 * Turns a self-contained HTML page (no scripts, no remote content; page size from its CSS @page) into PDF
 * bytes. The app uses a hidden, script-less window's printToPDF; the CLI and tests use headless Chromium.
 */
export interface PdfEngine {
  htmlToPdf(html: string, options?: { signal?: AbortSignal }): Promise<Buffer>;
}

/** Hands a vetted URL to the OS browser (Electron's shell.openExternal); the harness records it instead. */
export type OpenExternal = (url: string) => Promise<void>;

/**
 * Where connection secrets live (never the database). The app backs it with Electron's safeStorage, tests
 * with an in-memory store. References are opaque strings the core stores in `connections.secret_ref`.
 */
export interface SecretStore {
  /** Keeps `secret` under a new or given reference and returns the reference ('store:…'). */
  put(secret: string, ref?: string): Promise<string>;
  get(ref: string): Promise<string | null>;
  delete(ref: string): Promise<void>;
}

/** A host with no secret store (the CLI): secrets come from environment variables ('env:VAR') only. */
export const noSecretStore: SecretStore = {
  put: () => Promise.reject(new Error('No secret store here: pass the secret through an environment variable')),
  get: () => Promise.resolve(null),
  delete: () => Promise.resolve(),
};
