/**
 * One BPE encoding over a compact vocabulary, giving exactly gpt-tokenizer's results for client
 * text (special-token text is ordinary text): the same pre-tokenizer regex, a whole-piece lookup
 * first, then tiktoken's merges; decode with the library's streaming-decoder behaviour.
 */
import { heapBytePairMerge, shortBytePairMerge } from "./bpe_merge.ts";
import { BpeVocabulary, NO_RANK } from "./bpe_vocabulary.ts";
import type { EncodingData } from "./encoding_data.ts";
import { LibraryRanks } from "./library_ranks.ts";
import { PieceCache } from "./piece_cache.ts";

/** Pieces up to this many bytes merge faster in the reference (quadratic) loop. */
const SHORT_PIECE_BYTES = 48;
/** At most twice this many pieces are remembered per encoding (about 1 MB). */
const REMEMBERED_PIECES = 8_192;
/** Pieces up to this many UTF-16 units are converted to UTF-8 in a buffer kept for it. */
const SCRATCH_CHARS = 1_024;

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
/**
 * Like the library's, one streaming decoder shared by every encoding: ids that end inside a UTF-8
 * character leave bytes pending for the next decode (callers rely on it; see token_ids.ts).
 */
const streamingDecoder = new TextDecoder("utf8");

export class BpeEncoding {
  readonly splitRegex: RegExp;
  readonly #vocabulary: BpeVocabulary;
  readonly #maxTokenBytes: number;
  readonly #specialText = new Map<number, string>();
  /** Text of each decoded token that is valid UTF-8 on its own, null when it is not. */
  readonly #tokenText = new Map<number, string | null>();
  readonly #recent = new PieceCache<number | number[]>(REMEMBERED_PIECES);
  /** 3 bytes per UTF-16 unit at most. */
  readonly #scratch = new Uint8Array(3 * SCRATCH_CHARS);
  readonly #ranks: LibraryRanks;
  readonly #rankOf = (bytes: Uint8Array): number | undefined => {
    const rank = this.#ranks.rankOf(bytes, 0, bytes.length);
    return rank === NO_RANK ? undefined : rank;
  };

  private constructor(vocabulary: BpeVocabulary, data: EncodingData) {
    this.splitRegex = data.splitRegex;
    this.#vocabulary = vocabulary;
    this.#ranks = new LibraryRanks(vocabulary);
    this.#maxTokenBytes = this.#vocabulary.longestToken;
    // A piece too long for the scratch buffer must be too long to be one token.
    if (this.#maxTokenBytes > SCRATCH_CHARS) throw new Error("a token longer than the buffer");
    for (const [text, id] of data.specialTokens) this.#specialText.set(id, text);
  }

  /** Builds the encoding in steps of a few milliseconds (see LazyEncoding). */
  static *build(data: EncodingData): Generator<void, BpeEncoding> {
    return new BpeEncoding(yield* BpeVocabulary.fromTiktoken(data.tiktoken), data);
  }

  /**
   * The token ids of one pre-tokenized piece: its rank when it is one token, else the merges
   * (an array that may be shared: never modify it).
   */
  encodePiece(piece: string): number | number[] {
    const known = this.#recent.get(piece);
    if (known !== undefined) return known;
    const ids = this.#encodePiece(piece);
    this.#recent.set(piece, ids);
    return ids;
  }

  #encodePiece(piece: string): number | number[] {
    let bytes: Uint8Array;
    let length: number;
    let wholeLookup: boolean;
    if (piece.length <= SCRATCH_CHARS) {
      length = this.#utf8(piece);
      wholeLookup = length > 0 && length <= this.#maxTokenBytes;
      if (length < 0) length = ~length; // a lone surrogate, written as U+FFFD
      bytes = this.#scratch;
    } else {
      bytes = textEncoder.encode(piece);
      length = bytes.length;
      wholeLookup = false; // longer than any token
    }
    // The library looks the piece up as a string, which a lone surrogate never matches.
    if (wholeLookup) {
      const rank = this.#ranks.pieceRank(bytes, length);
      if (rank !== NO_RANK) return rank;
    }
    return length <= SHORT_PIECE_BYTES
      ? shortBytePairMerge(bytes, length, this.#ranks)
      : heapBytePairMerge(bytes.subarray(0, length), this.#rankOf);
  }

  encode(text: string): number[] {
    const ids: number[] = [];
    this.#forEachPiece(text, (piece) => {
      const encoded = this.encodePiece(piece);
      if (typeof encoded === "number") ids.push(encoded);
      else for (const id of encoded) ids.push(id);
    });
    return ids;
  }

  count(text: string): number {
    let n = 0;
    this.#forEachPiece(text, (piece) => {
      const encoded = this.encodePiece(piece);
      n += typeof encoded === "number" ? 1 : encoded.length;
    });
    return n;
  }

  /**
   * Each pre-tokenizer piece of `text`, in order, by an exec loop on the shared regex (`matchAll`
   * clones the regex and builds an iterator per call). It leaves `lastIndex` at 0, where every
   * other user of the regex (a `matchAll` copies it) expects it.
   */
  #forEachPiece(text: string, each: (piece: string) => void): void {
    const split = this.splitRegex;
    split.lastIndex = 0;
    try {
      let match: RegExpExecArray | null;
      while ((match = split.exec(text)) !== null) {
        const piece = match[0];
        // (The encodings' regexes never match nothing; step over it as matchAll would.)
        if (piece === "") split.lastIndex += text.codePointAt(split.lastIndex)! > 0xffff ? 2 : 1;
        else each(piece);
      }
    } finally {
      split.lastIndex = 0;
    }
  }

  /**
   * The library's decode: tokens that are valid text on their own (and special tokens) are
   * appended as text; runs of the others go through the shared streaming decoder. Throws on an
   * id outside the vocabulary, possibly after bytes reached that decoder.
   */
  decode(ids: readonly number[]): string {
    let decoded = "";
    let pending: number[] = [];
    for (const id of ids) {
      const text = this.#textOf(id);
      if (text !== null) {
        if (pending.length > 0) {
          decoded += streamingDecoder.decode(new Uint8Array(pending), { stream: true });
          pending = [];
        }
        decoded += text;
      } else {
        for (const byte of this.#vocabulary.bytesOf(id)!) pending.push(byte);
      }
    }
    if (pending.length > 0) {
      decoded += streamingDecoder.decode(new Uint8Array(pending), { stream: true });
    }
    return decoded;
  }

  #textOf(id: number): string | null {
    const known = this.#tokenText.get(id);
    if (known !== undefined) return known;
    const bytes = this.#vocabulary.bytesOf(id);
    let text: string | null;
    if (bytes === undefined) {
      const special = this.#specialText.get(id);
      if (special === undefined) throw new Error(`Token ${id} is not in the byte pair encoder.`);
      text = special;
    } else {
      text = this.#ranks.isText(id) ? textDecoder.decode(bytes) : null;
    }
    this.#tokenText.set(id, text);
    return text;
  }

  /**
   * Writes the piece's UTF-8 into the scratch buffer (which holds 3 bytes per UTF-16 unit) and
   * returns its length, or its complement when the piece has a lone surrogate (written as U+FFFD,
   * as TextEncoder does).
   */
  #utf8(piece: string): number {
    const out = this.#scratch;
    let n = 0;
    let lone = false;
    for (let i = 0; i < piece.length; i++) {
      let c = piece.charCodeAt(i);
      if (c < 0x80) {
        out[n++] = c;
      } else if (c < 0x800) {
        out[n++] = 0xc0 | (c >> 6);
        out[n++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const low = c <= 0xdbff ? piece.charCodeAt(i + 1) : NaN;
        if (low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          i++;
          out[n++] = 0xf0 | (c >> 18);
          out[n++] = 0x80 | ((c >> 12) & 0x3f);
          out[n++] = 0x80 | ((c >> 6) & 0x3f);
          out[n++] = 0x80 | (c & 0x3f);
        } else {
          lone = true;
          out[n++] = 0xef;
          out[n++] = 0xbf;
          out[n++] = 0xbd;
        }
      } else {
        out[n++] = 0xe0 | (c >> 12);
        out[n++] = 0x80 | ((c >> 6) & 0x3f);
        out[n++] = 0x80 | (c & 0x3f);
      }
    }
    return lone ? ~n : n;
  }
}
