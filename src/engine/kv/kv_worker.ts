/**
 * One simulated worker's KV cache: a fixed number of blocks, LRU eviction of blocks no running
 * request holds. Blocks held by running requests are never evicted; when every block is held,
 * new blocks are simply not cached (the request still runs). Every operation is O(1) per block:
 * unheld blocks sit in an intrusive doubly linked list (least recently used at the head).
 */

export type KvEvent =
  | { type: "stored"; worker: number; hashes: number[] }
  | { type: "removed"; worker: number; hashes: number[] }
  | { type: "cleared"; worker: number };

interface Block {
  hash: number;
  /** Running requests holding the block. */
  refs: number;
  prev: Block | null;
  next: Block | null;
}

export class KvWorker {
  readonly #blocks = new Map<number, Block>();
  #lruHead: Block | null = null;
  #lruTail: Block | null = null;
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
      const block = this.#blocks.get(hash);
      if (block) {
        if (block.refs === 0) this.#unlink(block);
        block.refs++;
        held.push(hash);
        continue;
      }
      if (this.#blocks.size >= this.capacityBlocks && !this.#evictOne()) break;
      this.#blocks.set(hash, { hash, refs: 1, prev: null, next: null });
      held.push(hash);
      stored.push(hash);
    }
    this.#activeBlocks += held.length;
    if (stored.length > 0) this.emit({ type: "stored", worker: this.index, hashes: stored });
    return held;
  }

  /** The request ended: its blocks stay cached but may now be evicted (most recent last). */
  release(held: readonly number[]): void {
    this.#activeRequests = Math.max(0, this.#activeRequests - 1);
    for (const hash of held) {
      const block = this.#blocks.get(hash);
      if (!block || block.refs === 0) continue;
      block.refs--;
      this.#activeBlocks--;
      if (block.refs === 0) this.#append(block);
    }
  }

  /** Drops every block no running request holds. */
  clear(): void {
    for (let block = this.#lruHead; block; block = block.next) this.#blocks.delete(block.hash);
    this.#lruHead = this.#lruTail = null;
    this.emit({ type: "cleared", worker: this.index });
  }

  #evictOne(): boolean {
    const oldest = this.#lruHead;
    if (!oldest) return false;
    this.#unlink(oldest);
    this.#blocks.delete(oldest.hash);
    this.emit({ type: "removed", worker: this.index, hashes: [oldest.hash] });
    return true;
  }

  #append(block: Block): void {
    block.prev = this.#lruTail;
    block.next = null;
    if (this.#lruTail) this.#lruTail.next = block;
    else this.#lruHead = block;
    this.#lruTail = block;
  }

  #unlink(block: Block): void {
    if (block.prev) block.prev.next = block.next;
    else this.#lruHead = block.next;
    if (block.next) block.next.prev = block.prev;
    else this.#lruTail = block.prev;
    block.prev = block.next = null;
  }
}
