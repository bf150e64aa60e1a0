/**
 * Our BPE over the compact vocabulary gives exactly gpt-tokenizer's ids and counts (special-token
 * text as ordinary text, as the tokenizer asks the library for), and decodes as it does.
 */
import assert from "node:assert/strict";
import o200k from "gpt-tokenizer/encoding/o200k_base";
import cl100k from "gpt-tokenizer/encoding/cl100k_base";
import { LazyEncoding } from "../../src/engine/lazy_encoding.ts";
import { createPrng, type Prng } from "../../src/util/prng.ts";

const ORDINARY = { disallowedSpecial: new Set<string>() };

const CORPUS = [
  "",
  "Hello world",
  "Hello, world! How's it going? I'm fine; they've left, we'll see, you'd know.",
  "tiktoken is great!",
  "antidisestablishmentarianism",
  "  leading and trailing spaces   ",
  "tabs\tand\nnewlines\r\nand\n\n\nruns\n \n \t \n",
  " ".repeat(1) + " ".repeat(7) + "x" + " ".repeat(200) + "y" + "\t".repeat(90),
  "-".repeat(300) + "=".repeat(129) + "*".repeat(64),
  "numbers 0 1 12 123 1234 12345 123456789012345 3.14159 -42 1e10 0x1F 1,000,000",
  "٣٤٥ ٦٧ 四五六 ⅫⅣ ²³ ½",
  "Crème brûlée, naïve café, Ångström, façade, Łódź, Straße, İstanbul",
  "Ελληνικά κείμενα, русский текст, עברית, العربية, हिन्दी, ไทย, 한국어",
  "日本語のテキストと中文文本，以及標點符號。「引用」",
  "emoji 😀😃😄 👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 🇫🇷🇯🇵 ❤️ 🫠",
  "combining: e\u0301 a\u0308 n\u0303 Z\u0351\u0352\u0353 \u200b\u200c\u200d \ufeffBOM",
  "<|endoftext|> <|fim_prefix|><|fim_middle|><|fim_suffix|> <|im_start|>user<|im_sep|>hi<|im_end|> <|endofprompt|>",
  "text<|endoftext|>text",
  "code: function f(x) { return x?.y ?? [1, 2, 3].map((v) => v * 2); } // comment\n\tif (a && b) {}",
  '{"key": "value", "nested": {"array": [1, 2.5, null, true], "escaped": "\\n\\t\\u00e9"}}',
  "def main():\n    print('hi')  # comment\n\n\n    return None\n",
  "https://example.com/path?query=1&b=%20x#frag user@example.com",
  "QmFzZTY0IGJsb2IgYmFzZTY0IGJsb2IgYmFzZTY0IGJsb2I=".repeat(20),
  "a".repeat(1000),
  "ab".repeat(700) + "é".repeat(300),
  "lone surrogates: \ud800 x \udfff y \ud83d z\ud83d\ude00",
  "\ud800",
  "\udc00\ud800",
  "\u0000\u0001\u001f\u007f\u0080\u00ff",
  "I'M SHOUTING, YOU'RE TOO; DON'T! CamelCaseWords andMixedCASE HTTPServer",
  "\u{10FFFF}\u{E000}\u{F8FF}",
  // A byte order mark: the library never produces the BOM token (see library_ranks.ts).
  "\ufeff",
  "\ufeffA",
  "\ufeff\ufeff",
  " \ufeff",
  "x\ufeffy \ufeff\u00e9",
  "\ufeff<|endoftext|>\ufeff\ud800",
];

const ALPHABET = [
  ..."aaaaeeeiioouu bcdfghlmnprstvwxyzAEIOUBCDT0123456789     \n\n\t.,;:!?'\"()[]{}<>|-_=+*/\\@#$%^&~`",
  ..."éüßçñøåæœ中文日本語한국어🙂😀👍🏽‍\u0301\u200d",
  "<|endoftext|>",
  "'s",
  "'ll",
  "\r\n",
  "\ud800",
  "\ufeff",
];

function randomText(prng: Prng, length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += ALPHABET[prng.int(ALPHABET.length)];
  return s;
}

for (const [name, library] of [["o200k_base", o200k], ["cl100k_base", cl100k]] as const) {
  const ours = new LazyEncoding(name).get();

  Deno.test(`bpe encoding (${name}): ids and counts equal the library's on a varied corpus`, () => {
    // Twice: the second pass answers from the remembered pieces.
    for (const pass of [1, 2]) {
      for (const text of CORPUS) {
        const expected = library.encode(text, ORDINARY);
        assert.deepEqual(ours.encode(text), expected, `pass ${pass}: ${JSON.stringify(text)}`);
        assert.equal(ours.count(text), expected.length, `pass ${pass}: ${JSON.stringify(text)}`);
      }
    }
  });

  Deno.test(`bpe encoding (${name}): the shared pre-tokenizer regex is left at lastIndex 0`, () => {
    // The sliced encoder splits with matchAll, which starts where the regex's lastIndex stands.
    for (const text of CORPUS) {
      ours.encode(text);
      assert.equal(ours.splitRegex.lastIndex, 0, JSON.stringify(text));
      ours.count(text);
      assert.equal(ours.splitRegex.lastIndex, 0, JSON.stringify(text));
    }
  });

  Deno.test(`bpe encoding (${name}): ids equal the library's on 1,500 random texts`, () => {
    const prng = createPrng(name.length);
    for (let i = 0; i < 1500; i++) {
      const text = randomText(prng, 1 + prng.int(i % 10 === 0 ? 600 : 60));
      assert.deepEqual(ours.encode(text), library.encode(text, ORDINARY), JSON.stringify(text));
    }
  });

  Deno.test(`bpe encoding (${name}): every token's own text encodes as the library's`, () => {
    const core = (library as unknown as {
      bytePairEncodingCoreProcessor: { bytePairRankDecoder: (string | number[])[] };
    }).bytePairEncodingCoreProcessor;
    const mismatches: string[] = [];
    for (const entry of core.bytePairRankDecoder) {
      if (typeof entry !== "string") continue;
      const expected = library.encode(entry, ORDINARY);
      const actual = ours.encode(entry);
      if (actual.join() !== expected.join()) mismatches.push(JSON.stringify(entry));
    }
    assert.deepEqual(mismatches, []);
  });

  Deno.test(`bpe encoding (${name}): decodes every token as the library does`, () => {
    const core = (library as unknown as {
      bytePairEncodingCoreProcessor: {
        bytePairRankDecoder: unknown[];
        specialTokensEncoder: Map<string, number>;
      };
    }).bytePairEncodingCoreProcessor;
    const ranks = core.bytePairRankDecoder.length;
    const all = [
      ...Array.from({ length: ranks }, (_, id) => id),
      ...core.specialTokensEncoder.values(),
    ];
    // Decoding pieces leaves the same bytes pending in each one's streaming decoder.
    assert.equal(ours.decode(all), library.decode(all));
    const flush = library.encode("🍕");
    assert.equal(ours.decode(flush), library.decode(flush));
    for (const text of CORPUS) {
      if (/[\ud800-\udfff]/.test(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""))) continue;
      assert.equal(ours.decode(ours.encode(text)), text);
    }
    const beyond = Math.max(ranks, ...core.specialTokensEncoder.values()) + 1;
    assert.throws(() => ours.decode([beyond]), /not in the byte pair encoder/);
    assert.throws(() => ours.decode([ranks]), /not in the byte pair encoder/);
  });
}
