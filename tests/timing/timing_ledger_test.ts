/** The ledger's ring, selection and merge, and the summary's exact percentiles. */
import assert from "node:assert/strict";
import { mergeSelections, TimingLedger } from "../../src/timing/timing_ledger.ts";
import { timingRecordJson } from "../../src/timing/timing_json.ts";
import { distribution, percentile, summarizeTimings } from "../../src/timing/timing_summary.ts";
import type { TimingStart } from "../../src/timing/timing_record.ts";
import { ManualClock } from "../../src/util/clock.ts";

const start = (id: string, arrivedMs: number, extra: Partial<TimingStart> = {}): TimingStart => ({
  requestId: id,
  endpoint: "/v1/chat/completions",
  model: "m",
  stream: true,
  mode: "fixed",
  arrivedMs,
  steps: 3,
  cachedTokens: 0,
  ...extra,
});

Deno.test("ring: N + 1 requests keep the last N, oldest first", () => {
  const ledger = new TimingLedger({ clock: new ManualClock(), maxRequests: 3 });
  for (let i = 0; i < 4; i++) ledger.begin(start(`r${i}`, i * 10));
  assert.equal(ledger.size, 3);
  assert.deepEqual([...ledger.records()].map((r) => r.requestId), ["r1", "r2", "r3"]);
  assert.deepEqual(ledger.select({ id: "r0" }), []);
  assert.equal(ledger.select({ id: "r2" })[0].arrivedMs, 20);
});

Deno.test("select: since (clock ms or wall ms, inclusive) and limit (the oldest)", () => {
  const clock = new ManualClock(100, 1_700_000_000_000);
  const ledger = new TimingLedger({ clock, maxRequests: 10, worker: 2 });
  for (let i = 0; i < 5; i++) ledger.begin(start(`r${i}`, 100 + i * 10));
  const ids = (q: Parameters<TimingLedger["select"]>[0]) =>
    ledger.select(q).map((r) => r.requestId);
  assert.deepEqual(ids({ sinceMs: 120 }), ["r2", "r3", "r4"]);
  assert.deepEqual(ids({ sinceMs: 120, limit: 2 }), ["r2", "r3"]);
  assert.deepEqual(ids({ sinceWall: 1_700_000_000_030 }), ["r3", "r4"]);
  assert.equal(ledger.select({ id: "r1" })[0].arrivedWall, 1_700_000_000_010);
  assert.equal(ledger.select({ id: "r1" })[0].worker, 2);
});

Deno.test("a record: interleaved due/sent slots, unsent steps null, first end wins", () => {
  const ledger = new TimingLedger({ clock: new ManualClock(), maxRequests: 2 });
  const r = ledger.begin(start("a", 1000));
  const lateness: number[] = [];
  r.lateness = (ms) => lateness.push(ms);
  r.due(0, 1050);
  r.due(1, 1070);
  r.due(2, 1090);
  r.sent(0, 1050);
  r.sent(1, 1072.5);
  r.sent(7, 2000); // past the plan: ignored
  r.finish("client_disconnect", 1080);
  r.finish("done", 1100);
  assert.deepEqual(lateness, [0, 2.5]);
  const json = timingRecordJson(r);
  assert.deepEqual(json.due_ms, [50, 70, 90]);
  assert.deepEqual(json.sent_ms, [50, 72.5, null]);
  assert.equal(json.steps_sent, 2);
  assert.equal(json.end, "client_disconnect");
  assert.equal(json.duration_ms, 80);
  assert.equal(json.ttft_ms, 50);
});

Deno.test("merge: several isolates' selections by arrival, then the limit", () => {
  const a = new TimingLedger({ clock: new ManualClock(), maxRequests: 5, worker: 0 });
  const b = new TimingLedger({ clock: new ManualClock(), maxRequests: 5, worker: 1 });
  a.begin(start("a1", 10));
  b.begin(start("b1", 15));
  a.begin(start("a2", 20));
  b.begin(start("b2", 5));
  const merged = mergeSelections([a.select({}), b.select({})], { limit: 3 });
  assert.deepEqual(merged.map((r) => r.requestId), ["b2", "a1", "b1"]);
});

Deno.test("percentiles are nearest-rank", () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
  assert.equal(percentile(values, 0.5), 50);
  assert.equal(percentile(values, 0.9), 90);
  assert.equal(percentile(values, 0.99), 99);
  assert.deepEqual(distribution([3, 1, 2]), {
    count: 3,
    min: 1,
    mean: 2,
    p50: 2,
    p90: 3,
    p99: 3,
    max: 3,
  });
  assert.equal(distribution([]).p50, null);
});

Deno.test("summary: TTFT, ITL, TPOT and lateness per model and endpoint, exact", async () => {
  const ledger = new TimingLedger({ clock: new ManualClock(), maxRequests: 10 });
  // Request 1: arrived 0; sent 50, 70, 100 (due 50, 70, 90).
  const r1 = ledger.begin(start("1", 0));
  [50, 70, 90].forEach((d, k) => r1.due(k, d));
  [50, 70, 100].forEach((s, k) => r1.sent(k, s));
  r1.finish("done", 100);
  // Request 2: arrived 1000; sent 1060, 1080, then disconnected.
  const r2 = ledger.begin(start("2", 1000));
  [1050, 1070, 1090].forEach((d, k) => r2.due(k, d));
  r2.sent(0, 1060);
  r2.sent(1, 1080);
  r2.finish("client_disconnect", 1085);
  // A non-streamed one: lateness only.
  const r3 = ledger.begin(start("3", 0, { stream: false, steps: 1 }));
  r3.due(0, 500);
  r3.sent(0, 501);
  r3.finish("done", 501);
  // Another model.
  ledger.begin(start("4", 0, { model: "other" }));
  const [m, other] = await summarizeTimings(ledger.records());
  assert.equal(m.model, "m");
  assert.equal(m.requests, 3);
  assert.equal(m.streamed, 2);
  assert.deepEqual(m.ends, { done: 2, client_disconnect: 1 });
  assert.deepEqual(m.ttft_ms, { count: 2, min: 50, mean: 55, p50: 50, p90: 60, p99: 60, max: 60 });
  // gaps: 20, 30 (request 1) and 20 (request 2)
  assert.deepEqual(m.itl_ms, {
    count: 3,
    min: 20,
    mean: 23.333,
    p50: 20,
    p90: 30,
    p99: 30,
    max: 30,
  });
  // TPOT: (100 − 50) / 2 = 25 and (1080 − 1060) / 1 = 20
  assert.deepEqual(m.tpot_ms, {
    count: 2,
    min: 20,
    mean: 22.5,
    p50: 20,
    p90: 25,
    p99: 25,
    max: 25,
  });
  // lateness: 0, 0, 10 | 10, 10 | 1
  assert.deepEqual(m.lateness_ms, {
    count: 6,
    min: 0,
    mean: 5.167,
    p50: 1,
    p90: 10,
    p99: 10,
    max: 10,
  });
  assert.equal(other.model, "other");
  assert.deepEqual(other.ends, { running: 1 });
  assert.equal(other.ttft_ms.count, 0);
});
