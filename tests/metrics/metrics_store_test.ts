/** Metrics persistence on a real temp SQLite file: snapshots, restore, maintenance SQL, queries. */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { openMetricsStore } from "../../src/metrics/metrics_store.ts";
import { MetricsPersistence } from "../../src/metrics/persistence.ts";
import { renderFamilies } from "../../src/metrics/prometheus_text.ts";
import { fakeaiFamilies } from "../../src/metrics/prometheus_view.ts";
import { MetricsRegistry } from "../../src/metrics/registry.ts";
import { memoryLogger } from "../../src/util/logger.ts";
import { ManualClock } from "../../src/util/clock.ts";
import { withTempDb } from "../support/temp_db.ts";

const CHAT = { endpoint: "/v1/chat/completions", method: "POST", status: 200, model: "gpt-4o" };
const CHAT_LABELS = JSON.stringify({ ...CHAT, status: "200" });
// ManualClock's default wall start: 2023-11-14 22:13:20 UTC.
const WALL_START = "2023-11-14 22:13:20";

function start(path: string, wallStartMs?: number) {
  const clock = new ManualClock(0, wallStartMs);
  const registry = new MetricsRegistry({ clock, windowSeconds: 60 });
  const persistence = new MetricsPersistence({
    store: openMetricsStore(path),
    registry,
    clock,
    intervalSeconds: 10,
    logger: memoryLogger(),
  });
  const restored = persistence.restore();
  persistence.start();
  const request = (n = 1) => {
    for (let i = 0; i < n; i++) registry.request({ ...CHAT, latencySeconds: 0.1 });
  };
  return { clock, registry, persistence, request, restored };
}

function rows(path: string, sql: string, ...params: string[]) {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return db.prepare(sql).all(...params).map((r) => ({ ...r }));
  } finally {
    db.close();
  }
}

Deno.test("snapshot every interval on the injected clock → rows with SQLite datetime text", () =>
  withTempDb((path) => {
    const s = start(path);
    s.request(3);
    assert.equal(
      rows(path, "SELECT * FROM metrics").length,
      0,
      "nothing before the first interval",
    );
    s.clock.advance(10_000);
    const sql = "SELECT timestamp, labels, value FROM metrics WHERE name = ? ORDER BY rowid";
    assert.deepEqual(rows(path, sql, "fakeai_requests_total"), [
      { timestamp: "2023-11-14 22:13:30", labels: CHAT_LABELS, value: 3 },
    ]);
    s.clock.advance(10_000); // unchanged: no new counter row
    s.request();
    s.clock.advance(10_000);
    assert.deepEqual(rows(path, sql, "fakeai_requests_total").map((r) => [r.timestamp, r.value]), [
      ["2023-11-14 22:13:30", 3],
      ["2023-11-14 22:13:50", 4],
    ]);
    const names = rows(path, "SELECT DISTINCT name FROM metrics ORDER BY name").map((r) => r.name);
    assert.deepEqual(names, [
      "fakeai_error_rate",
      "fakeai_latency_seconds",
      "fakeai_requests_per_second",
      "fakeai_requests_total",
      "fakeai_streams_active",
      "fakeai_tokens_per_second",
    ]);
    s.persistence.stop();
    assert.equal(s.clock.pendingTimers, 0, "stop clears the timer");
  }));

Deno.test("restore: counters continue from the stored values, in the registry and in Prometheus", () =>
  withTempDb((path) => {
    const first = start(path);
    first.request(5);
    first.registry.tokens.inc(["gpt-4o", "completion"], 40);
    first.persistence.stop(); // the final snapshot
    const stored = rows(path, "SELECT name, labels, value FROM counters ORDER BY name");
    assert.deepEqual(stored.map((r) => [r.name, r.value]), [
      ["fakeai_requests_total", 5],
      ["fakeai_tokens_total", 40],
    ]);

    const second = start(path);
    assert.equal(second.restored, 2);
    assert.equal(second.registry.requests.get([CHAT.endpoint, "POST", "200", "gpt-4o"]), 5);
    second.request(2);
    const text = renderFamilies(fakeaiFamilies(second.registry));
    assert.match(text, /fakeai_requests_total\{[^}]*model="gpt-4o"\} 7\n/);
    assert.match(text, /fakeai_tokens_total\{model="gpt-4o",kind="completion"\} 40\n/);
    assert.deepEqual(second.registry.modelLabels, ["gpt-4o"], "restored models are known labels");
    second.persistence.stop();
    assert.deepEqual(
      rows(path, "SELECT value FROM counters WHERE name = 'fakeai_requests_total'"),
      [{ value: 7 }],
    );
  }));

