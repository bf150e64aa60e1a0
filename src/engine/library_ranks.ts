/**
 * gpt-tokenizer's rank lookups, restated over bytes so that our counts stay exactly its counts.
 * It keeps a token as a string when its bytes decode to the same string (valid UTF-8 that does
 * not start with a byte order mark: its decoder drops a leading EF BB BF), else as bytes, and:
 * - looks a whole pre-tokenized piece up among the strings only;
 * - inside a merge, decodes a valid-UTF-8 pair to a string (dropping a leading BOM) and looks
 *   that up among the strings, and looks anything else up among the bytes.
 * So the BOM token (o200k_base 5574, cl100k_base 3305) is never produced, and "\ufeff" encodes
 * as two tokens where tiktoken gives one.
 */
import type { RankTable } from "./bpe_merge.ts";
import { type BpeVocabulary, NO_RANK } from "./bpe_vocabulary.ts";

export function startsWithBom(bytes: Uint8Array, start: number, end: number): boolean {
  return end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb &&
    bytes[start + 2] === 0xbf;
}

/** How many bytes a UTF-8 sequence with this lead byte has, 0 when it cannot lead one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead < 0xc2) return 0; // a continuation byte, or an overlong 2-byte form
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  return lead <= 0xf4 ? 4 : 0;
}

/** Strict UTF-8 (the library's test): no overlong forms, surrogates, or beyond U+10FFFF. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length;) {
    const size = sequenceLength(bytes[i]);
    if (size === 0 || i + size > bytes.length) return false;
    let codePoint = size === 1 ? bytes[i] : bytes[i] & (0x7f >> size);
    for (let j = 1; j < size; j++) {
      const next = bytes[i + j];
      if ((next & 0xc0) !== 0x80) return false;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    const overlong = (size === 3 && codePoint < 0x800) || (size === 4 && codePoint < 0x10000);
    if (overlong || (codePoint >= 0xd800 && codePoint <= 0xdfff) || codePoint > 0x10ffff) {
      return false;
    }
    i += size;
  }
  return true;
}

export class LibraryRanks implements RankTable {
  constructor(private readonly vocabulary: BpeVocabulary) {}

  /** The rank of a whole piece given as UTF-8 (lone surrogates aside: the caller skips those). */
  pieceRank(bytes: Uint8Array, length: number): number {
    if (startsWithBom(bytes, 0, length)) return NO_RANK;
    return this.vocabulary.rankOf(bytes, 0, length);
  }

  /** The rank of bytes[start, end) as the library's merge loop finds it. */
  rankOf(bytes: Uint8Array, start: number, end: number): number {
    if (!startsWithBom(bytes, start, end)) return this.vocabulary.rankOf(bytes, start, end);
    if (!isValidUtf8(bytes.subarray(start, end))) return this.vocabulary.rankOf(bytes, start, end);
    const rank = this.vocabulary.rankOf(bytes, start + 3, end);
    return rank === NO_RANK || this.isText(rank) ? rank : NO_RANK;
  }

  /** Whether the library keeps the token as a string (decoded directly, not through bytes). */
  isText(rank: number): boolean {
    const bytes = this.vocabulary.bytesOf(rank);
    return bytes !== undefined && !startsWithBom(bytes, 0, bytes.length) && isValidUtf8(bytes);
  }
}
