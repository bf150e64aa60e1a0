/**
 * One simulated worker's KV cache: a fixed number of blocks, LRU eviction of blocks no running
 * request holds. Blocks held by running requests are never evicted; when every block is held,
 * new blocks are simply not cached (the request still runs).
 */

export type KvEvent =
  | { type: "stored"; worker: number; hashes: number[] }
  | { type: "removed"; worker: number; hashes: number[] }
  | { type: "cleared"; worker: number };

export class KvWorker {
  /** hash → number of running requests holding the block; Map order is LRU order. */
  readonly #blocks = new Map<number, number>();
  #activeRequests = 0;
  #activeBlocks = 0;
  #tokensProcessed = 0;

  constructor(
    readonly index: number,
    readonly capacityBlocks: number,
    private readonly emit: (event: KvEvent) => void,
  ) {}

  get cachedBlocks(): number {
    return this.#blocks.size;
  }
  get activeRequests(): number {
    return this.#activeRequests;
  }
  /** Blocks held by running requests (counted per request). */
  get activeBlocks(): number {
    return this.#activeBlocks;
  }
  get totalTokensProcessed(): number {
    return this.#tokensProcessed;
  }

  /** How many leading blocks of the prompt are cached here. */
  matchedPrefix(hashes: readonly number[]): number {
    let n = 0;
    while (n < hashes.length && this.#blocks.has(hashes[n])) n++;
    return n;
  }

  /** A request starts here: hold its blocks (caching new ones), count its tokens. */
  acquire(hashes: readonly number[], promptTokens: number): number[] {
    this.#activeRequests++;
    this.#tokensProcessed += promptTokens;
    const held: number[] = [];
    const stored: number[] = [];
    for (const hash of hashes) {
      const refs = this.#blocks.get(hash);
      if (refs !== undefined) {
        this.#blocks.delete(hash);
        this.#blocks.set(hash, refs + 1);
        held.push(hash);
        continue;
      }
      if (this.#blocks.size >= this.capacityBlocks && !this.#evictOne()) break;
      this.#blocks.set(hash, 1);
      held.push(hash);
      stored.push(hash);
    }
    this.#activeBlocks += held.length;
    if (stored.length > 0) this.emit({ type: "stored", worker: this.index, hashes: stored });
    return held;
  }

  /** The request ended: its blocks stay cached but may now be evicted. */
  release(held: readonly number[]): void {
    this.#activeRequests = Math.max(0, this.#activeRequests - 1);
    for (const hash of held) {
      const refs = this.#blocks.get(hash);
      if (refs === undefined) continue;
      this.#blocks.set(hash, Math.max(0, refs - 1));
      this.#activeBlocks--;
    }
  }

  /** Drops every block no running request holds. */
  clear(): void {
    for (const [hash, refs] of this.#blocks) if (refs === 0) this.#blocks.delete(hash);
    this.emit({ type: "cleared", worker: this.index });
  }

  #evictOne(): boolean {
    for (const [hash, refs] of this.#blocks) {
      if (refs === 0) {
        this.#blocks.delete(hash);
        this.emit({ type: "removed", worker: this.index, hashes: [hash] });
        return true;
      }
    }
    return false;
  }
}
