/**
 * Several isolates record into their own registries; the merge of their snapshots renders, in
 * every view, exactly what one registry that recorded every event renders. Recorded values are
 * multiples of a power of two so that sums come out the same whatever order they are added in.
 */
import assert from "node:assert/strict";
import { dcgmFamilies, type DcgmHost, dcgmJson } from "../../src/metrics/dcgm_view.ts";
import { healthReport } from "../../src/metrics/health_report.ts";
import { metricsJson } from "../../src/metrics/json_view.ts";
import { LabeledCounter, LabeledHistogram } from "../../src/metrics/labeled.ts";
import { liveSnapshot } from "../../src/metrics/live_snapshot.ts";
import { collectSeries } from "../../src/metrics/persisted_series.ts";
import { renderFamilies } from "../../src/metrics/prometheus_text.ts";
import { fakeaiFamilies, vllmFamilies } from "../../src/metrics/prometheus_view.ts";
import { mergedRegistry, MetricsRegistry } from "../../src/metrics/registry.ts";
import { COUNTER_NAMES, HISTOGRAM_NAMES } from "../../src/metrics/registry_snapshot.ts";
import { GpuSimulator } from "../../src/modalities/gpu/gpu_simulator.ts";
import { GPU_SPECS } from "../../src/modalities/gpu/gpu_specs.ts";
import { ManualClock } from "../../src/util/clock.ts";
import { createPrng, type Prng } from "../../src/util/prng.ts";

const WINDOW_SECONDS = 60;
const MEMORY = { rss: 1048576, heapTotal: 2, heapUsed: 1, external: 0 };
const HOST: DcgmHost = {
  gpuModel: "H100",
  modelName: "NVIDIA H100 80GB HBM3",
  hostname: "node-a",
  driverVersion: "570.133.20",
};
const MODELS = ["gpt-4o", "llama-3.1-8b", "mistral-7b", "qwen2.5-72b", "phi-3-mini"];
const CHAT = "/v1/chat/completions";
const ERRORS: ReadonlyArray<readonly [number, string | undefined]> = [
  [400, "invalid_request_error"],
  [401, "invalid_api_key"],
  [404, undefined],
  [429, "rate_limit_exceeded"],
  [500, undefined],
  [503, "service_unavailable"],
];

/** Every view of a registry, as text (so that order counts too). */
function views(r: MetricsRegistry) {
  const now = r.clock.now();
  let running = 0;
  for (const n of r.running.values()) running += n;
  // What GET /dcgm/metrics feeds its simulator from the registry.
  const load = { runningRequests: running, tokensPerSecond: r.tokensWindow.stats(now).sumRate };
  const gpus = new GpuSimulator({
    spec: GPU_SPECS.H100,
    count: 2,
    seed: 3,
    hostname: HOST.hostname,
    startMs: 0,
  });
  const readings = gpus.sample(now, load);
  return {
    fakeai: renderFamilies(fakeaiFamilies(r)),
    vllm: renderFamilies(vllmFamilies(r)),
    json: JSON.stringify(metricsJson(r, MEMORY, { rateLimitEnabled: true, abuseEnabled: true })),
    health: JSON.stringify(healthReport({
      registry: r,
      draining: false,
      wallNowMs: r.clock.wallNow(),
      uptimeSeconds: 1,
      version: "0.0.0",
      rssBytes: 1,
    })),
    live: JSON.stringify(liveSnapshot(r)),
    persisted: JSON.stringify(collectSeries(r)),
    dcgm: renderFamilies(dcgmFamilies(HOST, readings)),
    dcgmJson: JSON.stringify(dcgmJson(HOST, readings, load, r.clock.wallNow())),
  };
}

/** One event of the workload: at a time, on one isolate (drawn in advance: replayed twice). */
interface Step {
  at: number;
  isolate: number;
  record(r: MetricsRegistry): void;
}

