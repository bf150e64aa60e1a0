/** The live-metrics frame: every endpoint's window aggregated, per-model figures, filtering. */
import assert from "node:assert/strict";
import {
  filterSnapshot,
  LIVE_FIELDS,
  liveSnapshot,
  mixtureQuantile,
} from "../../src/metrics/live_snapshot.ts";
import { MetricsRegistry } from "../../src/metrics/registry.ts";
import { WindowedSeries } from "../../src/metrics/windowed_series.ts";
import { ManualClock } from "../../src/util/clock.ts";

const CHAT = "/v1/chat/completions";

function request(
  r: MetricsRegistry,
  endpoint: string,
  status: number,
  latency: number,
  model = "",
) {
  r.request({ endpoint, method: "POST", status, latencySeconds: latency, model });
}

Deno.test("an idle registry gives zeros, not NaN, and every field", () => {
  const clock = new ManualClock(5_000);
  const s = liveSnapshot(new MetricsRegistry({ clock, windowSeconds: 60 }));
  assert.equal(s.type, "metrics");
  assert.equal(s.timestamp, new Date(clock.wallNow()).toISOString());
  for (const field of LIVE_FIELDS) assert.ok(field in s, field);
  const {
    type: _t,
    timestamp: _ts,
    models,
    endpoints,
    errors_by_type,
    rate_limit,
    cache,
    kv_workers,
    gpus,
    timing_ledger,
    ...numbers
  } = s;
  assert.equal(timing_ledger, false);
  assert.deepEqual(models, {});
  assert.deepEqual(endpoints, {});
  assert.deepEqual(errors_by_type, {});
  assert.deepEqual(rate_limit, { allowed: 0, throttled_requests: 0, throttled_tokens: 0 });
  assert.deepEqual(cache, {
    kv_hit_rate: 0,
    kv_usage: 0,
    prefix_queried_tokens: 0,
    prefix_hit_tokens: 0,
  });
  assert.deepEqual(kv_workers, []);
  assert.deepEqual(gpus, []);
  for (const [name, value] of Object.entries(numbers)) assert.equal(value, 0, name);
});

Deno.test("rates add up over endpoints; latency is the request-weighted mean", () => {
  const clock = new ManualClock();
  const r = new MetricsRegistry({ clock, windowSeconds: 60 });
  for (let i = 0; i < 30; i++) request(r, CHAT, 200, 0.1, "gpt-4o");
  for (let i = 0; i < 10; i++) request(r, "/v1/embeddings", 200, 0.02, "emb");
  for (let i = 0; i < 10; i++) request(r, "/v1/embeddings", 400, 0.001);
  clock.advance(10_000);
  const s = liveSnapshot(r);
  const now = clock.now();
  const chat = r.latencyByEndpoint.get(CHAT)!.stats(now);
  const emb = r.latencyByEndpoint.get("/v1/embeddings")!.stats(now);
  assert.equal(s.requests_per_second, Math.round((chat.rate + emb.rate) * 1000) / 1000);
  assert.equal(s.requests_per_second, 5); // 50 requests over 10 s
  assert.equal(
    s.avg_latency_ms,
    Math.round(((30 * 0.1 + 10 * 0.02 + 10 * 0.001) / 50) * 1e6) / 1e3,
  );
  assert.equal(s.error_rate, 0.2);
  // 20 fast embeddings then 30 chats at 100 ms: the 25th and the 50th fastest are both 100 ms.
  assert.equal(s.p50_latency_ms, 100);
  assert.equal(s.p99_latency_ms, 100);
});

