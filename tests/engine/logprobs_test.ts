/** Deterministic per-token logprobs: tokens join to the content, top_logprobs shape and order. */
import assert from "node:assert/strict";
import { logprobsFor } from "../../src/engine/logprobs.ts";
import { createPrng } from "../../src/util/prng.ts";

const PIECES = ["Hello", " world", ",", " café", " 🌍", "!"];
const encoder = new TextEncoder();

Deno.test("one entry per piece; tokens join to the content; bytes are the UTF-8 of the token", () => {
  const entries = logprobsFor(PIECES, 3, createPrng(1));
  assert.equal(entries.length, PIECES.length);
  assert.equal(entries.map((e) => e.token).join(""), PIECES.join(""));
  for (const e of entries) {
    assert.deepEqual(e.bytes, Array.from(encoder.encode(e.token)));
    for (const t of e.top_logprobs) assert.deepEqual(t.bytes, Array.from(encoder.encode(t.token)));
    assert.deepEqual(Object.keys(e).sort(), ["bytes", "logprob", "token", "top_logprobs"]);
  }
});

Deno.test("logprobs are finite and <= 0", () => {
  for (const e of logprobsFor(PIECES, 5, createPrng(2))) {
    assert.ok(Number.isFinite(e.logprob) && e.logprob <= 0, String(e.logprob));
    for (const t of e.top_logprobs) assert.ok(Number.isFinite(t.logprob) && t.logprob <= 0);
  }
});

Deno.test("top_logprobs: 0 → empty; otherwise exactly N entries", () => {
  for (const e of logprobsFor(PIECES, 0, createPrng(3))) assert.deepEqual(e.top_logprobs, []);
  for (const n of [1, 2, 5, 12, 20]) {
    for (const e of logprobsFor(PIECES, n, createPrng(n))) assert.equal(e.top_logprobs.length, n);
  }
});

Deno.test("top_logprobs: chosen token first with its logprob, then strictly decreasing, distinct", () => {
  for (let seed = 0; seed < 50; seed++) {
    for (const e of logprobsFor(PIECES, 20, createPrng(seed))) {
      const top = e.top_logprobs;
      assert.equal(top[0].token, e.token);
      assert.equal(top[0].logprob, e.logprob);
      for (let i = 1; i < top.length; i++) {
        assert.ok(top[i].logprob < top[i - 1].logprob, `seed ${seed}: not decreasing at ${i}`);
      }
      assert.equal(new Set(top.map((t) => t.token)).size, top.length, `seed ${seed}: duplicates`);
    }
  }
});

Deno.test("a chosen token that is also an alternative is not repeated", () => {
  for (let seed = 0; seed < 50; seed++) {
    for (const e of logprobsFor([" the", " a", ".", ","], 12, createPrng(seed))) {
      assert.equal(e.top_logprobs.filter((t) => t.token === e.token).length, 1);
    }
  }
});

Deno.test("deterministic for a seed; different seeds differ", () => {
  assert.deepEqual(logprobsFor(PIECES, 4, createPrng(9)), logprobsFor(PIECES, 4, createPrng(9)));
  assert.notDeepEqual(
    logprobsFor(PIECES, 4, createPrng(9)),
    logprobsFor(PIECES, 4, createPrng(10)),
  );
});

Deno.test("no pieces: no entries", () => {
  assert.deepEqual(logprobsFor([], 5, createPrng(1)), []);
});
