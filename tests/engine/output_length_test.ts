/** Output length policy: natural-length distributions and the exact/capped decision. */
import assert from "node:assert/strict";
import {
  decideLength,
  type LengthDistribution,
  type LengthRequest,
  naturalLength,
} from "../../src/engine/output_length.ts";
import { createPrng } from "../../src/util/prng.ts";

const DRAWS = 20_000;

function sample(dist: LengthDistribution, seed = 1): number[] {
  const prng = createPrng(seed);
  return Array.from({ length: DRAWS }, () => naturalLength(dist, prng));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function assertNear(actual: number, expected: number, tolerance: number, label: string) {
  assert.ok(
    Math.abs(actual - expected) <= expected * tolerance,
    `${label}: sample mean ${actual.toFixed(2)} not within ±${tolerance * 100}% of ${expected}`,
  );
}

function assertIntegersIn(xs: number[], min: number, max: number, label: string) {
  for (const x of xs) {
    assert.ok(
      Number.isInteger(x) && x >= min && x <= max,
      `${label}: ${x} outside [${min},${max}]`,
    );
  }
}

Deno.test("fixed: always the mean", () => {
  const xs = sample({ kind: "fixed", mean: 150, stddev: 75, min: 1, max: 2048 });
  assert.ok(xs.every((x) => x === 150));
});

Deno.test("fixed: a mean outside [min,max] is clamped", () => {
  assert.equal(
    naturalLength({ kind: "fixed", mean: 500, stddev: 0, min: 1, max: 300 }, createPrng(1)),
    300,
  );
  assert.equal(
    naturalLength({ kind: "fixed", mean: 5, stddev: 0, min: 10, max: 300 }, createPrng(1)),
    10,
  );
});

Deno.test("uniform: integers over [min,max] with mean (min+max)/2, both ends reached", () => {
  const dist: LengthDistribution = { kind: "uniform", mean: 150, stddev: 0, min: 50, max: 250 };
  const xs = sample(dist);
  assertIntegersIn(xs, 50, 250, "uniform");
  assertNear(mean(xs), 150, 0.05, "uniform");
  assert.ok(xs.includes(50) && xs.includes(250), "both bounds are drawn");
});

for (const kind of ["normal", "lognormal"] as const) {
  Deno.test(`${kind}: sample mean near the configured mean`, () => {
    for (const [m, sd] of [[150, 75], [500, 100], [1000, 400]]) {
      const xs = sample({ kind, mean: m, stddev: sd, min: 1, max: 100_000 }, m);
      assertIntegersIn(xs, 1, 100_000, kind);
      assertNear(mean(xs), m, 0.05, `${kind} ${m}±${sd}`);
    }
  });

  Deno.test(`${kind}: sample stddev near the configured stddev`, () => {
    const xs = sample({ kind, mean: 400, stddev: 100, min: 1, max: 100_000 }, 9);
    const mu = mean(xs);
    const sd = Math.sqrt(mean(xs.map((x) => (x - mu) ** 2)));
    assertNear(sd, 100, 0.1, `${kind} stddev`);
  });

  Deno.test(`${kind}: clamped to [min,max]`, () => {
    const xs = sample({ kind, mean: 150, stddev: 300, min: 100, max: 180 }, 4);
    assertIntegersIn(xs, 100, 180, kind);
    assert.ok(xs.includes(100) && xs.includes(180), "wide spread hits both clamps");
  });
}

Deno.test("naturalLength is deterministic for a seed", () => {
  const dist: LengthDistribution = { kind: "lognormal", mean: 150, stddev: 75, min: 1, max: 2048 };
  assert.deepEqual(sample(dist, 42).slice(0, 100), sample(dist, 42).slice(0, 100));
});

const req = (over: Partial<LengthRequest>): LengthRequest => ({
  maxTokens: null,
  minTokens: 0,
  ignoreEos: false,
  forcedTokens: null,
  ...over,
});

Deno.test("ignore_eos with max tokens: exactly max, finish 'length', whatever the natural length", () => {
  for (const natural of [1, 99, 100, 101, 5000]) {
    assert.deepEqual(decideLength(req({ ignoreEos: true, maxTokens: 100 }), natural), {
      tokens: 100,
      finishReason: "length",
    });
  }
});

Deno.test("ignore_eos without max tokens: the natural length", () => {
  assert.deepEqual(decideLength(req({ ignoreEos: true }), 37), {
    tokens: 37,
    finishReason: "stop",
  });
});

Deno.test("natural length below the cap stops naturally; above it is cut with 'length'", () => {
  assert.deepEqual(decideLength(req({ maxTokens: 100 }), 40), { tokens: 40, finishReason: "stop" });
  assert.deepEqual(decideLength(req({ maxTokens: 100 }), 400), {
    tokens: 100,
    finishReason: "length",
  });
  assert.deepEqual(decideLength(req({}), 4000), { tokens: 4000, finishReason: "stop" });
});

Deno.test("min_tokens raises a short natural length, still capped by max", () => {
  assert.deepEqual(decideLength(req({ minTokens: 50 }), 10), { tokens: 50, finishReason: "stop" });
  assert.deepEqual(decideLength(req({ minTokens: 50, maxTokens: 100 }), 10), {
    tokens: 50,
    finishReason: "stop",
  });
  assert.deepEqual(decideLength(req({ minTokens: 5 }), 10), { tokens: 10, finishReason: "stop" });
  assert.deepEqual(decideLength(req({ minTokens: 500, maxTokens: 100 }), 10), {
    tokens: 100,
    finishReason: "length",
  });
});

Deno.test("forced tokens: exactly that count; 'length' when it reaches max tokens", () => {
  assert.deepEqual(decideLength(req({ forcedTokens: 7 }), 500), {
    tokens: 7,
    finishReason: "stop",
  });
  assert.deepEqual(decideLength(req({ forcedTokens: 7, maxTokens: 100 }), 500), {
    tokens: 7,
    finishReason: "stop",
  });
  assert.deepEqual(decideLength(req({ forcedTokens: 100, maxTokens: 100 }), 1), {
    tokens: 100,
    finishReason: "length",
  });
  assert.deepEqual(decideLength(req({ forcedTokens: 3, minTokens: 50, ignoreEos: true }), 1), {
    tokens: 3,
    finishReason: "stop",
  }, "forced wins over min_tokens and ignore_eos");
});