Deno.test("tokens, streams, TTFT, running and per-model figures come from the registry", () => {
  const clock = new ManualClock();
  const r = new MetricsRegistry({ clock, windowSeconds: 60 });
  r.generationStarted("gpt-4o");
  r.generationStarted("gpt-4o");
  r.streamStarted();
  r.streamFirstToken("gpt-4o", 0.25);
  r.streamStarted();
  r.streamEnded("failed", null);
  r.generationFinished({
    model: "gpt-4o",
    promptTokens: 12,
    completionTokens: 40,
    finishReason: "stop",
    ttftSeconds: 0.25,
    e2eSeconds: 1,
    queueSeconds: 0,
  });
  request(r, CHAT, 200, 1, "gpt-4o");
  request(r, CHAT, 429, 0.001, "gpt-4o");
  clock.advance(10_000);
  const s = liveSnapshot(r);
  assert.equal(s.tokens_per_second, 4); // 40 completion tokens over 10 s
  assert.equal(s.active_streams, 1);
  assert.equal(s.completed_streams, 0);
  assert.equal(s.failed_streams, 1);
  assert.ok(Math.abs(s.ttft_p50_ms - 250) < 250 * 0.03, String(s.ttft_p50_ms));
  assert.equal(s.running_requests, 1);
  assert.deepEqual(s.models, {
    "gpt-4o": {
      requests_total: 2,
      errors_total: 1,
      prompt_tokens_total: 12,
      completion_tokens_total: 40,
      running_requests: 1,
      waiting_requests: 0,
    },
  });
});

Deno.test("filterSnapshot keeps type, timestamp and the chosen fields and models", () => {
  const clock = new ManualClock();
  const r = new MetricsRegistry({ clock, windowSeconds: 60 });
  request(r, CHAT, 200, 0.1, "a");
  request(r, CHAT, 200, 0.1, "b");
  const s = liveSnapshot(r);
  assert.deepEqual(Object.keys(filterSnapshot(s, ["tokens_per_second"], null)), [
    "type",
    "timestamp",
    "tokens_per_second",
  ]);
  const withModels = filterSnapshot(s, ["models"], ["b", "never-seen"]);
  assert.deepEqual(Object.keys(withModels.models as object), ["b"]);
  assert.deepEqual(filterSnapshot(s, null, null), { ...s });
});

Deno.test("mixtureQuantile: one window gives its own quantiles back exactly", () => {
  const w = new WindowedSeries(60);
  for (let i = 1; i <= 200; i++) w.record(i / 1000, 0);
  const stats = w.stats(1000);
  assert.equal(mixtureQuantile([stats], 0.5), stats.p50);
  assert.equal(mixtureQuantile([stats], 0.99), stats.p99);
  assert.equal(mixtureQuantile([stats, stats], 0.5), stats.p50, "two equal windows");
  assert.equal(mixtureQuantile([], 0.5), 0);
});

Deno.test("mixtureQuantile: two separate populations, weighted by their counts", () => {
  const fast = new WindowedSeries(60);
  const slow = new WindowedSeries(60);
  for (let i = 0; i < 90; i++) fast.record(0.01, 0);
  for (let i = 0; i < 10; i++) slow.record(2, 0);
  const both = [fast.stats(1000), slow.stats(1000)];
  assert.equal(mixtureQuantile(both, 0.5), 0.01);
  assert.equal(mixtureQuantile(both, 0.99), 2);
  const even = new WindowedSeries(60);
  for (let i = 0; i < 90; i++) even.record(2, 0);
  assert.equal(mixtureQuantile([fast.stats(1000), even.stats(1000)], 0.5), 0.01);
  assert.equal(mixtureQuantile([fast.stats(1000), even.stats(1000)], 0.51), 2);
});

Deno.test("the dashboard's breakdowns: endpoints, error types, ITL, rate limits, sources", () => {
  const clock = new ManualClock();
  const r = new MetricsRegistry({ clock, windowSeconds: 60 });
  r.request({ endpoint: CHAT, method: "POST", status: 200, latencySeconds: 0.2, model: "m" });
  r.request({
    endpoint: CHAT,
    method: "POST",
    status: 404,
    latencySeconds: 0.01,
    model: "x",
    errorType: "model_not_found",
  });
  r.streamToken("m", 0.01);
  r.streamToken("m", 0.03);
  r.rateLimit.inc(["allowed"], 2);
  r.rateLimit.inc(["throttled_requests"], 1);
  r.prefixLookup("m", 100, 40);
  clock.advance(2000);
  const s = liveSnapshot(r, {
    kvWorkers: () => [{ worker: 0, usage: 0.5, active_requests: 1 }],
    gpus: () => [],
  });
  assert.equal(s.requests_total, 2);
  assert.equal(s.errors_total, 1);
  assert.equal(s.endpoints[CHAT].requests_total, 2);
  assert.equal(s.endpoints[CHAT].errors_total, 1);
  assert.equal(s.endpoints[CHAT].prompt_tokens_total, 0);
  assert.equal(s.endpoints[CHAT].completion_tokens_total, 0);
  assert.deepEqual(s.errors_by_type, { model_not_found: 1 });
  assert.ok(s.itl_p50_ms > 9 && s.itl_p99_ms < 31, `${s.itl_p50_ms} ${s.itl_p99_ms}`);
  assert.deepEqual(s.rate_limit, { allowed: 2, throttled_requests: 1, throttled_tokens: 0 });
  assert.equal(s.cache.prefix_queried_tokens, 100);
  assert.equal(s.cache.prefix_hit_tokens, 40);
  assert.deepEqual(s.kv_workers, [{ worker: 0, usage: 0.5, active_requests: 1 }]);
  assert.equal(s.uptime_seconds, 2);
});

