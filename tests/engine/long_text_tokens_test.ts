/** Long texts tokenized in slices give exactly the library's counts and ids, and are remembered. */
import assert from "node:assert/strict";
import o200k from "gpt-tokenizer/encoding/o200k_base";
import cl100k from "gpt-tokenizer/encoding/cl100k_base";
import { LONG_TEXT_CHARS, tokenizerForEncoding } from "../../src/engine/tokenizer.ts";
import { createPrng } from "../../src/util/prng.ts";

const WORDS = [
  "the",
  "quick",
  "résumé",
  "<|endoftext|>",
  "naïve",
  "中文",
  "😀",
  "\n\n",
  "  ",
  "42",
];

function longText(seed: number): string {
  const prng = createPrng(seed);
  let text = "";
  while (text.length < LONG_TEXT_CHARS + 5_000) {
    text += WORDS[prng.int(WORDS.length)] + (prng.chance(0.7) ? " " : "");
  }
  return text;
}

const LIBRARIES = [["o200k_base", o200k, [1, 2, 3]], ["cl100k_base", cl100k, [4, 5, 6]]] as const;

for (const [encoding, library, seeds] of LIBRARIES) {
  Deno.test(`long texts (${encoding}): sliced encode and count equal the library's`, async () => {
    const tokenizer = tokenizerForEncoding(encoding);
    for (const seed of seeds) {
      const text = longText(seed);
      const sliced = await tokenizer.encodeAsync(text);
      // The library's own encode, around our tokenizer and anything it remembers.
      const reference = library.encode(text, { disallowedSpecial: new Set() });
      assert.deepEqual(sliced, reference, `seed ${seed}`);
      assert.equal(tokenizer.count(text), reference.length, "remembered for the planner");
      const counted = await tokenizer.countAsync(longText(seed + 100));
      assert.equal(
        counted,
        library.countTokens(longText(seed + 100), { disallowedSpecial: new Set() }),
      );
    }
  });
}

Deno.test("long texts: a client that has gone stops the tokenizing", async () => {
  const tokenizer = tokenizerForEncoding("o200k_base");
  const controller = new AbortController();
  controller.abort(new Error("client left"));
  await assert.rejects(tokenizer.countAsync(longText(9), controller.signal), /client left/);
});
