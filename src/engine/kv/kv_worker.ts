/**
 * One simulated worker's KV cache: a fixed number of blocks, LRU eviction of blocks no running
 * request holds. Blocks held by running requests are never evicted; when every block is held,
 * new blocks are simply not cached (the request still runs). Every operation is O(1) per block:
 * blocks live in an LruTable (shared memory, so every isolate of a multi-worker server works on
 * the same cache under the KV cache's lock), unheld ones in its list, least recently used first.
 */
import { LruTable } from "./lru_table.ts";

export type KvEvent =
  | { type: "stored"; worker: number; hashes: number[] }
  | { type: "removed"; worker: number; hashes: number[] }
  | { type: "cleared"; worker: number };

// The table's caller-owned counters.
const TOKENS_PROCESSED = 0;
const ACTIVE_REQUESTS = 1;
const ACTIVE_BLOCKS = 2;

export class KvWorker {
  readonly #blocks: LruTable;

  /** A new worker cache, or (with `buffer`) a view of one another isolate made. */
  constructor(
    readonly index: number,
    readonly capacityBlocks: number,
    private readonly emit: (event: KvEvent) => void,
    buffer?: SharedArrayBuffer,
  ) {
    this.#blocks = new LruTable(capacityBlocks, buffer);
  }

  /** The shared memory behind this worker's cache. */
  get buffer(): SharedArrayBuffer {
    return this.#blocks.buffer;
  }

  get cachedBlocks(): number {
    return this.#blocks.size;
  }
  get activeRequests(): number {
    return this.#blocks.counters[ACTIVE_REQUESTS];
  }
  /** Blocks held by running requests (counted per request). */
  get activeBlocks(): number {
    return this.#blocks.counters[ACTIVE_BLOCKS];
  }
  get totalTokensProcessed(): number {
    return this.#blocks.counters[TOKENS_PROCESSED];
  }

  /** How many leading blocks of the prompt are cached here. */
  matchedPrefix(hashes: readonly number[]): number {
    let n = 0;
    while (n < hashes.length && this.#blocks.find(hashes[n]) >= 0) n++;
    return n;
  }

  /** A request starts here: hold its blocks (caching new ones), count its tokens. */
  acquire(hashes: readonly number[], promptTokens: number): number[] {
    const blocks = this.#blocks;
    blocks.counters[ACTIVE_REQUESTS]++;
    blocks.counters[TOKENS_PROCESSED] += promptTokens;
    const held: number[] = [];
    const stored: number[] = [];
    for (const hash of hashes) {
      let block = blocks.find(hash);
      if (block >= 0) {
        if (blocks.holds(block) === 0) blocks.unlink(block);
        blocks.setHolds(block, blocks.holds(block) + 1);
        held.push(hash);
        continue;
      }
      if (blocks.size >= this.capacityBlocks && !this.#evictOne()) break;
      block = blocks.insert(hash, 0);
      blocks.setHolds(block, 1);
      held.push(hash);
      stored.push(hash);
    }
    blocks.counters[ACTIVE_BLOCKS] += held.length;
    if (stored.length > 0) this.emit({ type: "stored", worker: this.index, hashes: stored });
    return held;
  }

  /** The request ended: its blocks stay cached but may now be evicted (most recent last). */
  release(held: readonly number[]): void {
    const blocks = this.#blocks;
    blocks.counters[ACTIVE_REQUESTS] = Math.max(0, blocks.counters[ACTIVE_REQUESTS] - 1);
    for (const hash of held) {
      const block = blocks.find(hash);
      if (block < 0 || blocks.holds(block) === 0) continue;
      blocks.setHolds(block, blocks.holds(block) - 1);
      blocks.counters[ACTIVE_BLOCKS]--;
      if (blocks.holds(block) === 0) blocks.append(block);
    }
  }

  /** Drops every block no running request holds. */
  clear(): void {
    const blocks = this.#blocks;
    for (let block = blocks.head; block >= 0; block = blocks.head) {
      blocks.unlink(block);
      blocks.remove(block);
    }
    this.emit({ type: "cleared", worker: this.index });
  }

  #evictOne(): boolean {
    const blocks = this.#blocks;
    const oldest = blocks.head;
    if (oldest < 0) return false;
    const hash = blocks.key(oldest);
    blocks.unlink(oldest);
    blocks.remove(oldest);
    this.emit({ type: "removed", worker: this.index, hashes: [hash] });
    return true;
  }
}
