/**
 * Prompt caching, in one table for both APIs' semantics:
 * - OpenAI's automatic caching: prompts of at least `minTokens` are cached by prefix in 128-token
 *   increments for `ttlMs`; a later prompt sharing such a prefix reports those tokens as cached.
 * - Explicit breakpoints (Anthropic's cache_control): the caller names the prefixes (block
 *   boundaries) that may be read and those that are written, each write with its own lifetime.
 * Entries expire lazily (checked against the injected clock on lookup) and are capped in number:
 * storing a prefix makes it the newest, and the oldest go first. The entries live in an LruTable
 * (shared memory: every isolate of a multi-worker server sees the same cache, under the KV
 * cache's lock).
 */
import { hashString } from "../../util/prng.ts";
import { LruTable } from "./lru_table.ts";

/** A prompt prefix ending at a block boundary, for explicit caching. */
export interface CachePrefix {
  /** The prefix's identity: a 53-bit key of its content (and model), never of its breakpoints. */
  key: number;
  /** Prompt tokens through this boundary. */
  tokens: number;
  /** A breakpoint: the prefix is written with this lifetime (ms). Null: only looked up. */
  ttlMs: number | null;
}

/** What explicit caching did for a prompt: the tokens read, and those written per lifetime. */
export interface ExplicitCacheUsage {
  readTokens: number;
  /** One entry per breakpoint that wrote tokens: those between the previous write (or the read) and it. */
  writes: Array<{ ttlMs: number; tokens: number }>;
}

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
    let cached = 0;
    for (const { length, hash } of hashes) if (this.#live(hash, now)) cached = length;
    for (const { hash } of hashes) this.#store(hash, now + this.ttlMs);
    return cached;
  }

  /**
   * Explicit caching: `prefixes` in prompt order (tokens ascending). Reads the longest live one;
   * then each breakpoint is written (or refreshed) for its lifetime, and the prefix read is
   * refreshed for the lifetime of the first breakpoint at or after it. A breakpoint writes the
   * tokens between the previous write (or the read) and itself. Prefixes shorter than minTokens
   * are neither read nor written.
   */
  lookupAndStoreBreakpoints(prefixes: readonly CachePrefix[], now: number): ExplicitCacheUsage {
    let read = -1;
    prefixes.forEach((prefix, i) => {
      if (prefix.tokens >= this.minTokens && this.#live(prefix.key, now)) read = i;
    });
    const readTokens = read >= 0 ? prefixes[read].tokens : 0;
    const writes: ExplicitCacheUsage["writes"] = [];
    let covered = readTokens;
    let refreshRead = read >= 0;
    prefixes.forEach((prefix, i) => {
      const { ttlMs, tokens, key } = prefix;
      if (ttlMs === null || tokens < this.minTokens) return;
      if (refreshRead && i >= read) {
        this.#store(prefixes[read].key, now + ttlMs);
        refreshRead = false;
      }
      this.#store(key, now + ttlMs);
      if (tokens > covered) writes.push({ ttlMs, tokens: tokens - covered });
      covered = Math.max(covered, tokens);
    });
    return { readTokens, writes };
  }

  clear(): void {
    const entries = this.#entries;
    for (let entry = entries.head; entry >= 0; entry = entries.head) {
      entries.unlink(entry);
      entries.remove(entry);
    }
  }

  #live(hash: number, now: number): boolean {
    const entry = this.#entries.find(hash);
    return entry >= 0 && this.#entries.value(entry) > now;
  }

  /** Stores a prefix as the newest, expiring at `expiry` (or later, if it already does). */
  #store(hash: number, expiry: number): void {
    const entries = this.#entries;
    let entry = entries.find(hash);
    if (entry >= 0) {
      entries.unlink(entry);
      entries.setValue(entry, Math.max(expiry, entries.value(entry)));
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
