/** Registry → views: every view reports the same truth. */
import assert from "node:assert/strict";
import { metricsJson } from "../../src/metrics/json_view.ts";
import { renderFamilies } from "../../src/metrics/prometheus_text.ts";
import { fakeaiFamilies, vllmFamilies } from "../../src/metrics/prometheus_view.ts";
import { MetricsRegistry } from "../../src/metrics/registry.ts";
import { ManualClock } from "../../src/util/clock.ts";

const MEMORY = { rss: 1048576, heapTotal: 2, heapUsed: 1, external: 0 };

function workload() {
  const clock = new ManualClock();
  const r = new MetricsRegistry({ clock, windowSeconds: 300 });
  for (let i = 0; i < 3; i++) {
    r.generationStarted("m");
    r.streamStarted();
    r.streamFirstToken("m", 0.05);
    r.streamToken("m", 0.02);
    r.streamToken("m", 0.02);
    clock.advance(100);
    r.streamEnded("completed", 30);
    r.generationFinished({
      model: "m",
      promptTokens: 10,
      completionTokens: 3,
      finishReason: "length",
      ttftSeconds: 0.05,
      e2eSeconds: 0.1,
      queueSeconds: 0,
    });
    r.request({
      endpoint: "/v1/chat/completions",
      method: "POST",
      status: 200,
      model: "m",
      latencySeconds: 0.1,
    });
  }
  r.request({
    endpoint: "/v1/chat/completions",
    method: "POST",
    status: 400,
    latencySeconds: 0.001,
    errorType: "invalid_value",
  });
  return r;
}

function sampleValue(text: string, line: string): number {
  const found = text.split("\n").find((l) => l.startsWith(line + " "));
  assert.ok(found, `missing ${line}`);
  return Number(found.slice(line.length + 1));
}

Deno.test("JSON, Prometheus and vLLM views agree after a workload", () => {
  const r = workload();
  const json = metricsJson(r, MEMORY, { rateLimitEnabled: false, abuseEnabled: false });
  const prom = renderFamilies(fakeaiFamilies(r));
  const vllm = renderFamilies(vllmFamilies(r));

  assert.equal(json.requests["/v1/chat/completions"].count, 4);
  assert.deepEqual(json.responses, { "200": 3, "400": 1 });
  assert.equal(json.tokens.prompt, 30);
  assert.equal(json.tokens.completion, 9);
  assert.equal(json.errors.total, 1);
  assert.deepEqual(json.errors.by_type, { invalid_value: 1 });
  assert.equal(json.streaming_stats.completed_streams, 3);
  assert.equal(json.streaming_stats.active_streams, 0);
  assert.ok(json.streaming_stats.ttft.p50 > 0.045 && json.streaming_stats.ttft.p50 < 0.055);

  const ok =
    'fakeai_requests_total{endpoint="/v1/chat/completions",method="POST",status="200",model="m"}';
  assert.equal(sampleValue(prom, ok), 3);
  assert.equal(sampleValue(prom, 'fakeai_errors_total{type="invalid_value"}'), 1);
  assert.equal(sampleValue(prom, 'fakeai_tokens_total{model="m",kind="completion"}'), 9);
  assert.equal(sampleValue(prom, 'fakeai_streams_total{outcome="completed"}'), 3);
  assert.equal(sampleValue(prom, "fakeai_ttft_seconds_count"), 3);

  assert.equal(sampleValue(vllm, 'vllm:generation_tokens_total{model_name="m",engine="0"}'), 9);
  assert.equal(sampleValue(vllm, 'vllm:prompt_tokens_total{model_name="m",engine="0"}'), 30);
  assert.equal(
    sampleValue(
      vllm,
      'vllm:request_success_total{model_name="m",engine="0",finished_reason="length"}',
    ),
    3,
  );
  assert.equal(
    sampleValue(vllm, 'vllm:time_to_first_token_seconds_count{model_name="m",engine="0"}'),
    3,
  );
  assert.equal(
    sampleValue(vllm, 'vllm:inter_token_latency_seconds_count{model_name="m",engine="0"}'),
    6,
  );
  assert.equal(sampleValue(vllm, 'vllm:num_requests_running{model_name="m",engine="0"}'), 0);
});

Deno.test("histogram buckets are cumulative and end with +Inf = count", () => {
  const r = workload();
  const vllm = renderFamilies(vllmFamilies(r));
  const buckets = vllm.split("\n").filter((l) =>
    l.startsWith("vllm:time_to_first_token_seconds_bucket{")
  ).map((l) => Number(l.split(" ")[1]));
  for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i] >= buckets[i - 1]);
  assert.equal(buckets.at(-1), 3);
  assert.match(
    vllm,
    /vllm:time_to_first_token_seconds_bucket\{model_name="m",engine="0",le="0.06"\} 3/,
  );
  assert.match(
    vllm,
    /vllm:time_to_first_token_seconds_bucket\{model_name="m",engine="0",le="0.04"\} 0/,
  );
});

Deno.test("model labels are bounded", () => {
  const r = new MetricsRegistry({ clock: new ManualClock(), windowSeconds: 60 });
  for (let i = 0; i < 150; i++) r.generationStarted(`model-${i}`);
  assert.equal(r.modelLabels.length, 100);
  assert.equal(r.running.get("other"), 50);
});
