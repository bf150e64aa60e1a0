/** A fixed-mode stream's due times come from the plan's offsets, on demand. */
import assert from "node:assert/strict";
import { listedOffsets } from "../../src/engine/latency.ts";
import { plannedSchedule } from "../../src/streaming/step_schedule.ts";

const all = (s: { steps: number; dueAt(k: number): number }) =>
  Array.from({ length: s.steps }, (_, k) => s.dueAt(k));

Deno.test("due times are the offsets from the start", () => {
  assert.deepEqual(all(plannedSchedule(listedOffsets([0, 20, 45]), 1000)), [1000, 1020, 1045]);
});

Deno.test("a stall delays its step and every later one", () => {
  const schedule = plannedSchedule(listedOffsets([0, 20, 45, 60]), 1000, { step: 2, ms: 500 });
  assert.deepEqual(all(schedule), [1000, 1020, 1545, 1560]);
});

Deno.test("no steps, no due times", () => {
  assert.equal(plannedSchedule(listedOffsets([]), 5).steps, 0);
});

Deno.test("bounds: first, last and largest gap, a stall added to each", () => {
  assert.deepEqual(plannedSchedule(listedOffsets([5, 20, 45]), 1000).bounds, {
    first: 1005,
    last: 1045,
    largestGap: 25,
  });
  const stalled = plannedSchedule(listedOffsets([5, 20, 45]), 1000, { step: 1, ms: 500 });
  assert.deepEqual(stalled.bounds, { first: 1505, last: 1545, largestGap: 525 });
});