Deno.test("timing ledger: lateness p50/p99/max over the window, early steps as 0, and the flag", () => {
  const clock = new ManualClock();
  const r = new MetricsRegistry({ clock, windowSeconds: 60 });
  const series = r.latenessSeries(CHAT, "gpt-4o");
  // 40 steps 0.4 ms early, 58 sent 10 ms late, 2 sent 100 ms late.
  for (let i = 0; i < 40; i++) r.stepLateness(series, -0.0004);
  for (let i = 0; i < 58; i++) r.stepLateness(series, 0.01);
  for (let i = 0; i < 2; i++) r.stepLateness(series, 0.1);
  clock.advance(5_000);
  const s = liveSnapshot(r, { timingLedger: true });
  assert.equal(s.timing_ledger, true);
  // The 50th step is one of the 10 ms ones (its bin's middle, within 2.3 %); the 99th and the
  // latest are 100 ms (a quantile never passes the window's max).
  assert.equal(s.lateness_p50_ms, 10.233);
  assert.equal(s.lateness_p99_ms, 100);
  assert.equal(s.lateness_max_ms, 100);
  // The Prometheus histogram keeps every step, the early ones in le="0".
  const [[labels, hist]] = r.tokenLateness.entries();
  assert.deepEqual(labels, [CHAT, "gpt-4o"]);
  assert.equal(hist.count, 100);
  assert.equal(hist.counts[0], 40);
  // Only early steps: on time.
  clock.advance(61_000);
  for (let i = 0; i < 3; i++) r.stepLateness(series, -0.0002);
  const early = liveSnapshot(r, { timingLedger: true });
  assert.deepEqual(
    [early.lateness_p50_ms, early.lateness_p99_ms, early.lateness_max_ms],
    [0, 0, 0],
  );
  // The window moves on: nothing recorded in the last 60 s gives zeros.
  clock.advance(61_000);
  const idle = liveSnapshot(r, { timingLedger: true });
  assert.deepEqual([idle.lateness_p50_ms, idle.lateness_p99_ms, idle.lateness_max_ms], [0, 0, 0]);
  assert.equal(liveSnapshot(r).timing_ledger, false);
});

Deno.test("per-endpoint token totals: what each request's usage says, cumulative", () => {
  const clock = new ManualClock();
  const r = new MetricsRegistry({ clock, windowSeconds: 60 });
  const usage = (endpoint: string, promptTokens?: number, completionTokens?: number) =>
    r.request({
      endpoint,
      method: "POST",
      status: 200,
      latencySeconds: 0.01,
      model: "m",
      promptTokens,
      completionTokens,
    });
  usage(CHAT, 12, 30);
  usage(CHAT, 8, 2);
  usage("/v1/embeddings", 5, 0);
  usage("/v1/models");
  clock.advance(120_000); // past the window: totals stay
  const { endpoints } = liveSnapshot(r);
  const tokens = Object.fromEntries(
    Object.entries(endpoints).map((
      [e, f],
    ) => [e, [f.prompt_tokens_total, f.completion_tokens_total]]),
  );
  assert.deepEqual(tokens, { [CHAT]: [20, 32], "/v1/embeddings": [5, 0], "/v1/models": [0, 0] });
  assert.equal(endpoints[CHAT].requests_per_second, 0);
});
