/**
 * The compact vocabulary holds exactly gpt-tokenizer's tokens (every rank, both encodings), and
 * its parser refuses what is not a `.tiktoken` file.
 */
import assert from "node:assert/strict";
import o200k from "gpt-tokenizer/encoding/o200k_base";
import cl100k from "gpt-tokenizer/encoding/cl100k_base";
import { BpeVocabulary, NO_RANK } from "../../src/engine/bpe_vocabulary.ts";
import { encodingData } from "../../src/engine/encoding_data.ts";

function build(text: string): BpeVocabulary {
  const steps = BpeVocabulary.fromTiktoken(text);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The library's rank table: a string where the bytes are valid UTF-8, else the bytes. */
function libraryRanks(api: unknown): (string | number[])[] {
  return (api as { bytePairEncodingCoreProcessor: { bytePairRankDecoder: (string | number[])[] } })
    .bytePairEncodingCoreProcessor.bytePairRankDecoder;
}

const bytesOf = (s: string) => new TextEncoder().encode(s);

for (const [name, api] of [["o200k_base", o200k], ["cl100k_base", cl100k]] as const) {
  Deno.test(`vocabulary (${name}): every rank has the library's bytes and is found by them`, () => {
    const vocabulary = build(encodingData(name).tiktoken);
    const ranks = libraryRanks(api);
    assert.equal(vocabulary.size, ranks.length);
    for (let rank = 0; rank < ranks.length; rank++) {
      const entry = ranks[rank];
      const expected = typeof entry === "string" ? bytesOf(entry) : Uint8Array.from(entry);
      assert.deepEqual(vocabulary.bytesOf(rank), expected, `rank ${rank}`);
      assert.equal(vocabulary.rankOf(expected, 0, expected.length), rank, `rank ${rank}`);
    }
    assert.equal(vocabulary.bytesOf(ranks.length), undefined);
    assert.equal(vocabulary.bytesOf(-1), undefined);
  });
}

Deno.test("vocabulary: bytes that are no token have no rank, in any part of a buffer", () => {
  const vocabulary = build(encodingData("cl100k_base").tiktoken);
  const buffer = bytesOf("xx Hello world\u{10FFFF}");
  assert.equal(vocabulary.rankOf(buffer, 3, 8), 9906); // "Hello"
  assert.equal(vocabulary.rankOf(buffer, 8, 14), 1917); // " world"
  assert.equal(vocabulary.rankOf(buffer, 14, buffer.length), NO_RANK);
  assert.equal(vocabulary.rankOf(bytesOf(" Hello world, and more"), 0, 22), NO_RANK);
});

Deno.test("vocabulary: unused ranks stay empty, padding is read, a missing last newline is fine", () => {
  // "a" (YQ==), "bc" (YmM=), "def" (ZGVm) at ranks 0, 3, 4.
  const vocabulary = build("YQ== 0\nYmM= 3\n\nZGVm 4");
  assert.equal(vocabulary.size, 5);
  assert.deepEqual(vocabulary.bytesOf(0), bytesOf("a"));
  assert.equal(vocabulary.bytesOf(1), undefined);
  assert.equal(vocabulary.bytesOf(2), undefined);
  assert.deepEqual(vocabulary.bytesOf(3), bytesOf("bc"));
  assert.equal(vocabulary.rankOf(bytesOf("def"), 0, 3), 4);
  assert.equal(vocabulary.longestToken, 3);
});

Deno.test("vocabulary: a file that is not tiktoken ranks is refused", () => {
  for (
    const bad of [
      "YQ== 1\nYg== 0\n", // ranks must ascend
      "YQ== 0\nYQ== 0\n",
      "YQ==\n", // no rank
      "YQ== x1\n",
      "Y!== 0\n", // not base64
      " 0\n", // no bytes
      "YQ== 0\nétrange 1\n", // not ASCII
    ]
  ) {
    assert.throws(() => build(bad), /tiktoken data/, JSON.stringify(bad));
  }
});

Deno.test("vocabulary: the build yields between steps of bounded work", () => {
  const steps = BpeVocabulary.fromTiktoken(encodingData("o200k_base").tiktoken);
  let yields = 0;
  while (!steps.next().done) yields++;
  // 200,000 lines: a first scan, 64 KB chunks of 3,600 lines, ranks hashed 16,384 at a time.
  assert.ok(yields >= 60, `${yields} yields`);
});
