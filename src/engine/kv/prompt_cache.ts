/**
 * OpenAI prompt caching: prompts of at least `minTokens` are cached by prefix in 128-token
 * increments for `ttlMs`; a later prompt sharing such a prefix reports those tokens as cached.
 * Entries expire lazily (checked against the injected clock on lookup) and are capped in number:
 * storing a prefix makes it the newest, and the oldest go first. The entries live in an LruTable
 * (shared memory: every isolate of a multi-worker server sees the same cache, under the KV
 * cache's lock).
 */
import { hashString } from "../../util/prng.ts";
import { LruTable } from "./lru_table.ts";

export const PROMPT_CACHE_INCREMENT = 128;

export class PromptCache {
  /** prefix hash → expiry (clock ms), listed oldest stored first. */
  readonly #entries: LruTable;

  /** A new cache, or (with `buffer`) a view of one another isolate made. */
  constructor(
    readonly minTokens: number,
    readonly ttlMs: number,
    readonly maxEntries: number,
    buffer?: SharedArrayBuffer,
  ) {
    this.#entries = new LruTable(maxEntries, buffer);
  }

  /** The shared memory behind the cache. */
  get buffer(): SharedArrayBuffer {
    return this.#entries.buffer;
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * Cached tokens for this prompt (the longest live cached prefix, a multiple of 128 and at
   * least minTokens, or 0), then caches this prompt's own prefixes.
   */
  lookupAndStore(tokenIds: ArrayLike<number>, salt: string, now: number): number {
    if (tokenIds.length < Math.max(this.minTokens, PROMPT_CACHE_INCREMENT)) return 0;
    const hashes = this.#prefixHashes(tokenIds, salt);
    const entries = this.#entries;
    let cached = 0;
    for (const { length, hash } of hashes) {
      const entry = entries.find(hash);
      if (entry >= 0 && entries.value(entry) > now) cached = length;
    }
    for (const { hash } of hashes) this.#store(hash, now + this.ttlMs);
    return cached;
  }

  clear(): void {
    const entries = this.#entries;
    for (let entry = entries.head; entry >= 0; entry = entries.head) {
      entries.unlink(entry);
      entries.remove(entry);
    }
  }

  #store(hash: number, expiry: number): void {
    const entries = this.#entries;
    let entry = entries.find(hash);
    if (entry >= 0) {
      entries.unlink(entry);
      entries.setValue(entry, expiry);
    } else {
      if (entries.size >= this.maxEntries) {
        const oldest = entries.head;
        entries.unlink(oldest);
        entries.remove(oldest);
      }
      entry = entries.insert(hash, expiry);
    }
    entries.append(entry);
  }

  /** Hashes of every 128-token prefix of at least minTokens tokens, shortest first. */
  #prefixHashes(
    tokenIds: ArrayLike<number>,
    salt: string,
  ): Array<{ length: number; hash: number }> {
    const out: Array<{ length: number; hash: number }> = [];
    const saltHash = hashString(salt);
    const saltHigh = Math.floor(saltHash / 4294967296);
    let h = saltHash >>> 0;
    for (let i = 0; i < tokenIds.length; i++) {
      h = Math.imul(h ^ tokenIds[i], 0x01000193) >>> 0;
      h = (h + Math.imul(i + 1, 0x9e3779b1)) >>> 0;
      const length = i + 1;
      if (length % PROMPT_CACHE_INCREMENT === 0 && length >= this.minTokens) {
        out.push({ length, hash: prefixKey(h, length, saltHigh) });
      }
    }
    return out;
  }
}

/**
 * A 53-bit key for a prefix: its running hash, its length and the salt, mixed with numbers only
 * (a string per 128 tokens cost 20 ms of a 700k-token prompt).
 */
function prefixKey(h: number, length: number, saltHigh: number): number {
  let h1 = Math.imul(h ^ 0x85ebca6b, 0xcc9e2d51) ^ length;
  let h2 = Math.imul((saltHigh ^ length) + 0x27d4eb2f, 0x1b873593) ^ h;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) ^ Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b) ^ Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
  return (h2 & 0x1fffff) * 4294967296 + (h1 >>> 0);
}
