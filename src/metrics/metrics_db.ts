/**
 * Opens the metrics database (embedded `node:sqlite`): creates its directory, takes an exclusive
 * lock so two servers never write one file, switches to WAL and creates the schema. Every failure
 * becomes a MetricsDbError with a one-line reason naming the path.
 */
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";

export const SCHEMA_VERSION = 1;

// timestamp is TEXT in datetime('now') format so the operations guide's maintenance SQL
// (DELETE ... WHERE timestamp < datetime('now', '-90 days')) works unchanged.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS metrics (
  timestamp TEXT NOT NULL,
  name TEXT NOT NULL,
  labels TEXT NOT NULL,
  value REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (
  name TEXT NOT NULL,
  labels TEXT NOT NULL,
  value REAL NOT NULL,
  timestamp TEXT NOT NULL,
  PRIMARY KEY (name, labels)
) WITHOUT ROWID;
`;

const INDEX = "CREATE INDEX IF NOT EXISTS metrics_name_timestamp ON metrics (name, timestamp)";

const REQUIRED_COLUMNS: Record<string, readonly string[]> = {
  metrics: ["timestamp", "name", "labels", "value"],
  counters: ["name", "labels", "value", "timestamp"],
};

export class MetricsDbError extends Error {
  readonly reason: string;

  constructor(readonly path: string, reason: string) {
    const oneLine = reason.replace(/\s+/g, " ").trim();
    super(`metrics database ${path}: ${oneLine}`);
    this.name = "MetricsDbError";
    this.reason = oneLine;
  }
}

export interface OpenedDb {
  db: DatabaseSync;
  path: string;
  close(): void;
}

export function openMetricsDb(path: string): OpenedDb {
  if (path.trim() === "") throw new MetricsDbError("''", "FAKEAI_METRICS_DB_PATH is empty");
  ensureDirectory(path);
  if (isDirectory(path)) throw new MetricsDbError(path, "is a directory");
  let lockFile: Deno.FsFile;
  try {
    lockFile = Deno.openSync(path, { read: true, write: true, create: true });
  } catch (err) {
    throw asDbError(path, err, "cannot open it");
  }
  // flock is independent of SQLite's own (fcntl) locks: readers such as the sqlite3 shell and
  // online backups still work, but a second FakeAI on the same file is refused.
  if (!lockFile.tryLockSync(true)) {
    lockFile.close();
    throw new MetricsDbError(
      path,
      "in use by another FakeAI process (its lock is held); stop it or set another FAKEAI_METRICS_DB_PATH",
    );
  }
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path);
    prepare(db, path);
  } catch (err) {
    db?.close();
    lockFile.close();
    throw asDbError(path, err, "cannot open it");
  }
  const opened = db;
  return {
    db: opened,
    path,
    close() {
      opened.close(); // checkpoints the WAL into the main file: a plain `cp` is then a backup
      lockFile.close();
    },
  };
}

function prepare(db: DatabaseSync, path: string): void {
  db.exec("PRAGMA busy_timeout = 1000");
  const version = Number(db.prepare("PRAGMA user_version").get()?.user_version ?? 0);
  if (version > SCHEMA_VERSION) {
    throw new MetricsDbError(
      path,
      `written by a newer FakeAI (schema version ${version}; this one knows ${SCHEMA_VERSION})`,
    );
  }
  const mode = String(db.prepare("PRAGMA journal_mode = WAL").get()?.journal_mode ?? "");
  if (mode.toLowerCase() !== "wal") {
    throw new MetricsDbError(path, `cannot switch to WAL journal mode (it stays "${mode}")`);
  }
  db.exec("PRAGMA synchronous = NORMAL");
  // Taking the write lock now makes a read-only file or another process's lock a startup error.
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec(SCHEMA);
    checkColumns(db, path);
    db.exec(INDEX);
    if (version < SCHEMA_VERSION) db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec("COMMIT");
  } catch (err) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw err;
  }
}

function checkColumns(db: DatabaseSync, path: string): void {
  for (const [table, columns] of Object.entries(REQUIRED_COLUMNS)) {
    const present = new Set(
      db.prepare(`PRAGMA table_info(${table})`).all().map((row) => String(row.name)),
    );
    const missing = columns.filter((c) => !present.has(c));
    if (missing.length > 0) {
      throw new MetricsDbError(
        path,
        `its ${table} table is not FakeAI's (no column ${missing.join(", ")})`,
      );
    }
  }
}

function isDirectory(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false; // missing (created below) or unreadable (opening says why)
  }
}

function ensureDirectory(path: string): void {
  const dir = dirname(path);
  try {
    Deno.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw asDbError(path, err, `cannot create its directory ${dir}`);
  }
}

/** A one-line reason from a Deno or SQLite error. */
export function asDbError(path: string, err: unknown, doing: string): MetricsDbError {
  if (err instanceof MetricsDbError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const sqlite = SQLITE_REASONS.find(([pattern]) => pattern.test(message));
  if (sqlite) return new MetricsDbError(path, sqlite[1]);
  return new MetricsDbError(path, `${doing}: ${osReason(err, message)}`);
}

const SQLITE_REASONS: ReadonlyArray<[RegExp, string]> = [
  [
    /file is not a database/i,
    "not a SQLite database (file is not a database); move it away or restore a backup",
  ],
  [
    /malformed|corrupt/i,
    "corrupt (database disk image is malformed); move it away or restore a backup",
  ],
  [/database is locked|database is busy/i, "locked by another process (database is locked)"],
  [/readonly database/i, "read-only (attempt to write a readonly database)"],
  [/disk is full|database or disk is full/i, "the disk is full"],
];

function osReason(err: unknown, message: string): string {
  if (err instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (err instanceof Deno.errors.NotADirectory || err instanceof Deno.errors.AlreadyExists) {
    return "a path on the way is a file, not a directory";
  }
  if (err instanceof Deno.errors.IsADirectory) return "is a directory";
  if (err instanceof Deno.errors.NotFound) return "a parent directory does not exist";
  // Drop Deno's "(os error N): op 'path'" tail: the path is already named.
  return message.replace(/\s*\(os error \d+\).*$/, "") || message;
}