/** k / denominator for k in 1..max×denominator: exact in binary. */
function dyadic(prng: Prng, max: number, denominator: number): number {
  return (1 + prng.int(max * denominator)) / denominator;
}

/** A streamed chat completion, optionally queued first (engine mode), on one isolate. */
function streamedChat(prng: Prng, isolate: number, start: number): Step[] {
  const model = prng.pick(MODELS);
  const steps: Step[] = [];
  let t = start;
  const at = (record: (r: MetricsRegistry) => void) => steps.push({ at: t, isolate, record });
  const queueSeconds = prng.chance(0.5) ? dyadic(prng, 2, 64) : 0;
  if (queueSeconds > 0) {
    at((r) => r.requestQueued(model));
    t += queueSeconds * 1000;
    at((r) => r.requestDequeued(model));
  }
  const promptTokens = 1 + prng.int(500);
  const cached = prng.int(promptTokens);
  at((r) => {
    r.generationStarted(model);
    r.prefixLookup(model, promptTokens, cached);
    r.streamStarted();
  });
  const ttft = dyadic(prng, 1, 256);
  t += ttft * 1000;
  at((r) => r.streamFirstToken(model, ttft));
  const completionTokens = 2 ** (1 + prng.int(4)) + 1;
  const tpot = dyadic(prng, 1, 1024);
  for (let i = 1; i < completionTokens; i++) {
    t += tpot * 1000;
    // With the timing ledger: every fourth step a little early, the others a quarter-gap late.
    const lateness = i % 4 === 0 ? -1 / 4096 : tpot / 4;
    at((r) => {
      r.streamToken(model, tpot);
      r.stepLateness(r.latenessSeries(CHAT, model), lateness);
    });
  }
  const failed = prng.chance(0.1);
  const tokensPerSecond = failed ? null : 1 + prng.int(200);
  const finishReason = failed ? "abort" : prng.pick(["stop", "length"]);
  const e2e = queueSeconds + ttft + (completionTokens - 1) * tpot;
  at((r) => {
    r.streamEnded(failed ? "failed" : "completed", tokensPerSecond);
    r.generationFinished({
      model,
      promptTokens,
      completionTokens,
      finishReason,
      ttftSeconds: queueSeconds + ttft,
      e2eSeconds: e2e,
      queueSeconds,
    });
    r.request({
      endpoint: CHAT,
      method: "POST",
      status: failed ? 500 : 200,
      model,
      latencySeconds: e2e,
      errorType: failed ? "internal_error" : undefined,
      promptTokens,
      completionTokens,
    });
  });
  return steps;
}

/** A non-streamed completion: its planned inter-token gaps recorded at the end. */
function plainCompletion(prng: Prng, isolate: number, start: number): Step[] {
  const model = prng.pick(MODELS);
  const completionTokens = 2 ** prng.int(4) + 1;
  const ttft = dyadic(prng, 1, 128);
  const gap = dyadic(prng, 1, 512);
  const e2e = ttft + (completionTokens - 1) * gap;
  const promptTokens = 1 + prng.int(100);
  return [
    { at: start, isolate, record: (r) => r.generationStarted(model) },
    {
      at: start + e2e * 1000,
      isolate,
      record: (r) => {
        r.generationFinished({
          model,
          promptTokens,
          completionTokens,
          finishReason: "stop",
          ttftSeconds: ttft,
          e2eSeconds: e2e,
          queueSeconds: 0,
          itlSeconds: Array(completionTokens - 1).fill(gap),
        });
        r.request({
          endpoint: "/v1/completions",
          method: "POST",
          status: 200,
          model,
          latencySeconds: e2e,
          promptTokens,
          completionTokens,
        });
      },
    },
  ];
}

