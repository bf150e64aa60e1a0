/** work_floor's interpolation: the work at which the measured CPU curve reaches a value. */
import assert from "node:assert/strict";
import { workFor } from "./work_floor.ts";

const CURVE = [{ x: 0, y: 28 }, { x: 20, y: 52 }, { x: 40, y: 78 }, { x: 80, y: 120 }];

Deno.test("workFor: on a point, between points, and off the curve", () => {
  assert.equal(workFor(CURVE, 28), 0);
  assert.equal(workFor(CURVE, 52), 20);
  assert.equal(workFor(CURVE, 65), 30);
  assert.equal(workFor(CURVE, 99), 60);
  assert.equal(workFor(CURVE, 27), null);
  assert.equal(workFor(CURVE, 121), null);
});

Deno.test("workFor: a flat stretch of the curve is skipped, not divided by zero", () => {
  assert.equal(workFor([{ x: 0, y: 30 }, { x: 20, y: 30 }, { x: 40, y: 50 }], 40), 30);
});
