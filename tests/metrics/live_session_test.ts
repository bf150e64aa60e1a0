/** A live-metrics subscriber driven by a ManualClock: pushes, subscribe, ping, errors, cleanup. */
import assert from "node:assert/strict";
import { LiveMetricsSession, SnapshotCache } from "../../src/metrics/live_session.ts";
import { parseClientMessage } from "../../src/metrics/live_protocol.ts";
import { MetricsRegistry } from "../../src/metrics/registry.ts";
import { ManualClock } from "../../src/util/clock.ts";

function setup(buffered = 0) {
  const clock = new ManualClock();
  const registry = new MetricsRegistry({ clock, windowSeconds: 60 });
  const frames: Record<string, unknown>[] = [];
  const session = new LiveMetricsSession(registry, {
    send: (text) => frames.push(JSON.parse(text)),
    bufferedAmount: () => buffered,
  });
  const take = () => frames.splice(0);
  const send = (msg: unknown) => session.receive(JSON.stringify(msg));
  return { clock, registry, session, take, send };
}

Deno.test("a snapshot at once, then one per second by default", () => {
  const t = setup();
  t.session.start();
  const [first, ...rest] = t.take();
  assert.deepEqual(rest, []);
  assert.equal(first.type, "metrics");
  assert.equal(first.requests_per_second, 0);
  t.clock.advance(999);
  assert.equal(t.take().length, 0);
  t.clock.advance(1);
  t.clock.advance(2000);
  assert.deepEqual(t.take().map((f) => f.timestamp), [
    new Date(1_700_000_001_000).toISOString(),
    new Date(1_700_000_002_000).toISOString(),
    new Date(1_700_000_003_000).toISOString(),
  ]);
});

Deno.test("subscribe: acknowledged, then filtered frames at the new interval", () => {
  const t = setup();
  t.session.start();
  t.take();
  t.send({
    type: "subscribe",
    interval_ms: 250,
    metrics: ["tokens_per_second", "models"],
    models: ["gpt-4o"],
  });
  const [ack, frame] = t.take();
  assert.deepEqual(ack, {
    type: "subscribed",
    interval_ms: 250,
    metrics: ["tokens_per_second", "models"],
    models: ["gpt-4o"],
  });
  assert.deepEqual(Object.keys(frame), ["type", "timestamp", "tokens_per_second", "models"]);
  t.registry.request({
    endpoint: "/v1/chat/completions",
    method: "POST",
    status: 200,
    latencySeconds: 0.1,
    model: "gpt-4o",
  });
  t.registry.request({
    endpoint: "/x",
    method: "GET",
    status: 200,
    latencySeconds: 0.1,
    model: "o",
  });
  t.clock.advance(1000);
  const frames = t.take();
  assert.equal(frames.length, 4);
  assert.deepEqual(Object.keys(frames[3].models as object), ["gpt-4o"]);
});

Deno.test("ping → pong; unsubscribe stops pushes; a later subscribe resumes them", () => {
  const t = setup();
  t.session.start();
  t.take();
  t.send({ type: "ping" });
  assert.deepEqual(t.take(), [{
    type: "pong",
    timestamp: new Date(1_700_000_000_000).toISOString(),
  }]);
  t.send({ type: "unsubscribe" });
  assert.equal(t.take()[0].type, "unsubscribed");
  assert.equal(t.clock.pendingTimers, 0);
  t.clock.advance(5000);
  assert.deepEqual(t.take(), []);
  t.send({ type: "subscribe" });
  assert.deepEqual(t.take().map((f) => f.type), ["subscribed", "metrics"]);
  assert.equal(t.session.subscription.intervalMs, 1000);
});

Deno.test("bad messages get an error frame; the subscription and the pushes go on", () => {
  const t = setup();
  t.session.start();
  t.send({ type: "subscribe", interval_ms: 500 });
  t.take();
  const bad: unknown[] = [
    "{not json",
    [1, 2],
    { type: "dance" },
    { type: "subscribe", interval_ms: 99 },
    { type: "subscribe", interval_ms: 60_001 },
    { type: "subscribe", interval_ms: 150.5 },
    { type: "subscribe", metrics: ["requests_per_second", "bogus"] },
    { type: "subscribe", metrics: [] },
    { type: "subscribe", models: "gpt-4o" },
    { type: "subscribe", filters: { interval: 1 } },
  ];
  for (const msg of bad) {
    t.session.receive(typeof msg === "string" ? msg : JSON.stringify(msg));
    const [frame, ...rest] = t.take();
    assert.equal(frame.type, "error", JSON.stringify(msg));
    assert.equal(typeof frame.message, "string");
    assert.deepEqual(rest, []);
  }
  t.session.receive(new Uint8Array([1]));
  assert.match(String(t.take()[0].message), /Binary/);
  assert.equal(t.session.subscription.intervalMs, 500);
  t.clock.advance(500);
  assert.equal(t.take()[0].type, "metrics");
});

Deno.test("error messages name the problem", () => {
  const message = (text: string) => {
    const m = parseClientMessage(text);
    return m.type === "invalid" ? m.message : "";
  };
  assert.match(message('{"type":"subscribe","interval_ms":5}'), /from 100 to 60000, got 5/);
  assert.match(message('{"type":"subscribe","metrics":["x"]}'), /Unknown metric 'x'/);
  assert.match(message('{"type":"nope"}'), /Unknown message type "nope"/);
  assert.match(message('{"type":"subscribe","filters":{}}'), /Unknown field 'filters'/);
  assert.match(message("x".repeat(70_000)), /too large/);
});

Deno.test("a client that stops reading skips frames; close() cancels the timer", () => {
  const t = setup(2 << 20);
  t.session.start();
  t.clock.advance(3000);
  assert.deepEqual(t.take(), []);
  assert.equal(t.clock.pendingTimers, 1);
  t.session.close();
  assert.equal(t.clock.pendingTimers, 0);
  t.send({ type: "ping" });
  assert.deepEqual(t.take(), []);
});

Deno.test("subscribers share one snapshot for up to the shortest interval", () => {
  const clock = new ManualClock();
  const registry = new MetricsRegistry({ clock, windowSeconds: 60 });
  const cache = new SnapshotCache(registry);
  const first = cache.get();
  registry.request({ endpoint: "/x", method: "GET", status: 200, latencySeconds: 0.1 });
  clock.advance(99);
  assert.equal(cache.get(), first);
  clock.advance(1);
  const fresh = cache.get();
  assert.notEqual(fresh, first);
  assert.ok(fresh.requests_per_second > 0);
});