/** One-step events: other endpoints, errors, rate-limit and abuse decisions. */
function oneStep(prng: Prng, isolate: number, start: number): Step[] {
  const step = (record: (r: MetricsRegistry) => void) => [{ at: start, isolate, record }];
  const latencySeconds = dyadic(prng, 1, 128);
  switch (prng.int(5)) {
    case 0: {
      const [status, errorType] = prng.pick(ERRORS);
      const endpoint = prng.pick([CHAT, "/v1/embeddings", "unmatched"]);
      const model = prng.chance(0.5) ? prng.pick(MODELS) : undefined;
      return step((r) =>
        r.request({ endpoint, method: "POST", status, model, latencySeconds, errorType })
      );
    }
    case 1: {
      const model = prng.pick(MODELS);
      const promptTokens = 1 + prng.int(64);
      return step((r) =>
        r.request({
          endpoint: "/v1/embeddings",
          method: "POST",
          status: 200,
          model,
          latencySeconds,
          promptTokens,
          completionTokens: 0,
        })
      );
    }
    case 2:
      return step((r) =>
        r.request({ endpoint: "/v1/models", method: "GET", status: 200, latencySeconds })
      );
    case 3: {
      const decision = prng.pick(["allowed", "throttled_requests", "throttled_tokens"]);
      const backendFailed = prng.chance(0.2);
      return step((r) => {
        r.rateLimit.inc([decision]);
        if (backendFailed) r.rateLimitBackendErrors++;
      });
    }
    default: {
      const event = prng.pick(["violations", "bans", "blocked"]);
      return step((r) => r.abuse.inc([event]));
    }
  }
}

/**
 * A seeded workload over `horizonMs`, each job on one of `isolates`, in time order at distinct
 * whole milliseconds; jobs still running at the horizon are cut there (streams stay open).
 */
function workload(seed: number, isolates: number, horizonMs: number): Step[] {
  const prng = createPrng(seed);
  const steps: Step[] = [];
  for (let job = 0; job < 600; job++) {
    const isolate = prng.int(isolates);
    const start = prng.range(0, horizonMs);
    const kind = prng.int(3);
    const make = kind === 0 ? streamedChat : kind === 1 ? plainCompletion : oneStep;
    steps.push(...make(prng, isolate, start));
  }
  steps.sort((a, b) => a.at - b.at); // stable: a job's steps at one instant keep their order
  let previous = -1;
  for (const step of steps) previous = step.at = Math.max(Math.round(step.at), previous + 1);
  return steps.filter((step) => step.at < horizonMs);
}

/**
 * Plays the workload into one registry and, split, into `isolates` registries on the same clock;
 * at each checkpoint, merges the isolates' snapshots (through structuredClone, as postMessage
 * would) and hands both registries to `compare`.
 */
function playSplit(
  isolates: number,
  checkpoints: readonly number[],
  compare: (single: MetricsRegistry, merged: MetricsRegistry) => void,
) {
  const clock = new ManualClock();
  const deps = { clock, windowSeconds: WINDOW_SECONDS };
  const single = new MetricsRegistry(deps);
  const parts = Array.from({ length: isolates }, () => new MetricsRegistry(deps));
  const check = () =>
    compare(single, mergedRegistry(deps, parts.map((p) => structuredClone(p.snapshot()))));
  const pending = [...checkpoints];
  for (const step of workload(isolates * 7919, isolates, 150_000)) {
    while (pending.length > 0 && pending[0] <= step.at) {
      clock.advance(pending.shift()! - clock.now());
      check();
    }
    clock.advance(step.at - clock.now());
    step.record(single);
    step.record(parts[step.isolate]);
  }
  for (const at of pending) {
    clock.advance(at - clock.now());
    check();
  }
}

// Mid-run (windows filling, then rotating), at the end, and as the window empties afterwards.
const CHECKPOINTS = [20_000, 75_000, 150_000, 180_000, 220_000];

