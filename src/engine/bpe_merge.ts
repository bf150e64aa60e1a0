/**
 * Byte-pair merging in O(n log n): the same merges, in the same order, as tiktoken's
 * reference loop (always merge the adjacent pair of lowest rank, the leftmost one on ties),
 * but the next pair comes from a min-heap instead of a scan of every pair. The reference loop
 * is quadratic, so one long run without spaces (a 200,000-character base64 blob) held the
 * event loop for seconds.
 */

/** Rank of a byte sequence in the encoding's vocabulary, undefined when it has none. */
export type RankOf = (bytes: Uint8Array) => number | undefined;

/** The rank of bytes[start, end), NO_RANK when it has none. */
export interface RankTable {
  rankOf(bytes: Uint8Array, start: number, end: number): number;
}

const NONE = Number.POSITIVE_INFINITY;
const NO_PAIR = 0x7fffffff; // above every rank
const SHORT_CAPACITY = 64;
const shortStarts = new Int32Array(SHORT_CAPACITY + 1);
const shortRanks = new Int32Array(SHORT_CAPACITY + 1);

/**
 * tiktoken's reference loop on piece[0, length): scan every pair for the lowest rank, merge it,
 * repeat. Quadratic, and faster than the heap for short pieces.
 */
export function shortBytePairMerge(piece: Uint8Array, length: number, table: RankTable): number[] {
  const big = length > SHORT_CAPACITY;
  const starts = big ? new Int32Array(length + 1) : shortStarts;
  const ranks = big ? new Int32Array(length + 1) : shortRanks;
  // Part i is piece[starts[i], starts[i + 1]); ranks[i] is the rank of parts i and i + 1 merged.
  const pairRank = (i: number, parts: number): number => {
    if (i + 2 > parts) return NO_PAIR;
    const rank = table.rankOf(piece, starts[i], starts[i + 2]);
    return rank < 0 ? NO_PAIR : rank;
  };
  let parts = length;
  for (let i = 0; i <= length; i++) starts[i] = i;
  for (let i = 0; i < length; i++) ranks[i] = pairRank(i, parts);
  while (parts > 1) {
    let lowest = NO_PAIR;
    let at = -1;
    for (let i = 0; i < parts - 1; i++) {
      if (ranks[i] < lowest) {
        lowest = ranks[i];
        at = i;
      }
    }
    if (at < 0) break;
    starts.copyWithin(at + 1, at + 2, parts + 1);
    ranks.copyWithin(at + 1, at + 2, parts);
    parts--;
    ranks[at] = pairRank(at, parts);
    if (at > 0) ranks[at - 1] = pairRank(at - 1, parts);
  }
  const out = new Array<number>(parts);
  for (let i = 0; i < parts; i++) {
    const rank = table.rankOf(piece, starts[i], starts[i + 1]);
    if (rank < 0) throw new Error("byte-pair merge produced a part with no rank");
    out[i] = rank;
  }
  return out;
}

export function heapBytePairMerge(piece: Uint8Array, rankOf: RankOf): number[] {
  const n = piece.length;
  // Parts form a linked list indexed by their start byte; `n` is the end sentinel.
  const next = new Int32Array(n + 1);
  const prev = new Int32Array(n + 1);
  const pairRank = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  const rankOfPair = (start: number): number => {
    const mid = next[start];
    if (mid >= n) return NONE;
    return rankOf(piece.subarray(start, next[mid])) ?? NONE;
  };
  const heap = new MinHeap(n + 1);
  for (let i = 0; i < n - 1; i++) {
    pairRank[i] = rankOfPair(i);
    if (pairRank[i] !== NONE) heap.push(pairRank[i], i);
  }
  pairRank[n - 1] = NONE;
  const alive = new Uint8Array(n + 1).fill(1);
  while (heap.size > 0) {
    const [rank, start] = heap.pop();
    // Entries go stale when their part was merged away or its pair changed: skip those.
    if (!alive[start] || pairRank[start] !== rank) continue;
    const gone = next[start];
    alive[gone] = 0;
    next[start] = next[gone];
    prev[next[gone]] = start;
    pairRank[start] = rankOfPair(start);
    if (pairRank[start] !== NONE) heap.push(pairRank[start], start);
    const before = prev[start];
    if (before >= 0) {
      pairRank[before] = rankOfPair(before);
      if (pairRank[before] !== NONE) heap.push(pairRank[before], before);
    }
  }
  const out: number[] = [];
  for (let start = 0; start < n; start = next[start]) {
    const rank = rankOf(piece.subarray(start, next[start]));
    if (rank === undefined) throw new Error("byte-pair merge produced a part with no rank");
    out.push(rank);
  }
  return out;
}

/** Binary min-heap of (rank, start) ordered by rank, then by start (leftmost first). */
class MinHeap {
  #ranks: Float64Array;
  #starts: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.#ranks = new Float64Array(Math.max(4, capacity));
    this.#starts = new Int32Array(Math.max(4, capacity));
  }

  push(rank: number, start: number): void {
    if (this.size === this.#ranks.length) this.#grow();
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(rank, start, this.#ranks[parent], this.#starts[parent])) break;
      this.#ranks[i] = this.#ranks[parent];
      this.#starts[i] = this.#starts[parent];
      i = parent;
    }
    this.#ranks[i] = rank;
    this.#starts[i] = start;
  }

  pop(): [number, number] {
    const top: [number, number] = [this.#ranks[0], this.#starts[0]];
    const last = --this.size;
    const rank = this.#ranks[last];
    const start = this.#starts[last];
    let i = 0;
    while (true) {
      let child = 2 * i + 1;
      if (child >= last) break;
      const right = child + 1;
      if (
        right < last &&
        this.#less(this.#ranks[right], this.#starts[right], this.#ranks[child], this.#starts[child])
      ) child = right;
      if (!this.#less(this.#ranks[child], this.#starts[child], rank, start)) break;
      this.#ranks[i] = this.#ranks[child];
      this.#starts[i] = this.#starts[child];
      i = child;
    }
    this.#ranks[i] = rank;
    this.#starts[i] = start;
    return top;
  }

  #less(rankA: number, startA: number, rankB: number, startB: number): boolean {
    return rankA < rankB || (rankA === rankB && startA < startB);
  }

  #grow(): void {
    const ranks = new Float64Array(this.#ranks.length * 2);
    ranks.set(this.#ranks);
    const starts = new Int32Array(this.#starts.length * 2);
    starts.set(this.#starts);
    this.#ranks = ranks;
    this.#starts = starts;
  }
}
