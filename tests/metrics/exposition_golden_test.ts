/**
 * Every view of the registry (Prometheus, vLLM, JSON, live frame, persisted series) after a varied
 * workload, compared byte for byte with a recorded exposition: how recording stores series (order
 * of first use included) must never show in what is exposed. Regenerate the fixture only for an
 * intended change of the output: `deno run -A tests/metrics/exposition_golden_test.ts --update`.
 */
import assert from "node:assert/strict";
import { metricsJson } from "../../src/metrics/json_view.ts";
import { liveSnapshot } from "../../src/metrics/live_snapshot.ts";
import { collectSeries, restoredCounters } from "../../src/metrics/persisted_series.ts";
import { renderFamilies } from "../../src/metrics/prometheus_text.ts";
import { fakeaiFamilies, vllmFamilies } from "../../src/metrics/prometheus_view.ts";
import { MetricsRegistry } from "../../src/metrics/registry.ts";
import { ManualClock } from "../../src/util/clock.ts";

const FIXTURE = new URL("../fixtures/metrics/exposition.txt", import.meta.url);
const MEMORY = { rss: 1048576, heapTotal: 2, heapUsed: 1, external: 0 };
const CHAT = "/v1/chat/completions";

function generation(r: MetricsRegistry, model: string, completionTokens: number, reason = "stop") {
  r.generationFinished({
    model,
    promptTokens: 11 + completionTokens,
    completionTokens,
    finishReason: reason,
    ttftSeconds: 0.04 + completionTokens / 1000,
    e2eSeconds: 0.05 + completionTokens / 100,
    queueSeconds: 0.002,
    itlSeconds: completionTokens > 1 ? [0.01, 0.02, 0.5] : [],
  });
}

/** Series are first touched in an order that differs between metrics (stream before generation,
 * model b finishing before model a, a restored counter before any traffic, over 100 models). */
function workload(): MetricsRegistry {
  const clock = new ManualClock();
  const r = new MetricsRegistry({ clock, windowSeconds: 60 });
  const { counters, models } = restoredCounters([
    { name: "fakeai_tokens_total", labels: { model: "old", kind: "completion" }, value: 5 },
    {
      name: "vllm:request_success_total",
      labels: { model_name: "a", finished_reason: "length" },
      value: 2,
    },
    { name: "fakeai_errors_total", labels: { type: "timeout" }, value: 1 },
  ]);
  for (const model of models) r.modelLabel(model);
  r.restore(counters);

  r.streamStarted();
  r.generationStarted("a");
  r.streamFirstToken("a", 0.03);
  r.streamToken("a", 0.02);
  r.requestQueued("b");
  r.requestQueued("c");
  r.requestDequeued("b");
  r.generationStarted("b");
  generation(r, "b", 4, "length");
  r.request({ endpoint: CHAT, method: "POST", status: 200, model: "b", latencySeconds: 0.07 });
  clock.advance(1500);
  r.streamToken("a", 0.03);
  r.streamEnded("completed", 40);
  generation(r, "a", 2);
  r.request({ endpoint: CHAT, method: "POST", status: 200, model: "a", latencySeconds: 0.12 });
  r.prefixLookup("a", 30, 16);
  r.request({ endpoint: "/v1/models", method: "GET", status: 200, latencySeconds: 0.001 });
  r.request({
    endpoint: CHAT,
    method: "POST",
    status: 429,
    model: "a",
    latencySeconds: 0.002,
    errorType: "rate_limit_exceeded",
  });
  r.request({ endpoint: "unmatched", method: "GET", status: 404, latencySeconds: 0.0005 });
  r.rateLimit.inc(["allowed"], 3);
  r.rateLimit.inc(["throttled_requests"]);
  r.abuse.inc(["violations"]);
  r.rateLimitBackendErrors = 1;
  clock.advance(700);
  // 4 models so far (old, a, b, c): 96 more fill the 100 labels, then "other".
  for (let i = 0; i < 96; i++) {
    r.request({
      endpoint: CHAT,
      method: "POST",
      status: 200,
      model: `m${i}`,
      latencySeconds: 0.01,
    });
  }
  for (const model of ["over1", "over2"]) {
    r.generationStarted(model);
    generation(r, model, 3);
    r.request({ endpoint: CHAT, method: "POST", status: 200, model, latencySeconds: 0.3 });
  }
  r.streamStarted();
  r.generationStarted("a");
  r.streamFirstToken("a", 0.2);
  r.streamEnded("failed", null);
  generation(r, "a", 1, "abort");
  r.streamStarted();
  clock.advance(2000);
  return r;
}

function exposition(r: MetricsRegistry): string {
  return [
    "# /metrics/prometheus (FakeAI families)",
    renderFamilies(fakeaiFamilies(r)),
    "# vLLM families",
    renderFamilies(vllmFamilies(r)),
    "# /metrics JSON",
    JSON.stringify(metricsJson(r, MEMORY, { rateLimitEnabled: true, abuseEnabled: false })),
    "# live frame",
    JSON.stringify(liveSnapshot(r)),
    "# persisted series",
    ...collectSeries(r).map((p) => JSON.stringify(p)),
    "",
  ].join("\n");
}

Deno.test("every view of a varied workload is byte for byte the recorded exposition", () => {
  assert.equal(exposition(workload()), Deno.readTextFileSync(FIXTURE));
});

if (import.meta.main && Deno.args.includes("--update")) {
  Deno.mkdirSync(new URL(".", FIXTURE), { recursive: true });
  Deno.writeTextFileSync(FIXTURE, exposition(workload()));
}