Deno.test("the operations guide's maintenance SQL runs unchanged, also while the store is open", () =>
  withTempDb((path) => {
    const old = start(path); // 2023: far more than 90 days ago
    old.request();
    old.persistence.stop();
    const recent = start(path, Date.now());
    recent.request();
    recent.clock.advance(10_000);

    const db = new DatabaseSync(path);
    db.exec("VACUUM;");
    db.exec("ANALYZE;");
    const deleted = db.prepare("DELETE FROM metrics WHERE timestamp < datetime('now', '-90 days');")
      .run();
    db.close();
    assert.ok(Number(deleted.changes) > 0);
    const left = rows(path, "SELECT timestamp FROM metrics WHERE name = 'fakeai_requests_total'");
    assert.equal(left.length, 1);
    assert.notEqual(left[0].timestamp, WALL_START);

    recent.request();
    recent.persistence.stop(); // still writes after another connection vacuumed the file
    assert.deepEqual(
      rows(path, "SELECT value FROM counters WHERE name = 'fakeai_requests_total'"),
      [{ value: 3 }],
    );
  }));

Deno.test("history: since/until, label subset, limit and has_more", () =>
  withTempDb((path) => {
    const s = start(path);
    for (let i = 0; i < 4; i++) {
      s.request();
      s.registry.request({ ...CHAT, model: "other", latencySeconds: 0.1 });
      s.clock.advance(10_000);
    }
    const store = s.persistence.store;
    const t0 = Date.parse("2023-11-14T22:13:30Z");
    const all = store.history({ name: "fakeai_requests_total", limit: 100 });
    assert.equal(all.points.length, 8);
    assert.equal(all.hasMore, false);
    assert.equal(all.points[0].timestamp, t0 / 1000);

    const gpt = store.history({
      name: "fakeai_requests_total",
      labels: { model: "gpt-4o" },
      limit: 100,
    });
    assert.deepEqual(gpt.points.map((p) => p.value), [1, 2, 3, 4]);
    assert.deepEqual(gpt.points[0].labels, { ...CHAT, status: "200" });

    const window = store.history({
      name: "fakeai_requests_total",
      labels: { model: "gpt-4o", status: "200" },
      sinceMs: t0 + 10_000,
      untilMs: t0 + 20_000,
      limit: 100,
    });
    assert.deepEqual(window.points.map((p) => p.value), [2, 3]);

    const page = store.history({
      name: "fakeai_requests_total",
      labels: { model: "gpt-4o" },
      limit: 3,
    });
    assert.deepEqual([page.points.length, page.hasMore], [3, true]);
    const none = store.history({
      name: "fakeai_requests_total",
      labels: { model: "nope" },
      limit: 3,
    });
    assert.deepEqual(none, { points: [], hasMore: false });

    const listed = store.metrics().find((m) => m.name === "fakeai_requests_total");
    assert.deepEqual(listed, {
      name: "fakeai_requests_total",
      first: t0 / 1000,
      last: t0 / 1000 + 30,
    });
    s.persistence.stop();
  }));

Deno.test("a copy of the file made while stopped restores the same history and counters", () =>
  withTempDb((path) => {
    const s = start(path);
    s.request(6);
    s.clock.advance(10_000);
    s.request();
    s.persistence.stop();
    const backup = `${path}.backup`;
    Deno.copyFileSync(path, backup);

    const original = openMetricsStore(path);
    const copy = openMetricsStore(backup);
    try {
      const q = { name: "fakeai_requests_total", limit: 100 };
      assert.deepEqual(copy.history(q), original.history(q));
      assert.equal(copy.history(q).points.length, 2);
      assert.deepEqual(copy.storedCounters, original.storedCounters);
      assert.equal(copy.storedCounters[0].value, 7);
    } finally {
      original.close();
      copy.close();
    }
  }));
