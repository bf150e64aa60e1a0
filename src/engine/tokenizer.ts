/**
 * The real BPE tokenizers (o200k_base, cl100k_base) and which model family uses which. Each
 * encoding's tables are built when a model of its family is first used (see LazyEncoding).
 */
import type { BpeEncoding } from "./bpe_encoding.ts";
import type { EncodingName } from "./encoding_data.ts";
import { LazyEncoding } from "./lazy_encoding.ts";
import { timeSlicer } from "../util/cooperative.ts";

export type { EncodingName };

export interface Tokenizer {
  readonly encoding: EncodingName;
  /** The token ids (a long text's array is remembered and shared: never mutate it). */
  encode(text: string): number[];
  decode(ids: number[]): string;
  count(text: string): number;
  /**
   * encode/count for a long text without holding the event loop: the same result, computed in
   * slices that yield, and remembered so the synchronous calls that follow (the planner's) are
   * answered at once. Rejects with the signal's reason once the client has gone.
   */
  encodeAsync(text: string, signal?: AbortSignal): Promise<number[]>;
  countAsync(text: string, signal?: AbortSignal): Promise<number>;
  /** Whether the encoding's tables are built (any other call builds them at once). */
  readonly loaded: boolean;
  /** Builds the encoding's tables in slices that yield (resolves at once when they are built). */
  load(): Promise<void>;
}

/** Requests whose body is shorter than this are tokenized inline (a few ms at most). */
export const PREPARED_BODY_CHARS = 16_384;
/** Texts at least this long are tokenized in slices ahead of planning. */
export const LONG_TEXT_CHARS = 32_768;
/**
 * Counts of texts at least this long are remembered (a prompt of many medium messages is
 * counted ahead of planning, a slice at a time, too), up to this many characters in all.
 */
export const REMEMBERED_TEXT_CHARS = 256;
const REMEMBERED_CHARS_LIMIT = 32 * 1024 * 1024;
/** Token ids take far more memory than counts: fewer characters' worth are remembered. */
const REMEMBERED_IDS_CHARS_LIMIT = 8 * 1024 * 1024;

/**
 * The encode loop (pre-tokenize, then one lookup or merge per piece), checking the clock every
 * 1,024 pieces and yielding after a slice.
 */
async function encodeInSlices(
  encoding: BpeEncoding,
  text: string,
  onPiece: (ids: number[] | number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const slice = timeSlicer(signal);
  let sinceCheck = 0;
  for (const [piece] of text.matchAll(encoding.splitRegex)) {
    onPiece(encoding.encodePiece(piece));
    if (++sinceCheck === 1_024) {
      sinceCheck = 0;
      await slice();
    }
  }
}

/** A map of texts that forgets its oldest entries beyond `maxEntries` or `maxChars` of keys. */
class TextMemo<V> {
  readonly #map = new Map<string, V>();
  #chars = 0;

  constructor(private readonly maxEntries: number, private readonly maxChars: number) {}

  get(text: string): V | undefined {
    return this.#map.get(text);
  }

  set(text: string, value: V): V {
    if (this.#map.has(text)) return value;
    this.#map.set(text, value);
    this.#chars += text.length;
    while (this.#map.size > this.maxEntries || this.#chars > this.maxChars) {
      const oldest = this.#map.keys().next().value as string;
      this.#map.delete(oldest);
      this.#chars -= oldest.length;
    }
    return value;
  }
}

function makeTokenizer(name: EncodingName): Tokenizer {
  const lazy = new LazyEncoding(name);
  const counts = new TextMemo<number>(Infinity, REMEMBERED_CHARS_LIMIT);
  const encodings = new TextMemo<number[]>(Infinity, REMEMBERED_IDS_CHARS_LIMIT);
  const count = (text: string): number => {
    if (text.length === 0) return 0;
    if (text.length < REMEMBERED_TEXT_CHARS) return lazy.get().count(text);
    return counts.get(text) ?? counts.set(text, lazy.get().count(text));
  };
  const encode = (text: string): number[] => {
    if (text.length < REMEMBERED_TEXT_CHARS) return lazy.get().encode(text);
    const known = encodings.get(text);
    if (known) return known;
    const ids = lazy.get().encode(text);
    counts.set(text, ids.length);
    return encodings.set(text, ids);
  };
  return Object.freeze({
    encoding: name,
    encode,
    // Byte-level tokens decode through one shared streaming TextDecoder (as the library's
    // do), so decoding a sequence that ends inside a UTF-8 character leaves bytes pending for
    // the next call. Decode whole, valid sequences (or use splitIntoTokenPieces).
    decode: (ids: number[]) => lazy.get().decode(ids),
    count,
    async encodeAsync(text: string, signal?: AbortSignal): Promise<number[]> {
      if (!lazy.loaded) await lazy.load();
      if (text.length < LONG_TEXT_CHARS) return encode(text);
      const known = encodings.get(text);
      if (known) return known;
      const ids: number[] = [];
      await encodeInSlices(lazy.get(), text, (piece) => {
        if (typeof piece === "number") ids.push(piece);
        else for (const id of piece) ids.push(id);
      }, signal);
      counts.set(text, ids.length);
      return encodings.set(text, ids);
    },
    async countAsync(text: string, signal?: AbortSignal): Promise<number> {
      if (!lazy.loaded) await lazy.load();
      if (text.length < LONG_TEXT_CHARS) return count(text);
      const known = counts.get(text);
      if (known !== undefined) return known;
      let n = 0;
      await encodeInSlices(lazy.get(), text, (piece) => {
        n += typeof piece === "number" ? 1 : piece.length;
      }, signal);
      return counts.set(text, n);
    },
    get loaded() {
      return lazy.loaded;
    },
    load: () => lazy.load(),
  });
}

let o200kTokenizer: Tokenizer | undefined;
let cl100kTokenizer: Tokenizer | undefined;

export function tokenizerForEncoding(encoding: EncodingName): Tokenizer {
  if (encoding === "cl100k_base") return (cl100kTokenizer ??= makeTokenizer("cl100k_base"));
  return (o200kTokenizer ??= makeTokenizer("o200k_base"));
}

export function tokenizerFor(model: string): Tokenizer {
  return tokenizerForEncoding(encodingForModel(model));
}

/**
 * The model's tokenizer once its encoding is built: the first request of a family waits while the
 * tables are built in slices, instead of building them at once on the serving thread (~70 ms).
 */
export async function readyTokenizer(model: string): Promise<Tokenizer> {
  const tokenizer = tokenizerFor(model);
  if (!tokenizer.loaded) await tokenizer.load();
  return tokenizer;
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

/** Model names come from clients: the answers are remembered, up to a bound. */
const encodingOfModel = new Map<string, EncodingName>();
const REMEMBERED_MODELS = 1024;

export function encodingForModel(model: string): EncodingName {
  let encoding = encodingOfModel.get(model);
  if (encoding === undefined) {
    encoding = encodingFromName(model);
    if (encodingOfModel.size >= REMEMBERED_MODELS) encodingOfModel.clear();
    encodingOfModel.set(model, encoding);
  }
  return encoding;
}

function encodingFromName(model: string): EncodingName {
  let id = model.trim().toLowerCase();
  id = id.slice(id.lastIndexOf("/") + 1);
  // Fine-tuned ids look like "ft:gpt-4o-mini:org:suffix:id".
  if (id.startsWith("ft:")) id = id.slice(3);
  return CL100K_PATTERNS.some((re) => re.test(id)) ? "cl100k_base" : "o200k_base";
}
