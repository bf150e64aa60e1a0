/**
 * A fixed-capacity table of 53-bit keys kept in typed arrays over one SharedArrayBuffer, so that
 * every isolate of a multi-worker server can work on the same table (under the caller's lock).
 * Each entry has a number value and a hold count; entries sit in an intrusive doubly linked list
 * in least-recently-used order when the caller puts them there. Keys are found through an
 * open-addressing index (linear probing, deletion by backward shift), entries never move, and
 * removed entries are reused: every operation is O(1) and allocates nothing.
 */

const NONE = -1;
// Header cells (Int32).
const SIZE = 0;
const HEAD = 1;
const TAIL = 2;
const FREE = 3;
/** Entries handed out at least once: [0, FRESH) are in use or on the free list. */
const FRESH = 4;
const HEADER_INTS = 8;
/** Float64 cells the caller may use for its own counters (e.g. tokens processed). */
export const LRU_COUNTERS = 3;

export class LruTable {
  readonly capacity: number;
  readonly buffer: SharedArrayBuffer;
  /** Int32 cells HEADER_INTS.. are the caller's (see `ints`). */
  readonly #header: Int32Array;
  /** The caller's Float64 counters. */
  readonly counters: Float64Array;
  readonly #keys: Float64Array;
  readonly #values: Float64Array;
  readonly #holds: Int32Array;
  readonly #prev: Int32Array;
  readonly #next: Int32Array;
  readonly #index: Int32Array;
  readonly #mask: number;
  readonly #shift: number;

  /** A new table for `capacity` entries, or a view of `buffer` made by another LruTable. */
  constructor(capacity: number, buffer?: SharedArrayBuffer) {
    this.capacity = Math.max(1, capacity);
    const slots = indexSlots(this.capacity);
    this.buffer = buffer ?? new SharedArrayBuffer(LruTable.bytesFor(this.capacity));
    const c = this.capacity;
    let at = 0;
    const ints = (n: number) => new Int32Array(this.buffer, (at += n * 4) - n * 4, n);
    const floats = (n: number) => new Float64Array(this.buffer, (at += n * 8) - n * 8, n);
    this.#header = ints(HEADER_INTS);
    this.counters = floats(LRU_COUNTERS);
    this.#keys = floats(c);
    this.#values = floats(c);
    this.#holds = ints(c);
    this.#prev = ints(c);
    this.#next = ints(c);
    this.#index = ints(slots);
    this.#mask = slots - 1;
    this.#shift = 32 - Math.log2(slots);
    if (!buffer) this.#reset();
  }

  static bytesFor(capacity: number): number {
    const c = Math.max(1, capacity);
    return HEADER_INTS * 4 + LRU_COUNTERS * 8 + c * (8 + 8 + 4 + 4 + 4) + indexSlots(c) * 4;
  }

  get size(): number {
    return this.#header[SIZE];
  }

  /** The least recently used listed entry, or -1. */
  get head(): number {
    return this.#header[HEAD];
  }

  key(entry: number): number {
    return this.#keys[entry];
  }

  value(entry: number): number {
    return this.#values[entry];
  }

  setValue(entry: number, value: number): void {
    this.#values[entry] = value;
  }

  holds(entry: number): number {
    return this.#holds[entry];
  }

  setHolds(entry: number, holds: number): void {
    this.#holds[entry] = holds;
  }

  /** The entry holding `key`, or -1. */
  find(key: number): number {
    const index = this.#index;
    for (let slot = this.#home(key);; slot = (slot + 1) & this.#mask) {
      const at = index[slot];
      if (at === 0) return NONE;
      if (this.#keys[at - 1] === key) return at - 1;
    }
  }

  /** Adds `key` (not in the table; the table not full), unlisted, with no holds. */
  insert(key: number, value: number): number {
    const header = this.#header;
    let entry = header[FREE];
    if (entry !== NONE) header[FREE] = this.#next[entry];
    else entry = header[FRESH]++;
    this.#keys[entry] = key;
    this.#values[entry] = value;
    this.#holds[entry] = 0;
    this.#prev[entry] = this.#next[entry] = NONE;
    let slot = this.#home(key);
    while (this.#index[slot] !== 0) slot = (slot + 1) & this.#mask;
    this.#index[slot] = entry + 1;
    header[SIZE]++;
    return entry;
  }

  /** Drops an entry (unlink it first if listed). */
  remove(entry: number): void {
    const index = this.#index;
    const mask = this.#mask;
    let hole = this.#home(this.#keys[entry]);
    while (index[hole] !== entry + 1) hole = (hole + 1) & mask;
    // Backward shift: pull later entries of the probe run into the hole when their home allows.
    for (let slot = (hole + 1) & mask; index[slot] !== 0; slot = (slot + 1) & mask) {
      const home = this.#home(this.#keys[index[slot] - 1]);
      const movable = hole <= slot ? home <= hole || home > slot : home <= hole && home > slot;
      if (movable) {
        index[hole] = index[slot];
        hole = slot;
      }
    }
    index[hole] = 0;
    this.#next[entry] = this.#header[FREE];
    this.#header[FREE] = entry;
    this.#header[SIZE]--;
  }

  /** Puts an entry at the most recently used end of the list. */
  append(entry: number): void {
    const header = this.#header;
    const tail = header[TAIL];
    this.#prev[entry] = tail;
    this.#next[entry] = NONE;
    if (tail !== NONE) this.#next[tail] = entry;
    else header[HEAD] = entry;
    header[TAIL] = entry;
  }

  unlink(entry: number): void {
    const header = this.#header;
    const prev = this.#prev[entry];
    const next = this.#next[entry];
    if (prev !== NONE) this.#next[prev] = next;
    else header[HEAD] = next;
    if (next !== NONE) this.#prev[next] = prev;
    else header[TAIL] = prev;
    this.#prev[entry] = this.#next[entry] = NONE;
  }

  /** The listed entry after `entry` (towards the most recently used), or -1. */
  after(entry: number): number {
    return this.#next[entry];
  }

  #reset(): void {
    this.#header[SIZE] = 0;
    this.#header[HEAD] = this.#header[TAIL] = this.#header[FREE] = NONE;
    this.#header[FRESH] = 0;
  }

  #home(key: number): number {
    const low = key >>> 0;
    const high = (key / 4294967296) >>> 0;
    // Multiplicative hashing: the product's top bits are the well-mixed ones.
    return Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> this.#shift;
  }
}

/** Index slots: a power of two at least twice the capacity (probe runs stay short). */
function indexSlots(capacity: number): number {
  let slots = 2;
  while (slots < capacity * 2) slots *= 2;
  return slots;
}
