/**
 * A stream's steps written together in one chunk are recorded with one call (`steps`), and that
 * must expose exactly what one call per token would: the same ITL histograms, live window and
 * token counts.
 */
import assert from "node:assert/strict";
import { listedOffsets } from "../../../src/engine/latency.ts";
import type { CompletionPlan } from "../../../src/engine/plan.ts";
import { GenerationObserver } from "../../../src/api/openai/generation_observer.ts";
import { liveSnapshot } from "../../../src/metrics/live_snapshot.ts";
import { renderFamilies } from "../../../src/metrics/prometheus_text.ts";
import { fakeaiFamilies, vllmFamilies } from "../../../src/metrics/prometheus_view.ts";
import { MetricsRegistry } from "../../../src/metrics/registry.ts";
import { ManualClock } from "../../../src/util/clock.ts";

const STEPS = 9;

function plan(): CompletionPlan {
  return {
    id: "chatcmpl-1",
    created: 1,
    model: "gpt-4o",
    systemFingerprint: "fp_1",
    choices: [],
    usage: { promptTokens: 5, completionTokens: STEPS, cachedTokens: 0, reasoningTokens: 0 },
    steps: STEPS,
    stepOffsetsMs: listedOffsets(Array.from({ length: STEPS }, (_, i) => i * 10)),
    nonStreamDelayMs: 80,
    cacheLeases: [],
  } as unknown as CompletionPlan;
}

/** Writes: steps 0..3 at t=1010, 4 at 1030, 5..8 at 1055 (chunks as a bunched stream sends them). */
const CHUNKS: Array<[from: number, to: number, at: number]> = [
  [0, 4, 1010],
  [4, 5, 1030],
  [5, 9, 1055],
];

function run(streamed: boolean, record: (o: GenerationObserver) => void): string {
  const clock = new ManualClock(1000);
  const metrics = new MetricsRegistry({ clock, windowSeconds: 60 });
  const observer = new GenerationObserver({
    metrics,
    plan: plan(),
    arrivedAt: 1000,
    streamed,
    queued: false,
  });
  record(observer);
  clock.advance(100);
  observer.finish("completed", 1100);
  return [
    renderFamilies(fakeaiFamilies(metrics)),
    renderFamilies(vllmFamilies(metrics)),
    JSON.stringify(liveSnapshot(metrics)),
  ].join("\n");
}

for (const streamed of [true, false]) {
  Deno.test(`${streamed ? "streamed" : "non-streamed"}: steps written together record as one call per step would`, () => {
    const batched = run(streamed, (o) => {
      for (const [from, to, at] of CHUNKS) o.steps(from, to, at);
    });
    const perStep = run(streamed, (o) => {
      for (const [from, to, at] of CHUNKS) for (let s = from; s < to; s++) o.step(s, at);
    });
    assert.equal(batched, perStep);
    // The gaps really were recorded: 8 of them (two of 20 and 25 ms, six of 0).
    assert.match(batched, /time_per_output_token_seconds_count\{[^}]*\} 8\b/);
  });
}

Deno.test("an empty chunk records nothing", () => {
  const none = run(true, (o) => o.steps(3, 3, 1010));
  const nothing = run(true, () => {});
  assert.equal(none, nothing);
});
