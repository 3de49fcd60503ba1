import type { AppEvents, EventName } from '../../../shared/ipc/contract';
import type { Clock, Dialogs, Emit, Logger } from '../ports';

/** Dialogs that answer from queues the test fills; an empty queue answers "cancel", as a user closing the dialog. */
export class FakeDialogs implements Dialogs {
  private readonly openPaths: (string | null)[] = [];
  private readonly savePaths: (string | null)[] = [];
  private readonly evidencePaths: (string | null)[] = [];
  readonly saveRequests: Parameters<Dialogs['chooseSavePath']>[0][] = [];
  openCalls = 0;

  queueOpen(...paths: (string | null)[]): this {
    this.openPaths.push(...paths);
    return this;
  }
  queueSave(...paths: (string | null)[]): this {
    this.savePaths.push(...paths);
    return this;
  }
  queueEvidence(...paths: (string | null)[]): this {
    this.evidencePaths.push(...paths);
    return this;
  }
  chooseEvidenceFile(): Promise<string | null> {
    return Promise.resolve(this.evidencePaths.shift() ?? null);
  }
  /** Spreadsheets to import, one per "Import…" (null = cancel). */
  private readonly importPaths: (string | null)[] = [];
  queueImport(...paths: (string | null)[]): this {
    this.importPaths.push(...paths);
    return this;
  }
  chooseImportFile(): Promise<string | null> {
    return Promise.resolve(this.importPaths.shift() ?? null);
  }
  chooseOpenPath(): Promise<string | null> {
    this.openCalls++;
    return Promise.resolve(this.openPaths.shift() ?? null);
  }
  chooseSavePath(options: { title: string; defaultName: string }): Promise<string | null> {
    this.saveRequests.push(options);
    return Promise.resolve(this.savePaths.shift() ?? null);
  }
}

/** A clock that only moves when the test says so, so day counts and timestamps are exact. */
export class FixedClock implements Clock {
  private ms: number;
  constructor(start: string | Date = '2026-03-02T09:00:00.000Z') {
    this.ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  iso(): string {
    return this.now().toISOString();
  }
  advanceDays(days: number): this {
    this.ms += days * 86_400_000;
    return this;
  }
  set(at: string | Date): this {
    this.ms = new Date(at).getTime();
    return this;
  }
}

export type RecordedEvent = { [E in EventName]: { event: E; payload: AppEvents[E] } }[EventName];

/** Collects what the core pushes to the renderer. */
export class EventLog {
  readonly events: RecordedEvent[] = [];
  readonly emit: Emit = (event, payload) => {
    this.events.push({ event, payload } as RecordedEvent);
  };
  of<E extends EventName>(event: E): AppEvents[E][] {
    return this.events.filter((e) => e.event === event).map((e) => e.payload as AppEvents[E]);
  }
  clear(): void {
    this.events.length = 0;
  }
}

/** Keeps log lines so a test can check what was (and was not) logged. */
export class MemoryLogger implements Logger {
  readonly lines: { level: 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> }[] = [];
  info(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, ...(fields ? { fields } : {}) });
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, ...(fields ? { fields } : {}) });
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', message, ...(fields ? { fields } : {}) });
  }
}

/** The explicit test secret store: secrets in a Map, so tests can prove where a secret went and where not. */
export class MemorySecretStore {
  readonly secrets = new Map<string, string>();
  private next = 1;
  put(secret: string, ref?: string): Promise<string> {
    const key = ref ?? `store:test-${this.next++}`;
    this.secrets.set(key, secret);
    return Promise.resolve(key);
  }
  get(ref: string): Promise<string | null> {
    return Promise.resolve(this.secrets.get(ref) ?? null);
  }
  delete(ref: string): Promise<void> {
    this.secrets.delete(ref);
    return Promise.resolve();
  }
}
