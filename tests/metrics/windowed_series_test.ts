import assert from "node:assert/strict";
import { WindowedSeries } from "../../src/metrics/windowed_series.ts";

Deno.test("window stats: exact count/sum/min/max, quantiles within a bin (~2.3 %)", () => {
  const w = new WindowedSeries(300);
  for (let i = 1; i <= 1000; i++) w.record(i / 1000, 1000);
  const s = w.stats(1000);
  assert.equal(s.count, 1000);
  assert.ok(Math.abs(s.sum - 500.5) < 1e-9);
  assert.equal(s.min, 0.001);
  assert.equal(s.max, 1);
  for (const [q, v] of [[s.p50, 0.5], [s.p90, 0.9], [s.p99, 0.99]]) {
    assert.ok(Math.abs(q - v) / v < 0.03, `${q} vs ${v}`);
  }
});

Deno.test("window forgets samples older than the window; rate uses the elapsed time", () => {
  const w = new WindowedSeries(10, 10); // 1 s slots
  w.record(5, 0);
  w.record(5, 500);
  assert.equal(w.stats(1000).count, 2);
  assert.equal(w.stats(1000).rate, 2); // 2 samples over the first second
  assert.equal(w.stats(9_999).count, 2);
  assert.equal(w.stats(10_000).count, 0, "slot 0 left the window");
  w.record(1, 12_000);
  const s = w.stats(12_000);
  assert.equal(s.count, 1);
  assert.equal(s.max, 1);
});

Deno.test("zero values count and report as zero", () => {
  const w = new WindowedSeries(60);
  w.record(0, 0);
  w.record(0, 0);
  w.record(1, 0);
  const s = w.stats(0);
  assert.equal(s.p50, 0);
  assert.equal(s.avg, 1 / 3);
});