for (const isolates of [2, 3]) {
  Deno.test(`merge: ${isolates} isolates' snapshots render exactly as one registry`, () => {
    let checked = 0;
    playSplit(isolates, CHECKPOINTS, (single, merged) => {
      assert.deepEqual(views(merged), views(single), `at ${single.clock.now()} ms`);
      checked++;
    });
    assert.equal(checked, CHECKPOINTS.length);
  });
}

Deno.test("merge: the split workload exercises every part of the registry", () => {
  playSplit(3, [150_000], (single) => {
    const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
    assert.equal(single.modelLabels.length, MODELS.length);
    assert.equal(single.latencyByEndpoint.size, 5);
    assert.ok(single.activeStreams > 0, "streams left open");
    assert.ok(sum(single.running.values()) > 0, "generations left running");
    assert.ok(sum(single.waiting.values()) > 0, "requests left waiting");
    assert.ok(single.rateLimitBackendErrors > 0);
    assert.ok(single.errors.entries().length >= 5);
    assert.ok(single.abuse.total() > 0 && single.rateLimit.total() > 0);
    assert.ok(single.streams.get(["failed"]) > 0);
    assert.ok(single.vllmItl.entries().length === MODELS.length);
    assert.ok(single.outcomesWindow.stats(single.clock.now()).count > 20);
    assert.ok(single.latenessWindow.stats(single.clock.now()).count > 20);
    assert.ok(single.tokenLateness.entries().length === MODELS.length);
  });
});

Deno.test("merge: labels past the model bound are 'other', as in one registry", () => {
  const clock = new ManualClock();
  const deps = { clock, windowSeconds: WINDOW_SECONDS };
  const single = new MetricsRegistry(deps);
  const parts = [new MetricsRegistry(deps), new MetricsRegistry(deps)];
  // 120 models, first seen alternately on either isolate: the earliest 100 keep their labels.
  for (let i = 0; i < 120; i++) {
    for (const r of [single, parts[i % 2]]) {
      r.generationStarted(`model-${i}`);
      r.request({
        endpoint: CHAT,
        method: "POST",
        status: 200,
        model: `model-${i}`,
        latencySeconds: 0.5,
      });
    }
    clock.advance(10);
  }
  const merged = mergedRegistry(deps, parts.map((p) => p.snapshot()));
  assert.equal(merged.modelLabels.length, 100);
  assert.equal(merged.running.get("other"), 20);
  assert.deepEqual(views(merged), views(single));
});

Deno.test("merge: models an isolate itself reported as 'other' stay 'other' and count", () => {
  const clock = new ManualClock();
  const deps = { clock, windowSeconds: WINDOW_SECONDS };
  const crowded = new MetricsRegistry(deps);
  const other = new MetricsRegistry(deps);
  for (let i = 0; i < 150; i++) crowded.generationStarted(`model-${i}`);
  other.generationStarted("model-149");
  other.generationStarted("model-200");
  const merged = mergedRegistry(deps, [crowded.snapshot(), other.snapshot()]);
  assert.equal(merged.modelLabels.length, 100);
  assert.ok(!merged.modelLabels.includes("other"));
  assert.equal(merged.running.get("other"), 52);
  assert.equal([...merged.running.values()].reduce((a, b) => a + b, 0), 152);
});

