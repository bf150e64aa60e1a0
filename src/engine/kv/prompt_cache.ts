/**
 * OpenAI prompt caching: prompts of at least `minTokens` are cached by prefix in 128-token
 * increments for `ttlMs`; a later prompt sharing such a prefix reports those tokens as cached.
 * Entries expire lazily (checked against the injected clock on lookup) and are capped in number.
 */
import { hashString } from "../../util/prng.ts";

export const PROMPT_CACHE_INCREMENT = 128;

export class PromptCache {
  /** prefix hash → expiry (clock ms); Map order is insertion order for the cap. */
  readonly #entries = new Map<number, number>();

  constructor(
    readonly minTokens: number,
    readonly ttlMs: number,
    readonly maxEntries: number,
  ) {}

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
    hashes.forEach(({ length, hash }) => {
      const expiry = this.#entries.get(hash);
      if (expiry !== undefined && expiry > now) cached = length;
    });
    for (const { hash } of hashes) this.#store(hash, now + this.ttlMs);
    return cached;
  }

  clear(): void {
    this.#entries.clear();
  }

  #store(hash: number, expiry: number): void {
    this.#entries.delete(hash);
    this.#entries.set(hash, expiry);
    while (this.#entries.size > this.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value as number);
    }
  }

  /** Hashes of every 128-token prefix of at least minTokens tokens, shortest first. */
  #prefixHashes(
    tokenIds: ArrayLike<number>,
    salt: string,
  ): Array<{ length: number; hash: number }> {
    const out: Array<{ length: number; hash: number }> = [];
    let h = hashString(salt);
    for (let i = 0; i < tokenIds.length; i++) {
      h = Math.imul(h ^ tokenIds[i], 0x01000193) >>> 0;
      h = (h + Math.imul(i + 1, 0x9e3779b1)) >>> 0;
      const length = i + 1;
      if (length % PROMPT_CACHE_INCREMENT === 0 && length >= this.minTokens) {
        out.push({ length, hash: hashString(`${salt}:${length}:${h}`) });
      }
    }
    return out;
  }
}
