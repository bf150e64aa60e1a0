/**
 * Counts 32-bit feature hashes in an open-addressing table of typed arrays. A Map keyed by
 * hashes above 2^30 boxes every key and is ~15x slower, which dominated embedding time.
 * Each entry stores count * 8 + a 3-bit class. One instance is reused across (synchronous) calls.
 */

const INITIAL_CAPACITY = 4096;
/** Tables grown past this by a huge input are released after use instead of kept. */
const KEEP_CAPACITY = 1 << 18;

export class FeatureCounter {
  #keys = new Uint32Array(INITIAL_CAPACITY);
  #values = new Uint32Array(INITIAL_CAPACITY);
  #slots = new Int32Array(INITIAL_CAPACITY / 2);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Counts one occurrence of `hash` (class `cls` 0..7, kept from the first occurrence). */
  add(hash: number, cls: number): void {
    const key = hash >>> 0 || 1; // 0 marks an empty slot
    const mask = this.#keys.length - 1;
    let p = key & mask;
    while (this.#keys[p] !== 0 && this.#keys[p] !== key) p = (p + 1) & mask;
    if (this.#keys[p] === 0) {
      this.#keys[p] = key;
      this.#values[p] = cls;
      this.#slots[this.#size++] = p;
    }
    this.#values[p] += 8;
    if (this.#size * 2 >= this.#keys.length) this.#grow();
  }

  /** Calls fn(key, count, cls) for every entry, then empties the counter. */
  drain(fn: (key: number, count: number, cls: number) => void): void {
    for (let i = 0; i < this.#size; i++) {
      const p = this.#slots[i];
      const value = this.#values[p];
      fn(this.#keys[p], value >>> 3, value & 7);
      this.#keys[p] = 0;
      this.#values[p] = 0;
    }
    this.#size = 0;
    if (this.#keys.length > KEEP_CAPACITY) this.#reset(INITIAL_CAPACITY);
  }

  #grow(): void {
    const keys = this.#keys;
    const values = this.#values;
    const slots = this.#slots.subarray(0, this.#size);
    const size = this.#size;
    this.#reset(keys.length * 2);
    const mask = this.#keys.length - 1;
    for (let i = 0; i < size; i++) {
      const key = keys[slots[i]];
      let p = key & mask;
      while (this.#keys[p] !== 0) p = (p + 1) & mask;
      this.#keys[p] = key;
      this.#values[p] = values[slots[i]];
      this.#slots[i] = p;
    }
    this.#size = size;
  }

  #reset(capacity: number): void {
    this.#keys = new Uint32Array(capacity);
    this.#values = new Uint32Array(capacity);
    this.#slots = new Int32Array(capacity / 2);
    this.#size = 0;
  }
}
