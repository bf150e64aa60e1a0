/**
 * Windows recorded apart and merged slot by slot read like one window that recorded every sample.
 * Sample values are multiples of 1/64 so that sums are exact whatever order they are added in.
 */
import assert from "node:assert/strict";
import { WindowedSeries } from "../../src/metrics/windowed_series.ts";

const WINDOW_SECONDS = 10;
const SLOTS = 10; // 1 s slots

/** The parts merged; their snapshots taken at 0 keep every slot, however old. */
function merged(...parts: WindowedSeries[]): WindowedSeries {
  const out = new WindowedSeries(WINDOW_SECONDS, SLOTS);
  for (const part of parts) out.absorb(structuredClone(part.snapshot(0)));
  return out;
}

Deno.test("window merge: samples split over two windows, across rotations, read as one window", () => {
  const one = new WindowedSeries(WINDOW_SECONDS, SLOTS);
  const a = new WindowedSeries(WINDOW_SECONDS, SLOTS);
  const b = new WindowedSeries(WINDOW_SECONDS, SLOTS);
  // 45 s of samples every 250 ms: the ring goes round four times, most samples leave the window.
  for (let i = 0, t = 0; t < 45_000; i++, t += 250) {
    const value = ((i * 37) % 200 + 1) / 64;
    one.record(value, t);
    (i % 3 === 0 ? a : b).record(value, t);
    if (i % 40 !== 0) continue;
    const both = new WindowedSeries(WINDOW_SECONDS, SLOTS);
    both.absorb(a.snapshot(t));
    both.absorb(b.snapshot(t));
    for (const later of [t, t + 3_000, t + 9_999, t + 20_000]) {
      assert.deepEqual(both.stats(later), one.stats(later), `merged at ${t}, read at ${later}`);
    }
  }
});

Deno.test("window merge: zero, negative, NaN and out-of-range samples survive the snapshot", () => {
  const one = new WindowedSeries(WINDOW_SECONDS, SLOTS);
  const a = new WindowedSeries(WINDOW_SECONDS, SLOTS);
  const b = new WindowedSeries(WINDOW_SECONDS, SLOTS);
  const odd = [NaN, 0.5, 0, -2, 1e-9, 1e9, Infinity, NaN, 0.25];
  odd.forEach((value, i) => {
    one.record(value, 1_000 * (i % 3));
    (i % 2 === 0 ? a : b).record(value, 1_000 * (i % 3));
  });
  const both = merged(a, b);
  assert.deepEqual(both.stats(3_000), one.stats(3_000));
  const nanOnly = new WindowedSeries(WINDOW_SECONDS, SLOTS);
  nanOnly.record(NaN, 0);
  assert.deepEqual(merged(nanOnly).stats(0), nanOnly.stats(0));
});

Deno.test("window merge: a newer epoch replaces the slot's older one; an older one is dropped", () => {
  const old = new WindowedSeries(WINDOW_SECONDS, SLOTS);
  const recent = new WindowedSeries(WINDOW_SECONDS, SLOTS);
  old.record(1, 2_500); // epoch 2
  recent.record(4, 12_500); // epoch 12: the same slot of the ring
  for (const order of [[old, recent], [recent, old]]) {
    const both = merged(...order);
    const s = both.stats(12_500);
    assert.equal(s.count, 1);
    assert.equal(s.max, 4);
    assert.equal(s.sum, 4);
  }
});

Deno.test("window merge: the first sample is the earliest of the parts' (rates use it)", () => {
  const early = new WindowedSeries(WINDOW_SECONDS, SLOTS);
  const late = new WindowedSeries(WINDOW_SECONDS, SLOTS);
  early.record(1, 2_000);
  late.record(1, 6_000);
  late.record(1, 7_000);
  const s = merged(late, early).stats(8_000);
  assert.equal(s.count, 3);
  assert.equal(s.rate, 0.5); // 3 samples over the 6 s since the first
});

Deno.test("window snapshot: only the slots still in the window, only their non-empty bins", () => {
  const w = new WindowedSeries(WINDOW_SECONDS, SLOTS);
  w.record(0.5, 1_000);
  w.record(0.5, 14_000);
  w.record(2, 14_500);
  w.record(0, 15_000);
  const s = w.snapshot(15_000);
  assert.deepEqual([...s.epochs].sort((x, y) => x - y), [14, 15]);
  assert.equal(s.bins.length, 3);
  assert.deepEqual([...s.binCounts].reduce((n, c) => n + c, 0), 3);
  assert.equal(s.firstSampleAt, 1_000);
  const empty = new WindowedSeries(WINDOW_SECONDS, SLOTS).snapshot(15_000);
  assert.equal(empty.epochs.length, 0);
  assert.equal(empty.firstSampleAt, -1);
});

Deno.test("window merge: absorbing an empty window changes nothing", () => {
  const w = new WindowedSeries(WINDOW_SECONDS, SLOTS);
  w.record(0.25, 3_000);
  w.record(0.75, 4_000);
  const before = w.stats(5_000);
  w.absorb(new WindowedSeries(WINDOW_SECONDS, SLOTS).snapshot(5_000));
  assert.deepEqual(w.stats(5_000), before);
});

Deno.test("window merge: windows of another length or slot count are refused", () => {
  const w = new WindowedSeries(WINDOW_SECONDS, SLOTS);
  assert.throws(() => w.absorb(new WindowedSeries(20, SLOTS).snapshot(0)), RangeError);
  assert.throws(() => w.absorb(new WindowedSeries(WINDOW_SECONDS, 5).snapshot(0)), RangeError);
});
