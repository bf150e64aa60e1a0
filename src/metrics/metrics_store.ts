/**
 * Reads and writes the metrics database: snapshots (a row per series whose value changed since
 * this store's previous snapshot), the latest counter values for restore, and history queries.
 */
import type { StatementSync } from "node:sqlite";
import { asDbError, MetricsDbError, type OpenedDb, openMetricsDb } from "./metrics_db.ts";
import type { SeriesPoint } from "./persisted_series.ts";
import { sqliteTimeToUnix, toSqliteTime } from "./sqlite_time.ts";

export interface StoredCounter {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface HistoryQuery {
  name: string;
  sinceMs?: number;
  untilMs?: number;
  /** Rows whose labels include every one of these pairs. */
  labels?: Record<string, string>;
  limit: number;
}

export interface HistoryPoint {
  /** Unix seconds. */
  timestamp: number;
  labels: Record<string, string>;
  value: number;
}

export interface StoredMetric {
  name: string;
  /** Unix seconds of the oldest and newest row. */
  first: number;
  last: number;
}

const SEP = "\u0001";
// Far enough on either side of any stored 'YYYY-MM-DD HH:MM:SS' text.
const MIN_TIME = "0000-00-00 00:00:00";
const MAX_TIME = "9999-12-31 23:59:59";

export class MetricsStore {
  readonly path: string;
  /** Counter values of the previous run, read when the store was opened. */
  readonly storedCounters: readonly StoredCounter[];
  readonly #opened: OpenedDb;
  readonly #insertRow: StatementSync;
  readonly #upsertCounter: StatementSync;
  readonly #lastWritten = new Map<string, number>();

  constructor(opened: OpenedDb) {
    this.#opened = opened;
    this.path = opened.path;
    const db = opened.db;
    this.#insertRow = db.prepare(
      "INSERT INTO metrics (timestamp, name, labels, value) VALUES (?, ?, ?, ?)",
    );
    this.#upsertCounter = db.prepare(
      `INSERT INTO counters (name, labels, value, timestamp) VALUES (?, ?, ?, ?)
       ON CONFLICT (name, labels) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp`,
    );
    this.storedCounters = db.prepare("SELECT name, labels, value FROM counters").all().map(
      (row) => {
        const labels = parseLabels(String(row.labels));
        if (!labels) {
          throw new MetricsDbError(
            this.path,
            `its counters table has a row for ${row.name} whose labels are not a JSON object`,
          );
        }
        return { name: String(row.name), labels, value: Number(row.value) };
      },
    );
  }

  /** Writes one snapshot in one transaction; returns the number of metrics rows written. */
  writeSnapshot(points: readonly SeriesPoint[], wallMs: number): number {
    const timestamp = toSqliteTime(wallMs);
    const changed: Array<[string, SeriesPoint, string]> = [];
    for (const point of points) {
      const labels = JSON.stringify(point.labels);
      const key = point.name + SEP + labels;
      if (this.#lastWritten.get(key) !== point.value) changed.push([key, point, labels]);
    }
    if (changed.length === 0) return 0;
    const db = this.#opened.db;
    db.exec("BEGIN IMMEDIATE");
    try {
      for (const [, point, labels] of changed) {
        this.#insertRow.run(timestamp, point.name, labels, point.value);
        if (point.cumulative) this.#upsertCounter.run(point.name, labels, point.value, timestamp);
      }
      db.exec("COMMIT");
    } catch (err) {
      if (db.isTransaction) db.exec("ROLLBACK");
      throw asDbError(this.path, err, "cannot write a snapshot");
    }
    for (const [key, point] of changed) this.#lastWritten.set(key, point.value);
    return changed.length;
  }

  /** Rows of one series, oldest first; one more than `limit` is read to tell `hasMore`. */
  history(q: HistoryQuery): { points: HistoryPoint[]; hasMore: boolean } {
    const where = ["name = ?", "timestamp >= ?", "timestamp <= ?"];
    const params: string[] = [
      q.name,
      q.sinceMs === undefined ? MIN_TIME : toSqliteTime(q.sinceMs),
      q.untilMs === undefined ? MAX_TIME : toSqliteTime(q.untilMs),
    ];
    for (const [label, value] of Object.entries(q.labels ?? {})) {
      where.push("json_extract(labels, ?) = ?");
      params.push(`$."${label}"`, value);
    }
    const rows = this.#opened.db.prepare(
      `SELECT timestamp, labels, value FROM metrics WHERE ${where.join(" AND ")}
       ORDER BY timestamp, rowid LIMIT ${q.limit + 1}`,
    ).all(...params);
    const points = rows.slice(0, q.limit).map((row) => ({
      timestamp: sqliteTimeToUnix(String(row.timestamp)),
      labels: parseLabels(String(row.labels)) ?? {},
      value: Number(row.value),
    }));
    return { points, hasMore: rows.length > q.limit };
  }

  hasSeries(name: string): boolean {
    return this.#opened.db.prepare("SELECT 1 FROM metrics WHERE name = ? LIMIT 1").get(name) !==
      undefined;
  }

  /** Every stored series name with its time range (index skip-scan: cheap on large tables). */
  metrics(): StoredMetric[] {
    const db = this.#opened.db;
    const next = db.prepare("SELECT name FROM metrics WHERE name > ? ORDER BY name LIMIT 1");
    const range = db.prepare(
      "SELECT MIN(timestamp) AS first, MAX(timestamp) AS last FROM metrics WHERE name = ?",
    );
    const out: StoredMetric[] = [];
    for (let row = next.get(""); row; row = next.get(String(row.name))) {
      const name = String(row.name);
      const r = range.get(name)!;
      out.push({
        name,
        first: sqliteTimeToUnix(String(r.first)),
        last: sqliteTimeToUnix(String(r.last)),
      });
    }
    return out;
  }

  close(): void {
    this.#opened.close();
  }
}

/** Opens (and creates) the database at `path`; throws MetricsDbError with a one-line reason. */
export function openMetricsStore(path: string): MetricsStore {
  const opened = openMetricsDb(path);
  try {
    return new MetricsStore(opened);
  } catch (err) {
    opened.close();
    throw asDbError(path, err, "cannot read it");
  }
}

function parseLabels(text: string): Record<string, string> | null {
  try {
    const value = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) out[k] = String(v);
    return out;
  } catch {
    return null;
  }
}
