import assert from "node:assert/strict";
import {
  maxPairTokens,
  rankPassages,
  toFp16Precision,
} from "../../../src/modalities/ranking/reranker.ts";

const PASSAGES = [
  "Bananas are rich in potassium and grow in tropical climates.",
  "The GPU memory bandwidth of the H100 SXM is 3.35 terabytes per second.",
  "Memory bandwidth matters for large language model inference.",
  "Paris is the capital of France.",
];

Deno.test("rankings put lexically relevant passages first, sorted by logit", () => {
  const rankings = rankPassages("What is the memory bandwidth of the H100 GPU?", PASSAGES, 1);
  assert.deepEqual(rankings.map((r) => r.index).slice(0, 2), [1, 2]);
  assert.deepEqual(new Set(rankings.map((r) => r.index)), new Set([0, 1, 2, 3]));
  for (let i = 1; i < rankings.length; i++) {
    assert.ok(rankings[i - 1].logit >= rankings[i].logit);
  }
  assert.ok(rankings[0].logit > 0, "a strong match has a positive logit");
  assert.ok(rankings[3].logit < -5, "no overlap is strongly negative");
  for (const r of rankings) assert.ok(r.logit >= -10 && r.logit <= 10);
});

Deno.test("rankings are deterministic and each pair's logit ignores the other passages", () => {
  const query = "capital of France";
  assert.deepEqual(rankPassages(query, PASSAGES, 3), rankPassages(query, PASSAGES, 3));
  const alone = rankPassages(query, [PASSAGES[3]], 3)[0].logit;
  const among = rankPassages(query, PASSAGES, 3).find((r) => r.index === 3)!.logit;
  assert.equal(alone, among);
});

Deno.test("logits are rounded to fp16 precision like the NIM service", () => {
  assert.equal(toFp16Precision(-1.2421875), -1.2421875);
  assert.equal(toFp16Precision(-3.0292969), -3.029296875);
  assert.equal(toFp16Precision(0), 0);
  for (const r of rankPassages("bandwidth", PASSAGES, 9)) {
    assert.equal(toFp16Precision(r.logit), r.logit);
  }
});

Deno.test("pair token limits follow NVIDIA's support matrix", () => {
  assert.equal(maxPairTokens("nvidia/nv-rerankqa-mistral-4b-v3"), 512);
  assert.equal(maxPairTokens("nvidia/llama-3.2-nv-rerankqa-1b-v2"), 8192);
  assert.equal(maxPairTokens("nvidia/llama-3_2-nv-rerankqa-1b-v2"), 8192);
  assert.equal(maxPairTokens("someone/custom-reranker"), 8192);
  // Found by the request fuzzer (tests/reliability): "constructor" gave a function as the limit.
  for (const id of ["constructor", "nvidia/__proto__", "toString", "hasOwnProperty"]) {
    assert.equal(maxPairTokens(id), 8192, id);
  }
});
