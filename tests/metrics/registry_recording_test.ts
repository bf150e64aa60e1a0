/**
 * Recording is on every request's path: once a model's and an endpoint's series exist, an event
 * updates kept series and looks nothing up by label values (what the exposition looks like is
 * exposition_golden_test.ts's business).
 */
import assert from "node:assert/strict";
import { LabeledCounter, LabeledHistogram } from "../../src/metrics/labeled.ts";
import { MetricsRegistry } from "../../src/metrics/registry.ts";
import { ManualClock } from "../../src/util/clock.ts";

/** Counts the label lookups (`series`, `inc`, `observe`) made on every labeled metric of `r`. */
function countLookups(r: MetricsRegistry): { count: number } {
  const seen = { count: 0 };
  for (const metric of Object.values(r)) {
    if (!(metric instanceof LabeledCounter || metric instanceof LabeledHistogram)) continue;
    const target = metric as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const method of ["series", "inc", "observe"]) {
      const original = target[method];
      if (!original) continue;
      target[method] = function (this: unknown, ...args: unknown[]) {
        seen.count++;
        return original.apply(this, args);
      };
    }
  }
  return seen;
}

function oneOfEach(r: MetricsRegistry, model: string) {
  r.requestQueued(model);
  r.requestDequeued(model);
  r.generationStarted(model);
  r.prefixLookup(model, 40, 16);
  r.streamStarted();
  r.streamFirstToken(model, 0.02);
  r.streamToken(model, 0.01);
  r.streamEnded("completed", 50);
  r.generationFinished({
    model,
    promptTokens: 40,
    completionTokens: 3,
    finishReason: "stop",
    ttftSeconds: 0.02,
    e2eSeconds: 0.05,
    queueSeconds: 0.001,
    itlSeconds: [0.01, 0.02],
  });
  r.request({
    endpoint: "/v1/chat/completions",
    method: "POST",
    status: 200,
    model,
    latencySeconds: 0.05,
  });
  r.request({
    endpoint: "/v1/chat/completions",
    method: "POST",
    status: 429,
    model,
    latencySeconds: 0.001,
    errorType: "rate_limit_exceeded",
  });
  r.request({ endpoint: "unmatched", method: "GET", status: 404, latencySeconds: 0.001 });
}

Deno.test("after the first events of a model and endpoint, recording makes no label lookup", () => {
  const r = new MetricsRegistry({ clock: new ManualClock(), windowSeconds: 60 });
  const lookups = countLookups(r);
  oneOfEach(r, "gpt-4o");
  assert.ok(lookups.count > 0, "the first events create their series");
  lookups.count = 0;
  oneOfEach(r, "gpt-4o");
  assert.equal(lookups.count, 0);
  assert.equal(r.requests.get(["/v1/chat/completions", "POST", "200", "gpt-4o"]), 2);
  assert.equal(r.errors.get(["http_404"]), 2);
  assert.equal(r.prefixHits.get(["gpt-4o"]), 32);
  assert.equal(r.vllmItl.series(["gpt-4o", "0"]).count, 6);
});

Deno.test("models past the label limit share the series of 'other' and still record", () => {
  const r = new MetricsRegistry({ clock: new ManualClock(), windowSeconds: 60 });
  for (let i = 0; i < 300; i++) r.generationStarted(`m${i}`);
  assert.equal(r.modelLabels.length, 100);
  assert.equal(r.running.get("other"), 200);
  for (let i = 0; i < 300; i++) r.streamToken(`m${i}`, 0.01);
  assert.equal(r.streamItl.series(["other"]).count, 200);
  assert.equal(r.streamItl.series(["m0"]).count, 1);
});
