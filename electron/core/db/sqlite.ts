import Database from 'better-sqlite3';

export type Db = Database.Database;

export interface SqliteOptions {
  /** Path of a better_sqlite3.node built for the running ABI (Electron ships its own build). */
  nativeBinding?: string | undefined;
  readonly?: boolean;
  /** Refuse to create the file when it does not exist. */
  fileMustExist?: boolean;
}

/** The only place that constructs the SQLite driver, so the native binding choice lives in one spot. */
/** `path` may be a file image (a Buffer): opened in memory, as a read-only view of a file we cannot write beside. */
export function openSqlite(path: string | Buffer, options: SqliteOptions = {}): Db {
  return new Database(path, {
    readonly: options.readonly ?? false,
    fileMustExist: options.fileMustExist ?? false,
    // A second process holding the file must fail fast with SQLITE_BUSY, not hang the UI.
    timeout: 300,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
}

/** A prepared statement, for modules that keep theirs per connection. */
export type Statement = Database.Statement<unknown[]>;
