/**
 * The heap merge and the short loop give exactly the library's merges, and long runs tokenize in
 * O(n log n).
 */
import assert from "node:assert/strict";
import o200k from "gpt-tokenizer/encoding/o200k_base";
import cl100k from "gpt-tokenizer/encoding/cl100k_base";
import { heapBytePairMerge, shortBytePairMerge } from "../../src/engine/bpe_merge.ts";
import { tokenizerForEncoding } from "../../src/engine/tokenizer.ts";
import { createPrng, type Prng } from "../../src/util/prng.ts";

interface Core {
  bytePairMerge(piece: Uint8Array): number[];
  getBpeRankFromBytes(bytes: Uint8Array): number | undefined;
}

// A fresh core per encoding, so the comparison runs the library's own quadratic loop.
function libraryCore(api: unknown): Core {
  const core = (api as { bytePairEncodingCoreProcessor: Core }).bytePairEncodingCoreProcessor;
  const proto = Object.getPrototypeOf(core) as Core;
  return {
    bytePairMerge: (piece) => proto.bytePairMerge.call(core, piece),
    getBpeRankFromBytes: (bytes) => core.getBpeRankFromBytes(bytes),
  };
}

const ALPHABET = [..."aaaabbcdeeeefghiilmnoorsttuxyz0123456789+/=_-.éüß中文😀\u0301"];

function randomPiece(prng: Prng, length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += ALPHABET[prng.int(ALPHABET.length)];
  return s;
}

for (const [name, api] of [["o200k_base", o200k], ["cl100k_base", cl100k]] as const) {
  Deno.test(`bpe merge (${name}): heap merge equals the library's loop on 2,000 random pieces`, () => {
    const core = libraryCore(api);
    const rankOf = (b: Uint8Array) => core.getBpeRankFromBytes(b);
    const prng = createPrng(7);
    const encoder = new TextEncoder();
    for (let i = 0; i < 2000; i++) {
      const bytes = encoder.encode(randomPiece(prng, 1 + prng.int(120)));
      assert.deepEqual(heapBytePairMerge(bytes, rankOf), core.bytePairMerge(bytes), `piece ${i}`);
    }
  });
}

for (const [name, api] of [["o200k_base", o200k], ["cl100k_base", cl100k]] as const) {
  Deno.test(`bpe merge (${name}): the short loop equals the library's on 2,000 random pieces`, () => {
    const core = libraryCore(api);
    const table = {
      rankOf: (b: Uint8Array, start: number, end: number) =>
        core.getBpeRankFromBytes(b.subarray(start, end)) ?? -1,
    };
    const prng = createPrng(11);
    const encoder = new TextEncoder();
    for (let i = 0; i < 2000; i++) {
      const bytes = encoder.encode(randomPiece(prng, 1 + prng.int(i % 4 === 0 ? 120 : 24)));
      // In a larger buffer, as the tokenizer's scratch space is.
      const buffer = new Uint8Array(bytes.length + 16).fill(0x61);
      buffer.set(bytes);
      assert.deepEqual(
        shortBytePairMerge(buffer, bytes.length, table),
        core.bytePairMerge(bytes),
        `piece ${i}`,
      );
    }
  });
}

Deno.test("bpe merge: a 200,000-character run without spaces counts exactly", () => {
  const tokenizer = tokenizerForEncoding("o200k_base");
  // 8 "a"s are one token in o200k_base; the count is the library's own on shorter runs.
  assert.equal(tokenizer.count("a".repeat(8_000)), 1_000);
  assert.equal(tokenizer.count("a".repeat(200_000)), 25_000);
  const text = "QmFzZTY0IGJsb2I".repeat(2_000);
  assert.equal(tokenizer.decode(tokenizer.encode(text)), text);
});
