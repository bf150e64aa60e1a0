/** Opening the metrics database: WAL, schema, directory creation, and one-line errors. */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { MetricsDbError, openMetricsDb } from "../../src/metrics/metrics_db.ts";
import { openMetricsStore } from "../../src/metrics/metrics_store.ts";
import { parseQueryTime, sqliteTimeToUnix, toSqliteTime } from "../../src/metrics/sqlite_time.ts";
import { withTempDb } from "../support/temp_db.ts";

function openError(path: string): MetricsDbError {
  try {
    openMetricsStore(path).close();
  } catch (err) {
    assert.ok(err instanceof MetricsDbError, String(err));
    assert.ok(!err.message.includes("\n"), "one line");
    assert.ok(err.message.startsWith(`metrics database ${path}: `), err.message);
    return err;
  }
  assert.fail(`opening ${path} succeeded`);
}

Deno.test("open: creates missing directories, WAL mode, tables and the (name, timestamp) index", () =>
  withTempDb((_, dir) => {
    const path = `${dir}/a/b/metrics.db`;
    openMetricsDb(path).close();
    const db = new DatabaseSync(path);
    try {
      assert.equal(db.prepare("PRAGMA journal_mode").get()?.journal_mode, "wal");
      const objects = db.prepare("SELECT type, name FROM sqlite_master ORDER BY name").all()
        .map((r) => `${r.type}:${r.name}`);
      assert.deepEqual(objects, [
        "table:counters",
        "table:metrics",
        "index:metrics_name_timestamp",
      ]);
      const columns = db.prepare("PRAGMA table_info(metrics)").all().map((r) =>
        `${r.name} ${r.type}`
      );
      assert.deepEqual(columns, ["timestamp TEXT", "name TEXT", "labels TEXT", "value REAL"]);
      assert.equal(db.prepare("PRAGMA user_version").get()?.user_version, 1);
    } finally {
      db.close();
    }
  }));

Deno.test("errors: garbage bytes → 'not a SQLite database'", () =>
  withTempDb((path) => {
    Deno.writeFileSync(path, new Uint8Array(4096).map((_, i) => (i * 131 + 7) % 256));
    assert.match(openError(path).reason, /^not a SQLite database/);
    assert.equal(Deno.statSync(path).size, 4096, "the file is left as it was");
  }));

Deno.test("errors: a path under a regular file, and a directory as the path", () =>
  withTempDb((_, dir) => {
    Deno.writeTextFileSync(`${dir}/file`, "x");
    assert.match(openError(`${dir}/file/metrics.db`).reason, /^cannot create its directory /);
    assert.match(openError(`${dir}/file/sub/metrics.db`).reason, /not a directory/);
    assert.equal(openError(dir).reason, "is a directory");
  }));

Deno.test("errors: a second open of the same file is refused while the first holds it", () =>
  withTempDb((path) => {
    const first = openMetricsStore(path);
    try {
      assert.match(openError(path).reason, /^in use by another FakeAI process/);
    } finally {
      first.close();
    }
    openMetricsStore(path).close(); // released on close
  }));

Deno.test("errors: another process's write lock → 'locked'", () =>
  withTempDb((path) => {
    openMetricsDb(path).close();
    const other = new DatabaseSync(path);
    other.exec("BEGIN EXCLUSIVE");
    try {
      assert.match(openError(path).reason, /^locked by another process/);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
  }));

Deno.test("errors: a newer schema or someone else's metrics table is not touched", () =>
  withTempDb((path) => {
    const db = new DatabaseSync(path);
    db.exec("PRAGMA user_version = 7");
    db.close();
    assert.match(openError(path).reason, /^written by a newer FakeAI \(schema version 7/);
    Deno.removeSync(path);
    const foreign = new DatabaseSync(path);
    foreign.exec("CREATE TABLE metrics (id INTEGER, payload BLOB)");
    foreign.close();
    assert.match(openError(path).reason, /^its metrics table is not FakeAI's/);
  }));

Deno.test("sqlite time: datetime('now') text, unix seconds and ISO 8601 query times", () => {
  assert.equal(toSqliteTime(1_700_000_000_999), "2023-11-14 22:13:20");
  assert.equal(sqliteTimeToUnix("2023-11-14 22:13:20"), 1_700_000_000);
  assert.equal(parseQueryTime("1700000000"), 1_700_000_000_000);
  assert.equal(parseQueryTime("1700000000.5"), 1_700_000_000_500);
  assert.equal(parseQueryTime("2023-11-14T22:13:20Z"), 1_700_000_000_000);
  assert.equal(parseQueryTime("2023-11-14 22:13:20"), 1_700_000_000_000, "no offset: UTC");
  assert.equal(parseQueryTime("2023-11-15T00:13:20+02:00"), 1_700_000_000_000);
  assert.equal(parseQueryTime("2023-11-14"), Date.UTC(2023, 10, 14));
  for (
    const bad of ["", "yesterday", "-5", "2023-02-30", "2023-11-14T25:00", "1e9", "99999999999999"]
  ) {
    assert.equal(parseQueryTime(bad), null, bad);
  }
});
