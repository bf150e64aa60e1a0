/** deriveSeed is hashString of its parts joined with NUL, computed without building that text. */
import assert from "node:assert/strict";
import { createPrng, deriveSeed, hashString } from "../../src/util/prng.ts";

const joined = (...parts: Array<string | number>) => hashString(parts.join("\u0000"));

Deno.test("deriveSeed: the value of the joined text, for every kind of part", () => {
  const cases: Array<Array<string | number>> = [
    [],
    [""],
    ["", ""],
    [0],
    [-0],
    [1],
    [-1],
    [9],
    [10],
    [99_999_999],
    [100_000_000],
    [100_000_001],
    [123_456_789_012_345],
    [Number.MAX_SAFE_INTEGER],
    [-Number.MAX_SAFE_INTEGER],
    [2 ** 53],
    [1e21],
    [0.5],
    [-0.25],
    [NaN],
    [Infinity],
    [-Infinity],
    ["a", 1, "b"],
    [42, "seed", 7, "gpt-4o"],
    ["héllo 😀", 3],
  ];
  for (const parts of cases) assert.equal(deriveSeed(...parts), joined(...parts), String(parts));
  const prng = createPrng(1);
  for (let i = 0; i < 5_000; i++) {
    const big = Math.floor(prng.next() * 2 ** 53) * (prng.chance(0.5) ? -1 : 1);
    const small = prng.int(1_000_000_000);
    assert.equal(deriveSeed(big, "choice", small), joined(big, "choice", small), `${big} ${small}`);
  }
});

Deno.test("createPrng: the same draws as ever for a numeric and a string seed (plans depend on them)", () => {
  const p = createPrng(42);
  assert.deepEqual(
    [
      p.next(),
      p.int(1000),
      p.range(-5, 5),
      p.pick(["a", "b", "c", "d"]),
      p.chance(0.5),
      p.normal(),
    ],
    [0.5869106051977724, 311, 1.6673990176059306, "d", false, -0.7345095167579256],
  );
  const q = createPrng("fakeai");
  assert.deepEqual([q.next(), q.next()], [0.469849266577512, 0.2760719561483711]);
});
