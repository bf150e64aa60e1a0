/** SharedCount: a bound held by every holder of the same cells, never passed. */
import assert from "node:assert/strict";
import { SharedCount } from "../../src/util/shared_count.ts";

Deno.test("shared count: takes up to max, gives back, and two views of one cell share it", () => {
  const cells = new Int32Array(new SharedArrayBuffer(8));
  const a = new SharedCount(cells, 1);
  const b = new SharedCount(cells, 1);
  assert.equal(a.tryTake(2), true);
  assert.equal(b.tryTake(2), true);
  assert.equal(a.tryTake(2), false, "the bound counts both holders");
  assert.equal(b.value, 2);
  b.give();
  assert.equal(a.tryTake(2), true);
  assert.equal(cells[0], 0, "other cells untouched");
  const own = new SharedCount();
  assert.equal(own.tryTake(1), true);
  assert.equal(own.tryTake(1), false);
});
