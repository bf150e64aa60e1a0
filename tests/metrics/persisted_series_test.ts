/** Registry → stored series, and stored counters → registry (pure, no database). */
import assert from "node:assert/strict";
import { collectSeries, restoredCounters } from "../../src/metrics/persisted_series.ts";
import { MetricsRegistry } from "../../src/metrics/registry.ts";
import { ManualClock } from "../../src/util/clock.ts";

function registryWithTraffic() {
  const clock = new ManualClock();
  const r = new MetricsRegistry({ clock, windowSeconds: 60 });
  r.request({
    endpoint: "/v1/chat/completions",
    method: "POST",
    status: 200,
    model: "m",
    latencySeconds: 0.2,
  });
  r.request({
    endpoint: "/v1/chat/completions",
    method: "POST",
    status: 400,
    model: "m",
    latencySeconds: 0.01,
    errorType: "invalid_value",
  });
  r.streamStarted();
  r.streamFirstToken("m", 0.05);
  r.generationFinished({
    model: "m",
    promptTokens: 7,
    completionTokens: 3,
    finishReason: "stop",
    ttftSeconds: 0.05,
    e2eSeconds: 0.1,
    queueSeconds: 0,
  });
  r.rateLimit.inc(["allowed"], 2);
  r.abuse.inc(["violations"]);
  clock.advance(4000); // 4 s since the first sample: rates are per 4 s
  return { clock, r };
}

const find = (points: ReturnType<typeof collectSeries>, name: string, labels: object) =>
  points.find((p) => p.name === name && JSON.stringify(p.labels) === JSON.stringify(labels));

Deno.test("collectSeries: every cumulative counter with its Prometheus name and labels", () => {
  const { r } = registryWithTraffic();
  const points = collectSeries(r);
  const counter = (name: string, labels: object) => {
    const p = find(points, name, labels);
    assert.ok(p, `${name} ${JSON.stringify(labels)}`);
    assert.equal(p.cumulative, true);
    return p.value;
  };
  const chat = { endpoint: "/v1/chat/completions", method: "POST" };
  assert.equal(counter("fakeai_requests_total", { ...chat, status: "200", model: "m" }), 1);
  assert.equal(counter("fakeai_requests_total", { ...chat, status: "400", model: "m" }), 1);
  assert.equal(counter("fakeai_errors_total", { type: "invalid_value" }), 1);
  assert.equal(counter("fakeai_tokens_total", { model: "m", kind: "prompt" }), 7);
  assert.equal(counter("fakeai_tokens_total", { model: "m", kind: "completion" }), 3);
  assert.equal(
    counter("vllm:request_success_total", {
      model_name: "m",
      engine: "0",
      finished_reason: "stop",
    }),
    1,
  );
  assert.equal(counter("fakeai_rate_limit_decisions_total", { decision: "allowed" }), 2);
  assert.equal(counter("fakeai_abuse_events_total", { event: "violations" }), 1);
});

Deno.test("collectSeries: windowed gauges per endpoint, TTFT quantiles, streams, error rate", () => {
  const { r } = registryWithTraffic();
  const points = collectSeries(r);
  const gauge = (name: string, labels: object) => {
    const p = find(points, name, labels);
    assert.ok(p, `${name} ${JSON.stringify(labels)}`);
    assert.equal(p.cumulative, false);
    return p.value;
  };
  const endpoint = "/v1/chat/completions";
  assert.equal(gauge("fakeai_requests_per_second", { endpoint }), 0.5);
  for (const quantile of ["0.5", "0.9", "0.99"]) {
    assert.ok(gauge("fakeai_latency_seconds", { endpoint, quantile }) > 0);
  }
  assert.ok(Math.abs(gauge("fakeai_ttft_seconds", { quantile: "0.5" }) - 0.05) < 0.002);
  assert.ok(gauge("fakeai_ttft_seconds", { quantile: "0.99" }) > 0);
  assert.equal(gauge("fakeai_tokens_per_second", {}), 0.75);
  assert.equal(gauge("fakeai_streams_active", {}), 1);
  assert.equal(gauge("fakeai_error_rate", {}), 0.5);
});

Deno.test("collectSeries: no latency or TTFT rows once the window is empty (no made-up zeros)", () => {
  const { r, clock } = registryWithTraffic();
  clock.advance(120_000);
  const points = collectSeries(r);
  assert.equal(points.some((p) => p.name === "fakeai_latency_seconds"), false);
  assert.equal(points.some((p) => p.name === "fakeai_ttft_seconds"), false);
  assert.equal(
    find(points, "fakeai_requests_per_second", { endpoint: "/v1/chat/completions" })?.value,
    0,
  );
});

Deno.test("restoredCounters: rows map back to registry keys; unknown names are skipped", () => {
  const { counters, models } = restoredCounters([
    {
      name: "fakeai_requests_total",
      labels: { endpoint: "/v1/x", method: "GET", status: "200", model: "a" },
      value: 5,
    },
    {
      name: "vllm:request_success_total",
      labels: { model_name: "b", engine: "0", finished_reason: "length" },
      value: 2,
    },
    { name: "fakeai_from_a_newer_version_total", labels: {}, value: 9 },
    { name: "fakeai_errors_total", labels: { type: "x" }, value: Number.NaN },
  ]);
  assert.deepEqual(counters, [
    { counter: "requests", labels: ["/v1/x", "GET", "200", "a"], value: 5 },
    { counter: "finished", labels: ["b", "length"], value: 2 },
  ]);
  assert.deepEqual(models, ["a", "b"]);
});

Deno.test("registry.restore + collectSeries round-trip: the same series come back", () => {
  const { r } = registryWithTraffic();
  const before = collectSeries(r).filter((p) => p.cumulative);
  const fresh = new MetricsRegistry({ clock: new ManualClock(), windowSeconds: 60 });
  fresh.restore(restoredCounters(before).counters);
  assert.deepEqual(collectSeries(fresh).filter((p) => p.cumulative), before);
});