Deno.test("endpoint tokens: exact totals per endpoint, summed once over merged snapshots", () => {
  const clock = new ManualClock();
  const deps = { clock, windowSeconds: WINDOW_SECONDS };
  const request = (
    r: MetricsRegistry,
    endpoint: string,
    promptTokens?: number,
    completionTokens?: number,
  ) =>
    r.request({
      endpoint,
      method: "POST",
      status: 200,
      model: "gpt-4o",
      latencySeconds: 0.01,
      promptTokens,
      completionTokens,
    });
  const a = new MetricsRegistry(deps);
  const b = new MetricsRegistry(deps);
  request(a, CHAT, 10, 5);
  request(a, CHAT, 7, 3);
  request(a, "/v1/embeddings", 4, 0);
  clock.advance(1000);
  request(b, CHAT, 100, 50);
  request(b, "/v1/completions", 20, 8);
  request(b, "/v1/models"); // no usage: counts as none
  assert.deepEqual(a.endpointTokens(CHAT), { prompt: 17, completion: 8 });
  assert.deepEqual(a.endpointTokens("/v1/unseen"), { prompt: 0, completion: 0 });
  const tokens = (snapshot: ReturnType<MetricsRegistry["snapshot"]>) =>
    snapshot.endpoints.map((e) => [e.endpoint, e.promptTokens, e.completionTokens]);
  assert.deepEqual(tokens(a.snapshot()), [[CHAT, 17, 8], ["/v1/embeddings", 4, 0]]);
  const merged = mergedRegistry(deps, [a.snapshot(), b.snapshot()].map((s) => structuredClone(s)));
  assert.deepEqual(tokens(merged.snapshot()), [
    [CHAT, 117, 58],
    ["/v1/embeddings", 4, 0],
    ["/v1/completions", 20, 8],
    ["/v1/models", 0, 0],
  ]);
  const live = liveSnapshot(merged).endpoints;
  assert.equal(live[CHAT].prompt_tokens_total, 117);
  assert.equal(live[CHAT].completion_tokens_total, 58);
  assert.equal(live["/v1/models"].prompt_tokens_total, 0);
  // No new labels: the token counters by model are the engine's, untouched by request events.
  assert.equal(merged.tokens.total(), 0);
});

Deno.test("merge: absorbing an empty registry's snapshot changes nothing", () => {
  playSplit(2, [75_000], (single) => {
    const before = views(single);
    single.absorb(new MetricsRegistry({ clock: single.clock, windowSeconds: 60 }).snapshot());
    assert.deepEqual(views(single), before);
  });
});

Deno.test("merge: a registry of another window length is refused", () => {
  const clock = new ManualClock();
  const r = new MetricsRegistry({ clock, windowSeconds: 60 });
  const other = new MetricsRegistry({ clock, windowSeconds: 300 });
  assert.throws(() => r.absorb(other.snapshot()), RangeError);
});

Deno.test("snapshot: plain data only, and structuredClone keeps it whole", () => {
  playSplit(2, [150_000], (single) => {
    const snapshot = single.snapshot();
    assertPlainData(snapshot, "snapshot");
    const clone = structuredClone(snapshot);
    assert.deepEqual(clone, snapshot);
    const deps = { clock: single.clock, windowSeconds: WINDOW_SECONDS };
    assert.deepEqual(views(mergedRegistry(deps, [clone])), views(single));
  });
});

Deno.test("snapshot: every labeled counter and histogram of the registry is in it", () => {
  const r = new MetricsRegistry({ clock: new ManualClock(), windowSeconds: 60 });
  const fields = Object.entries(r);
  const counters = fields.filter(([, v]) => v instanceof LabeledCounter).map(([k]) => k);
  const histograms = fields.filter(([, v]) => v instanceof LabeledHistogram).map(([k]) => k);
  assert.deepEqual(counters.sort(), [...COUNTER_NAMES].sort());
  assert.deepEqual(histograms.sort(), [...HISTOGRAM_NAMES].sort());
});

/** Numbers, strings, booleans, arrays, typed arrays and plain objects of those: nothing else. */
function assertPlainData(value: unknown, path: string): void {
  if (value === null || ["number", "string", "boolean"].includes(typeof value)) return;
  assert.equal(typeof value, "object", `${path} is a ${typeof value}`);
  if (ArrayBuffer.isView(value)) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertPlainData(item, `${path}[${i}]`));
    return;
  }
  assert.equal(Object.getPrototypeOf(value), Object.prototype, `${path} is a class instance`);
  for (const [key, item] of Object.entries(value as object)) {
    assertPlainData(item, `${path}.${key}`);
  }
}
