/**
 * One BPE encoding's mergeable tokens in about 5 MB: every token's bytes in one array, in rank
 * order, and an open-addressing hash table from bytes to rank. gpt-tokenizer's own table (an
 * array of 200,000 strings and a Map built from it, parsed from a 2.4 MB JavaScript module) kept
 * 50–65 MB of RSS for o200k_base.
 */

/** No token has these bytes. */
export const NO_RANK = -1;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over bytes[start, end), with a final mix so the low bits index the table well. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], FNV_PRIME);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}

const BASE64_VALUE = (() => {
  const values = new Int8Array(256).fill(-1);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
  values[61] = -2; // "=" padding
  return values;
})();
const SPACE = 32;
const NEWLINE = 10;

/** Lines scanned, or ranks hashed, between two yields of a build. */
const STEP = 16_384;
/** The file is parsed this many bytes (whole lines) at a time, between two yields. */
const CHUNK_BYTES = 64 * 1024;

interface Parsed {
  /** Every token's bytes, rank after rank. */
  bytes: Uint8Array;
  /** Token `rank` is bytes[starts[rank], starts[rank + 1]); empty when the rank is unused. */
  starts: Uint32Array;
}

/**
 * Parses a `.tiktoken` file: one `base64-bytes rank` line per token, ranks ascending (as
 * tiktoken publishes them). Nothing larger than a chunk is allocated but the result, sized
 * exactly by a first scan: freed multi-megabyte buffers would stay in the process's RSS.
 */
function* parseTiktoken(text: string): Generator<void, Parsed> {
  let lines = 0;
  let totalBytes = 0;
  for (let at = 0; at < text.length;) {
    let end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    const space = text.indexOf(" ", at);
    if (space > at && space < end) {
      if (++lines % STEP === 0) yield;
      const padding = (text[space - 1] === "=" ? 1 : 0) + (text[space - 2] === "=" ? 1 : 0);
      totalBytes += Math.floor((space - at) / 4) * 3 - padding;
    }
    at = end + 1;
  }
  const parsed: Parsed = { bytes: new Uint8Array(totalBytes), starts: new Uint32Array(lines + 1) };
  const state = { length: 0, nextRank: 0 };
  const chunk = new Uint8Array(CHUNK_BYTES);
  const encoder = new TextEncoder();
  for (let at = 0; at < text.length;) {
    let end = text.length;
    if (end - at > CHUNK_BYTES) {
      end = text.lastIndexOf("\n", at + CHUNK_BYTES - 1) + 1;
      if (end <= at) throw new Error(`tiktoken data: a line longer than ${CHUNK_BYTES} at ${at}`);
    }
    const { read, written } = encoder.encodeInto(text.slice(at, end), chunk);
    if (read !== end - at) throw new Error(`tiktoken data: not ASCII near ${at}`);
    parseLines(chunk, written, parsed, state);
    at = end;
    yield;
  }
  if (state.length !== totalBytes) throw new Error("tiktoken data: malformed base64");
  parsed.starts = parsed.starts.subarray(0, state.nextRank + 1);
  return parsed;
}

