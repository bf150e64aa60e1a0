/** Pure timing math: jitter bounds, stream offsets, non-streamed delay. */
import assert from "node:assert/strict";
import {
  jitter,
  type LatencyParams,
  nonStreamDelayMs,
  plannedOffsets,
} from "../../src/engine/latency.ts";
import { createPrng, type Prng } from "../../src/util/prng.ts";

const EPS = 1e-9;

/** Every offset of the timeline planned from `seed`, as a stream asks for them (in order). */
function timeline(params: LatencyParams, steps: number, seed: number): number[] {
  const offsets = plannedOffsets(params, steps, seed, createPrng(seed));
  return Array.from({ length: steps }, (_, step) => offsets.at(step));
}

/** The timeline by definition: TTFT, then one ITL more per step, each drawn in turn. */
function jitterSums(params: LatencyParams, steps: number, prng: Prng): number[] {
  const offsets: number[] = [];
  let t = 0;
  for (let i = 0; i < steps; i++) {
    t = i === 0
      ? jitter(params.ttftMs, params.ttftVariancePct, prng)
      : t + jitter(params.itlMs, params.itlVariancePct, prng);
    offsets.push(t);
  }
  return offsets;
}

Deno.test("jitter stays within ± variance for many seeds, and uses the whole range", () => {
  for (const [base, pct] of [[100, 10], [20, 50], [5, 100], [1000, 1]]) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let seed = 0; seed < 5000; seed++) {
      const v = jitter(base, pct, createPrng(seed));
      assert.ok(v >= base * (1 - pct / 100) - EPS, `${base}±${pct}% seed ${seed}: ${v}`);
      assert.ok(v <= base * (1 + pct / 100) + EPS, `${base}±${pct}% seed ${seed}: ${v}`);
      assert.ok(v >= 0);
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const spread = base * pct / 100;
    assert.ok(lo < base - spread * 0.9, `${base}±${pct}%: lowest ${lo} should be near the bound`);
    assert.ok(hi > base + spread * 0.9, `${base}±${pct}%: highest ${hi} should be near the bound`);
  }
});

Deno.test("jitter with zero variance (or zero base) is exact and draws nothing", () => {
  const prng = createPrng(1);
  const reference = createPrng(1);
  for (const base of [0, 1, 20, 123.5]) assert.equal(jitter(base, 0, prng), base);
  assert.equal(jitter(0, 50, prng), 0);
  assert.equal(prng.next(), reference.next(), "no random number was consumed");
});

Deno.test("planned offsets: TTFT then cumulative ITL, exact without variance", () => {
  const params: LatencyParams = { ttftMs: 50, ttftVariancePct: 0, itlMs: 20, itlVariancePct: 0 };
  assert.deepEqual(timeline(params, 5, 1), [50, 70, 90, 110, 130]);
  assert.deepEqual(timeline(params, 1, 1), [50]);
  assert.deepEqual(timeline(params, 0, 1), []);
});

Deno.test("planned offsets with variance: first within TTFT bounds, each gap within ITL bounds", () => {
  const params: LatencyParams = { ttftMs: 100, ttftVariancePct: 20, itlMs: 10, itlVariancePct: 30 };
  for (let seed = 0; seed < 200; seed++) {
    const offsets = timeline(params, 50, seed);
    assert.equal(offsets.length, 50);
    assert.ok(offsets[0] >= 80 - EPS && offsets[0] <= 120 + EPS, `ttft ${offsets[0]}`);
    for (let i = 1; i < offsets.length; i++) {
      const gap = offsets[i] - offsets[i - 1];
      assert.ok(gap >= 7 - EPS && gap <= 13 + EPS, `seed ${seed} gap ${i}: ${gap}`);
    }
  }
});

Deno.test("planned offsets are the cumulative sums of the same jitter draws", () => {
  const params: LatencyParams = { ttftMs: 40, ttftVariancePct: 10, itlMs: 8, itlVariancePct: 25 };
  const offsets = timeline(params, 20, 99);
  const prng = createPrng(99);
  let t = jitter(40, 10, prng);
  const expected = [t];
  for (let i = 1; i < 20; i++) expected.push(t += jitter(8, 25, prng));
  assert.deepEqual(offsets, expected);
});

Deno.test("planned offsets are deterministic for a seed and differ between seeds", () => {
  const params: LatencyParams = { ttftMs: 40, ttftVariancePct: 10, itlMs: 8, itlVariancePct: 25 };
  assert.deepEqual(
    timeline(params, 100, 5),
    timeline(params, 100, 5),
  );
  assert.notDeepEqual(
    timeline(params, 100, 5),
    timeline(params, 100, 6),
  );
});

Deno.test("nonStreamDelayMs without randomDelay: exactly base + stream duration", () => {
  const params = { responseDelaySeconds: 0.5, randomDelay: false, maxVariance: 0.3 };
  for (let seed = 0; seed < 50; seed++) {
    assert.equal(nonStreamDelayMs(params, 200, createPrng(seed)), 700);
  }
  assert.equal(
    nonStreamDelayMs(
      { responseDelaySeconds: 0, randomDelay: true, maxVariance: 0.3 },
      42,
      createPrng(1),
    ),
    42,
    "no base delay: only the stream duration",
  );
});

Deno.test("nonStreamDelayMs with randomDelay: base ± maxVariance, plus stream duration", () => {
  const params = { responseDelaySeconds: 1, randomDelay: true, maxVariance: 0.3 };
  let varied = false;
  for (let seed = 0; seed < 2000; seed++) {
    const d = nonStreamDelayMs(params, 250, createPrng(seed));
    assert.ok(d >= 700 + 250 - EPS && d <= 1300 + 250 + EPS, `seed ${seed}: ${d}`);
    if (Math.abs(d - 1250) > 1) varied = true;
  }
  assert.ok(varied, "random delay actually varies");
  assert.equal(
    nonStreamDelayMs(params, 250, createPrng(3)),
    nonStreamDelayMs(params, 250, createPrng(3)),
  );
});

Deno.test("plannedOffsets are the jitter sums without the array, in any order asked", () => {
  const cases: LatencyParams[] = [
    { ttftMs: 50, ttftVariancePct: 0, itlMs: 20, itlVariancePct: 0 },
    { ttftMs: 50, ttftVariancePct: 10, itlMs: 20, itlVariancePct: 30 },
    { ttftMs: 0, ttftVariancePct: 10, itlMs: 1000, itlVariancePct: 10 },
  ];
  for (const params of cases) {
    for (const steps of [0, 1, 2, 64]) {
      const expected = jitterSums(params, steps, createPrng(9));
      const drawn = createPrng(9);
      const offsets = plannedOffsets(params, steps, 9, drawn);
      // The prng the planner goes on drawing from is where the definition would have left it.
      const after = createPrng(9);
      jitterSums(params, steps, after);
      assert.equal(drawn.next(), after.next(), "the same draws were consumed");
      assert.equal(offsets.length, steps);
      const inOrder = Array.from({ length: steps }, (_, i) => offsets.at(i));
      assert.deepEqual(inOrder, expected);
      const backwards = Array.from({ length: steps }, (_, i) => offsets.at(steps - 1 - i));
      assert.deepEqual(backwards.reverse(), expected);
      if (steps === 0) continue;
      assert.equal(offsets.first, expected[0]);
      assert.equal(offsets.last, expected.at(-1));
      const gaps = expected.slice(1).map((t, i) => t - expected[i]);
      assert.equal(offsets.largestGap, Math.max(0, ...gaps));
    }
  }
});
