/** The real BPE tokenizers (o200k_base, cl100k_base) and which model family uses which. */
import * as o200k from "gpt-tokenizer/encoding/o200k_base";
import * as cl100k from "gpt-tokenizer/encoding/cl100k_base";
import { heapBytePairMerge } from "./bpe_merge.ts";

export type EncodingName = "o200k_base" | "cl100k_base";

export interface Tokenizer {
  readonly encoding: EncodingName;
  encode(text: string): number[];
  decode(ids: number[]): string;
  count(text: string): number;
}

// Client text may contain "<|endoftext|>" and friends: like the OpenAI API, encode them as
// ordinary text instead of throwing (the library's default) or emitting special tokens.
const ORDINARY = { disallowedSpecial: new Set<string>() };

type Library = typeof o200k;

/** The part of gpt-tokenizer's BytePairEncodingCore whose merge loop we replace. */
interface MergeCore {
  bytePairMerge(piece: Uint8Array): number[];
  getBpeRankFromBytes(bytes: Uint8Array): number | undefined;
  bytePairStringRankEncoder: Map<string, number>;
}

/** Pieces up to this many bytes merge faster in the library's own (quadratic) loop. */
const SHORT_PIECE_BYTES = 48;

/**
 * The library merges each pre-token with a quadratic loop: one long run without spaces held
 * the event loop for seconds. Long pieces go through our heap merge (same result, O(n log n)).
 */
function useHeapMerge(lib: Library): void {
  const core = (lib.default as unknown as { bytePairEncodingCoreProcessor?: MergeCore })
    .bytePairEncodingCoreProcessor;
  if (
    typeof core?.bytePairMerge !== "function" || !(core.bytePairStringRankEncoder instanceof Map)
  ) {
    throw new Error("gpt-tokenizer changed: BytePairEncodingCore.bytePairMerge not found");
  }
  const quadratic = core.bytePairMerge.bind(core);
  const byString = core.bytePairStringRankEncoder;
  // ASCII needs no UTF-8 validation or TextDecoder: look its string up directly.
  const rankOf = (bytes: Uint8Array) => {
    let ascii = "";
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] > 0x7f) return core.getBpeRankFromBytes(bytes);
      ascii += String.fromCharCode(bytes[i]);
    }
    return byString.get(ascii);
  };
  core.bytePairMerge = (piece) =>
    piece.length <= SHORT_PIECE_BYTES ? quadratic(piece) : heapBytePairMerge(piece, rankOf);
}

function makeTokenizer(encoding: EncodingName, lib: Library): Tokenizer {
  useHeapMerge(lib);
  return Object.freeze({
    encoding,
    encode: (text: string) => lib.encode(text, ORDINARY),
    // The library decodes byte-level tokens through one shared streaming TextDecoder, so
    // decoding a sequence that ends inside a UTF-8 character leaves bytes pending for the
    // next call. Decode whole, valid sequences (or use splitIntoTokenPieces).
    decode: (ids: number[]) => lib.decode(ids),
    count: (text: string) => (text.length === 0 ? 0 : lib.countTokens(text, ORDINARY)),
  });
}

let o200kTokenizer: Tokenizer | undefined;
let cl100kTokenizer: Tokenizer | undefined;

export function tokenizerForEncoding(encoding: EncodingName): Tokenizer {
  if (encoding === "cl100k_base") {
    return (cl100kTokenizer ??= makeTokenizer("cl100k_base", cl100k as Library));
  }
  return (o200kTokenizer ??= makeTokenizer("o200k_base", o200k));
}

export function tokenizerFor(model: string): Tokenizer {
  return tokenizerForEncoding(encodingForModel(model));
}

// Families that predate o200k_base. Everything newer (gpt-4o, gpt-4.1, gpt-4.5, o-series,
// gpt-5, gpt-oss) and every unknown model uses o200k_base.
const CL100K_PATTERNS: readonly RegExp[] = [
  /^gpt-4(-|$)/, // gpt-4, gpt-4-0613, gpt-4-turbo, gpt-4-32k (not gpt-4o / gpt-4.1)
  /^gpt-3\.5/,
  /^gpt-35-/, // Azure deployment naming
  /^text-embedding-ada-002/,
  /^text-embedding-3-/,
  /^(davinci|babbage)-002$/,
];

export function encodingForModel(model: string): EncodingName {
  let id = model.trim().toLowerCase();
  id = id.slice(id.lastIndexOf("/") + 1);
  // Fine-tuned ids look like "ft:gpt-4o-mini:org:suffix:id".
  if (id.startsWith("ft:")) id = id.slice(3);
  return CL100K_PATTERNS.some((re) => re.test(id)) ? "cl100k_base" : "o200k_base";
}