/** Parses the whole lines in source[0, end) into `parsed`, after the ranks `state` has seen. */
function parseLines(
  source: Uint8Array,
  end: number,
  parsed: Parsed,
  state: { length: number; nextRank: number },
): void {
  const bytes = parsed.bytes;
  let { length, nextRank } = state;
  const fail = (what: string) => {
    throw new Error(`tiktoken data: ${what} after rank ${nextRank - 1}`);
  };
  for (let i = 0; i < end;) {
    if (source[i] === NEWLINE) {
      i++;
      continue;
    }
    const tokenStart = length;
    let bits = 0;
    let pending = 0;
    for (; i < end && source[i] !== SPACE; i++) {
      const value = BASE64_VALUE[source[i]];
      if (value === -2) continue;
      if (value < 0 || length === bytes.length) fail("bad base64");
      bits = ((bits << 6) | value) & 0xffffff;
      pending += 6;
      if (pending >= 8) {
        pending -= 8;
        bytes[length++] = (bits >>> pending) & 0xff;
      }
    }
    if (length === tokenStart) fail("empty token");
    let rank = 0;
    const rankStart = ++i;
    for (; i < end && source[i] !== NEWLINE; i++) {
      const digit = source[i] - 48;
      if (digit < 0 || digit > 9) fail("bad rank");
      rank = rank * 10 + digit;
    }
    if (i === rankStart || rank < nextRank) fail(`rank ${rank}`);
    if (rank + 2 > parsed.starts.length) {
      const grown = new Uint32Array(Math.max(rank + 2, parsed.starts.length * 2));
      grown.set(parsed.starts);
      parsed.starts = grown;
    }
    const starts = parsed.starts;
    while (nextRank < rank) starts[++nextRank] = tokenStart; // unused ranks: empty
    starts[rank + 1] = length;
    nextRank = rank + 1;
  }
  state.length = length;
  state.nextRank = nextRank;
}

/** The hash table: rank + 1 per slot, 0 for an empty slot, linear probing. */
function* hashRanks(bytes: Uint8Array, starts: Uint32Array): Generator<void, Int32Array> {
  const ranks = starts.length - 1;
  let capacity = 1;
  while (capacity < ranks * 2.5) capacity *= 2; // load factor at most 0.4
  const slots = new Int32Array(capacity);
  const mask = capacity - 1;
  for (let rank = 0; rank < ranks; rank++) {
    if (rank % STEP === STEP - 1) yield;
    const start = starts[rank];
    const end = starts[rank + 1];
    if (start === end) continue;
    let slot = hashBytes(bytes, start, end) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = rank + 1;
  }
  return slots;
}

export class BpeVocabulary {
  /** Every token's bytes, rank after rank. */
  readonly #bytes: Uint8Array;
  /** Token `rank` is #bytes[#starts[rank], #starts[rank + 1]); empty when the rank is unused. */
  readonly #starts: Uint32Array;
  readonly #slots: Int32Array;
  readonly #mask: number;

  private constructor(bytes: Uint8Array, starts: Uint32Array, slots: Int32Array) {
    this.#bytes = bytes;
    this.#starts = starts;
    this.#slots = slots;
    this.#mask = slots.length - 1;
  }

  /** Builds from a `.tiktoken` file in steps of a few milliseconds. */
  static *fromTiktoken(text: string): Generator<void, BpeVocabulary> {
    const { bytes, starts } = yield* parseTiktoken(text);
    const slots = yield* hashRanks(bytes, starts);
    return new BpeVocabulary(bytes, starts, slots);
  }

  /** The length of the longest token. */
  get longestToken(): number {
    let longest = 0;
    for (let rank = 0; rank < this.size; rank++) {
      longest = Math.max(longest, this.#starts[rank + 1] - this.#starts[rank]);
    }
    return longest;
  }

  /** One more than the highest rank. */
  get size(): number {
    return this.#starts.length - 1;
  }

  /** The rank of the token whose bytes are bytes[start, end), or NO_RANK. */
  rankOf(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    const all = this.#bytes;
    let slot = hashBytes(bytes, start, end) & this.#mask;
    for (let entry = this.#slots[slot]; entry !== 0; entry = this.#slots[slot]) {
      const rank = entry - 1;
      const at = this.#starts[rank];
      if (this.#starts[rank + 1] - at === length) {
        let i = 0;
        while (i < length && all[at + i] === bytes[start + i]) i++;
        if (i === length) return rank;
      }
      slot = (slot + 1) & this.#mask;
    }
    return NO_RANK;
  }

  /** The token's bytes (a view: never modify it), or undefined when the rank is unused. */
  bytesOf(rank: number): Uint8Array | undefined {
    if (!(rank >= 0 && rank < this.size)) return undefined;
    const start = this.#starts[rank];
    const end = this.#starts[rank + 1];
    return start === end ? undefined : this.#bytes.subarray(start, end);
  }
}
