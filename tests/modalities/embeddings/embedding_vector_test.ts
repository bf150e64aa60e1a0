import assert from "node:assert/strict";
import {
  cosine,
  embeddingSeed,
  embedText,
  reduceDimensions,
} from "../../../src/modalities/embeddings/embedding_vector.ts";
import { FeatureCounter } from "../../../src/modalities/embeddings/feature_counter.ts";

const SEED = embeddingSeed(0, "text-embedding-3-small");
const embed = (text: string, dims = 1536, seed = SEED) => embedText(text, dims, seed);

function norm(v: Float32Array): number {
  let sum = 0;
  for (const x of v) sum += x * x;
  return Math.sqrt(sum);
}

Deno.test("embedding vectors are unit length, dense and of the requested size", () => {
  for (const dims of [1, 8, 256, 1536, 3072]) {
    for (const text of ["hello", "the cat sat on the mat", "🍕🍕", "   ", "x".repeat(5000)]) {
      const v = embed(text, dims);
      assert.equal(v.length, dims);
      assert.ok(Math.abs(norm(v) - 1) < 1e-5, `${dims} ${JSON.stringify(text)}`);
      assert.ok(v.every(Number.isFinite));
    }
  }
  assert.ok(embed("hello world").every((x) => x !== 0), "no exact zeros, like a real model");
});

Deno.test("embedding vectors are deterministic per (seed, text) and differ across models", () => {
  assert.deepEqual(embed("deterministic text"), embed("deterministic text"));
  const other = embeddingSeed(0, "text-embedding-3-large");
  assert.notDeepEqual(embed("deterministic text", 1536, other), embed("deterministic text"));
  assert.notDeepEqual(
    embed("deterministic text", 1536, embeddingSeed(7, "text-embedding-3-small")),
    embed("deterministic text"),
  );
  assert.notDeepEqual(embed("🍕"), embed("🎉"), "symbol-only texts still differ");
});

Deno.test("similar texts get closer vectors than unrelated ones", () => {
  const base = embed("the cat sat on the mat");
  const close = cosine(base, embed("a cat sat on a mat"));
  const far = cosine(base, embed("quarterly revenue rose sharply"));
  assert.ok(close > far, `${close} > ${far}`);
  assert.ok(close > 0.7 && far < 0.3, `${close} ${far}`);
  const query = embed("How do I reset my password?");
  assert.ok(
    cosine(query, embed("Steps to reset a forgotten password")) >
      cosine(query, embed("The weather in Paris is sunny today")),
  );
  assert.ok(
    cosine(embed("running dogs"), embed("dog running")) >
      cosine(embed("running dogs"), embed("cooking pasta")),
  );
});

Deno.test("reduceDimensions keeps the leading components, renormalised, and similarity order", () => {
  const full = embed("vector databases store embeddings", 3072);
  for (const dims of [16, 256, 1024]) {
    const cut = reduceDimensions(full, dims);
    assert.equal(cut.length, dims);
    assert.ok(Math.abs(norm(cut) - 1) < 1e-5);
    const scale = 1 / norm(full.slice(0, dims));
    for (let i = 0; i < dims; i++) assert.ok(Math.abs(cut[i] - full[i] * scale) < 1e-6);
    const a = reduceDimensions(embed("the cat sat on the mat", 3072), dims);
    const b = reduceDimensions(embed("a cat sat on a mat", 3072), dims);
    const c = reduceDimensions(embed("quarterly revenue rose sharply", 3072), dims);
    assert.ok(cosine(a, b) > cosine(a, c), `dims ${dims}`);
  }
  assert.equal(reduceDimensions(full, 3072), full);
});

Deno.test("FeatureCounter counts, keeps the first class, grows, and empties on drain", () => {
  const counter = new FeatureCounter();
  counter.add(42, 3);
  counter.add(42, 1);
  counter.add(0, 2); // 0 is stored as 1 (0 marks empty slots)
  for (let i = 0; i < 20_000; i++) counter.add(0x10000 + i * 7919, 4);
  assert.equal(counter.size, 20_002);
  const seen = new Map<number, [number, number]>();
  counter.drain((key, count, cls) => seen.set(key, [count, cls]));
  assert.deepEqual(seen.get(42), [2, 3]);
  assert.deepEqual(seen.get(1), [1, 2]);
  assert.deepEqual(seen.get(0x10000 + 19_999 * 7919), [1, 4]);
  assert.equal(counter.size, 0);
  counter.add(42, 0);
  const again: number[] = [];
  counter.drain((_key, count) => again.push(count));
  assert.deepEqual(again, [1]);
});
