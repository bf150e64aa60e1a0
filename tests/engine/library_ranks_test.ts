/**
 * Our byte-level lookups answer as gpt-tokenizer's do: whole pieces (its string map), pairs inside
 * a merge (getBpeRankFromBytes), which tokens it keeps as strings; every token, bare and after a
 * byte order mark, in both encodings.
 */
import assert from "node:assert/strict";
import o200k from "gpt-tokenizer/encoding/o200k_base";
import cl100k from "gpt-tokenizer/encoding/cl100k_base";
import { BpeVocabulary, NO_RANK } from "../../src/engine/bpe_vocabulary.ts";
import { encodingData } from "../../src/engine/encoding_data.ts";
import { isValidUtf8, LibraryRanks } from "../../src/engine/library_ranks.ts";

interface LibraryCore {
  bytePairRankDecoder: (string | number[])[];
  bytePairStringRankEncoder: Map<string, number>;
  getBpeRankFromBytes(bytes: Uint8Array): number | undefined;
}

function ranksOf(name: "o200k_base" | "cl100k_base"): LibraryRanks {
  const steps = BpeVocabulary.fromTiktoken(encodingData(name).tiktoken);
  for (;;) {
    const step = steps.next();
    if (step.done) return new LibraryRanks(step.value);
  }
}

const BOM = [0xef, 0xbb, 0xbf];

for (const [name, api] of [["o200k_base", o200k], ["cl100k_base", cl100k]] as const) {
  Deno.test(`library ranks (${name}): every token, bare and after a BOM, as the library finds it`, () => {
    const core = (api as unknown as { bytePairEncodingCoreProcessor: LibraryCore })
      .bytePairEncodingCoreProcessor;
    const ours = ranksOf(name);
    const entries = core.bytePairRankDecoder;
    const encoder = new TextEncoder();
    const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    const mismatches: string[] = [];
    const check = (what: string, probe: Uint8Array, actual: number, expected: number) => {
      if (actual !== expected) mismatches.push(`${what} [${probe}]: ${actual}, not ${expected}`);
    };
    for (let rank = 0; rank < entries.length; rank++) {
      const entry = entries[rank];
      const bytes = typeof entry === "string" ? encoder.encode(entry) : Uint8Array.from(entry);
      if (ours.isText(rank) !== (typeof entry === "string")) mismatches.push(`isText(${rank})`);
      for (const probe of [bytes, Uint8Array.from([...BOM, ...bytes])]) {
        const inMerge = core.getBpeRankFromBytes(probe) ?? NO_RANK;
        check("rankOf", probe, ours.rankOf(probe, 0, probe.length), inMerge);
        const piece = decoder.decode(probe);
        if (encoder.encode(piece).join() !== probe.join()) continue; // not valid UTF-8
        const whole = core.bytePairStringRankEncoder.get(piece) ?? NO_RANK;
        check("pieceRank", probe, ours.pieceRank(probe, probe.length), whole);
      }
    }
    assert.deepEqual(mismatches, []);
  });
}

Deno.test("isValidUtf8 agrees with a fatal TextDecoder on every kind of sequence", () => {
  const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const cases = [
    [],
    [0x41],
    [0xc3, 0xa9],
    [0xc0, 0x80], // overlong NUL
    [0xc1, 0xbf],
    [0xe0, 0x80, 0x80], // overlong 3-byte
    [0xe0, 0xa0, 0x80],
    [0xed, 0x9f, 0xbf],
    [0xed, 0xa0, 0x80], // a surrogate
    [0xef, 0xbb, 0xbf],
    [0xf0, 0x8f, 0xbf, 0xbf], // overlong 4-byte
    [0xf0, 0x90, 0x80, 0x80],
    [0xf4, 0x8f, 0xbf, 0xbf],
    [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
    [0xf5, 0x80, 0x80, 0x80],
    [0xe2, 0x82], // truncated
    [0x80],
    [0xc3, 0x41],
    [0x41, 0xf0, 0x9f, 0x98, 0x80, 0x42],
  ];
  for (let lead = 0; lead < 256; lead++) {
    cases.push([lead], [lead, 0x80], [lead, 0xbf, 0x80], [lead, 0x90, 0x80, 0x80]);
  }
  for (const bytes of cases) {
    let valid = true;
    try {
      fatal.decode(Uint8Array.from(bytes));
    } catch {
      valid = false;
    }
    assert.equal(isValidUtf8(Uint8Array.from(bytes)), valid, `[${bytes}]`);
  }
});
