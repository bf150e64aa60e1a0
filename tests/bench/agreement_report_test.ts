import assert from "node:assert/strict";
import { compareTimings, type TimingComparison } from "../../src/timing/timing_compare.ts";
import { agreementTargets, measuredStreams, roundedComparison } from "./agreement_report.ts";

const report = (ttftOffset: number, gapOffset: number): TimingComparison =>
  compareTimings(
    {
      format: "jsonl",
      skipped: 0,
      records: [{ requestId: "a-0", ttftMs: 50 + ttftOffset, gapsMs: [20 + gapOffset, 20] }],
    },
    [{ requestId: "a-0", arrivedMs: 0, ttftMs: 50, gapsMs: [20, 20] }],
  );

Deno.test("agreement targets: ITL offset p50 within ±1 ms, TTFT offset p50 at most 5 ms", () => {
  // Gap offsets 1.5 and 0: their nearest-rank p50 is the lower one.
  const pass = agreementTargets(report(4.5, 1.5), "together");
  assert.deepEqual(pass.map((t) => [t.value, t.pass]), [[0, true], [4.5, true]]);
  assert.match(pass[0].name, /^ITL offset p50 ms, client − ledger \(together\)$/);
  const miss = agreementTargets(report(5.5, -2.5), "x");
  assert.deepEqual(miss.map((t) => t.pass), [false, false]);
});

Deno.test("measured streams: only the prefix's records, sent − due of sent steps, arrival spread", () => {
  const line = (id: string, arrived: number, due: (number | null)[], sent: (number | null)[]) =>
    JSON.stringify({ request_id: id, arrived_ms: arrived, due_ms: due, sent_ms: sent });
  const text = [
    line("warm-up", 0, [0], [90]),
    line("agree-r0-0", 100, [50, 70], [50.5, 71]),
    line("agree-r0-1", 130, [50, 70, 90], [49.75, 70, null]),
    line("agree-r01-0", 500, [50], [60]), // another prefix that merely starts the same
    "",
  ].join("\n");
  const m = measuredStreams(text, "agree-r0");
  assert.equal(m.records, 2);
  assert.deepEqual(m.lateness, [0.5, 1, -0.25, 0]);
  assert.equal(m.arrivalSpreadMs, 30);
  assert.ok(Number.isNaN(measuredStreams(text, "none").arrivalSpreadMs));
});

Deno.test("rounded comparison: metrics keyed by name, µs-rounded, counts kept", () => {
  const r = roundedComparison(report(1 / 3, 0));
  assert.equal(r.paired, 1);
  assert.equal(r.metrics.ttft_ms.offset.mean, 0.333);
  assert.equal(r.metrics.itl_ms.offset.count, 2);
});
