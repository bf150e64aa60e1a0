/**
 * Where each encoding comes from: gpt-tokenizer's own `.tiktoken` rank files (imported as text:
 * 5.3 MB of strings for both, embedded by `deno compile` like any module) and its pre-tokenizer
 * regexes and special tokens. Its JavaScript rank tables are never loaded.
 */
import o200kTiktoken from "gpt-tokenizer/data/o200k_base.tiktoken" with { type: "text" };
import cl100kTiktoken from "gpt-tokenizer/data/cl100k_base.tiktoken" with { type: "text" };
import { O200KBase } from "gpt-tokenizer/encodingParams/o200k_base";
import { Cl100KBase } from "gpt-tokenizer/encodingParams/cl100k_base";

export type EncodingName = "o200k_base" | "cl100k_base";

export interface EncodingData {
  /** The `.tiktoken` file: base64 bytes and rank per line. */
  readonly tiktoken: string;
  /** The pre-tokenizer: a global, unicode regex. */
  readonly splitRegex: RegExp;
  /** Special token text → id (decode only: client text never encodes to them). */
  readonly specialTokens: ReadonlyMap<string, number>;
}

function dataOf(tiktoken: string, params: ReturnType<typeof O200KBase>): EncodingData {
  return {
    tiktoken,
    splitRegex: params.tokenSplitRegex,
    specialTokens: params.specialTokensEncoder,
  };
}

export function encodingData(encoding: EncodingName): EncodingData {
  return encoding === "cl100k_base"
    ? dataOf(cl100kTiktoken, Cl100KBase([]))
    : dataOf(o200kTiktoken, O200KBase([]));
}
