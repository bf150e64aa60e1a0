/** Labeled counters and histograms: one series per label set, kept, listed in order of creation. */
import assert from "node:assert/strict";
import { LabeledCounter, LabeledHistogram } from "../../src/metrics/labeled.ts";

Deno.test("a label set's series is created once and the same object is handed back after", () => {
  const c = new LabeledCounter();
  const series = c.series(["gpt-4o", "prompt"]);
  series.value += 5;
  assert.equal(c.series(["gpt-4o", "prompt"]), series);
  c.inc(["gpt-4o", "prompt"], 2);
  assert.equal(series.value, 7);
  assert.equal(c.get(["gpt-4o", "prompt"]), 7);

  const h = new LabeledHistogram([1, 10]);
  const data = h.series(["m", "0"]);
  h.observe(["m", "0"], 5);
  assert.equal(h.series(["m", "0"]), data);
  assert.deepEqual([...data.counts], [0, 1, 0]);
});

Deno.test("label values are compared whole: no two label sets share a series", () => {
  const c = new LabeledCounter();
  c.inc(["a\u0001b"]);
  c.inc(["a", "b"], 2);
  c.inc(["a,b"], 3);
  c.inc([""], 4);
  c.inc([], 5);
  assert.equal(c.get(["a\u0001b"]), 1);
  assert.equal(c.get(["a", "b"]), 2);
  assert.equal(c.get(["a,b"]), 3);
  assert.equal(c.get([""]), 4);
  assert.equal(c.get([]), 5);
  assert.equal(c.total(), 15);
});

Deno.test("entries list series in creation order with the labels they were created with", () => {
  const c = new LabeledCounter();
  const labels = ["b", "x"];
  c.inc(labels);
  labels[0] = "changed by the caller afterwards";
  c.inc(["a", "y"], 2);
  c.inc(["b", "x"], 3);
  assert.deepEqual(c.entries(), [[["b", "x"], 4], [["a", "y"], 2]]);

  const h = new LabeledHistogram([1]);
  h.observe(["z"], 2);
  h.observe(["a"], 0.5);
  assert.deepEqual(h.entries().map(([l, d]) => [l, d.count, d.sum]), [[["z"], 1, 2], [
    ["a"],
    1,
    0.5,
  ]]);
});

Deno.test("reading a label set that was never recorded creates nothing", () => {
  const c = new LabeledCounter();
  c.inc(["a", "b"]);
  assert.equal(c.get(["a", "c"]), 0);
  assert.equal(c.get(["a"]), 0);
  assert.equal(c.get(["a", "b", "c"]), 0);
  assert.equal(c.entries().length, 1);
});
