/**
 * Buckets in a SharedArrayBuffer, for a server whose isolates (the main thread and its Workers)
 * serve one port: each isolate opens its own instance over the same buffer (sent to the Workers
 * with postMessage), and all of them draw from the same buckets, with no message per request.
 * The semantics are MemoryRateLimitStore's; the headers cannot tell the two apart.
 *
 * `clock.now()` must be one time base in every isolate (e.g. `performance.timeOrigin +
 * performance.now()`): bare `performance.now()` starts at 0 in each Worker.
 *
 * Layout: an Int32 lock word, then a power-of-two table of slots of five float64s —
 * [keyHash, requests, tokens, at, expiresAt] — addressed by open addressing with linear probing
 * from the key's 53-bit hashString. Slots are never emptied: an expired slot keeps its key, so
 * the probe chains through it stay intact, and an insert of a new key may take it over. Two
 * keys with the same 53-bit hash would share buckets (odds about n²/2⁵⁴).
 *
 * Degraded case: when none of the MAX_PROBES slots from a key's home is the key's own, empty or
 * expired, the key is admitted as if its buckets were full and nothing is stored, so it goes
 * unlimited while that lasts. Live keys (buckets not yet full again: roughly the clients of the
 * last minute) must crowd the table for that: in the default 65,536 slots (2.6 MB), 49,152 random
 * live keys all found room and 58,982 left 190 without.
 */
import type { Clock } from "../../util/clock.ts";
import { hashString } from "../../util/prng.ts";
import type { AdmitOutcome, RateLimitStore } from "./rate_limit_store.ts";
import {
  adjustTokens,
  type Cost,
  expiryMs,
  fullState,
  type PairLimits,
  type PairState,
  refill,
  take,
} from "./token_bucket.ts";
import { withLock } from "../../util/spin_lock.ts";

const KEY = 0;
const REQUESTS = 1;
const TOKENS = 2;
const AT = 3;
const EXPIRES_AT = 4;
const FIELDS = 5;
const SLOT_BYTES = FIELDS * Float64Array.BYTES_PER_ELEMENT;
/** The lock word, padded so the float64 slots after it are aligned. */
const HEADER_BYTES = 8;

const EMPTY = 0;
const NO_ROOM = -1;
/** How far from its home slot a key may land: bounds every lookup inside the lock. */
const MAX_PROBES = 128;

interface Views {
  lock: Int32Array;
  slots: Float64Array;
}

export class SharedMemoryRateLimitStore implements RateLimitStore {
  readonly kind = "memory";
  #views: Views | null;
  readonly #mask: number;
  readonly #probes: number;

  /** A zeroed buffer for `slots` buckets (a power of two): 40 bytes each. */
  static allocate(slots = 1 << 16): SharedArrayBuffer {
    if (!isPowerOfTwo(slots)) throw new RangeError(`slots must be a power of two, got ${slots}`);
    return new SharedArrayBuffer(HEADER_BYTES + slots * SLOT_BYTES);
  }

  constructor(buffer: SharedArrayBuffer, private readonly clock: Clock) {
    const slots = (buffer.byteLength - HEADER_BYTES) / SLOT_BYTES;
    if (!isPowerOfTwo(slots)) {
      throw new RangeError("the buffer was not made by SharedMemoryRateLimitStore.allocate()");
    }
    this.#views = {
      lock: new Int32Array(buffer, 0, 1),
      slots: new Float64Array(buffer, HEADER_BYTES, slots * FIELDS),
    };
    this.#mask = slots - 1;
    this.#probes = Math.min(MAX_PROBES, slots);
  }

  /** Keys whose buckets are not yet full again, across all isolates (for tests). */
  get size(): number {
    const { lock, slots } = this.#open();
    return withLock(lock, 0, "rate-limit", () => {
      const now = this.clock.now();
      let live = 0;
      for (let base = 0; base < slots.length; base += FIELDS) {
        if (slots[base + KEY] !== EMPTY && slots[base + EXPIRES_AT] > now) live++;
      }
      return live;
    });
  }

  admit(key: string, limits: PairLimits, cost: Cost): AdmitOutcome {
    const { status, state } = this.#update(key, limits, (now) => take(now, limits, cost));
    return { status, requests: state.requests, tokens: state.tokens };
  }

  settle(key: string, limits: PairLimits, tokensDelta: number): void {
    this.#update(key, limits, (now) => ({ state: adjustTokens(now, limits, tokensDelta) }));
  }

  /** Refills the key's buckets, applies `change` and stores the result, all under the lock. */
  #update<T extends { state: PairState }>(
    key: string,
    limits: PairLimits,
    change: (refilled: PairState) => T,
  ): T {
    const hash = keyHash(key);
    const { lock, slots } = this.#open();
    return withLock(lock, 0, "rate-limit", () => {
      const now = this.clock.now();
      const slot = this.#findSlot(slots, hash, now);
      const result = change(current(slots, slot, hash, limits, now));
      store(slots, slot, hash, result.state, limits);
      return result;
    });
  }

  /** Drops this instance's view only: the other isolates keep using the buffer. */
  close(): Promise<void> {
    this.#views = null;
    return Promise.resolve();
  }

  #open(): Views {
    if (this.#views === null) throw new Error("SharedMemoryRateLimitStore is closed");
    return this.#views;
  }

  /**
   * The key's slot; else where to insert it — the first expired slot on its chain, or the empty
   * slot that ends the chain; else NO_ROOM.
   */
  #findSlot(slots: Float64Array, hash: number, now: number): number {
    let reusable = NO_ROOM;
    let index = hash & this.#mask;
    for (let probe = 0; probe < this.#probes; probe++) {
      const base = index * FIELDS;
      const held = slots[base + KEY];
      if (held === hash) return index;
      if (held === EMPTY) return reusable === NO_ROOM ? index : reusable;
      if (reusable === NO_ROOM && slots[base + EXPIRES_AT] <= now) reusable = index;
      index = (index + 1) & this.#mask;
    }
    return reusable;
  }
}

function current(
  slots: Float64Array,
  slot: number,
  hash: number,
  limits: PairLimits,
  now: number,
): PairState {
  const base = slot * FIELDS;
  if (slot === NO_ROOM || slots[base + KEY] !== hash || slots[base + EXPIRES_AT] <= now) {
    return fullState(limits, now);
  }
  const held = {
    requests: slots[base + REQUESTS],
    tokens: slots[base + TOKENS],
    at: slots[base + AT],
  };
  return refill(held, limits, now);
}

function store(
  slots: Float64Array,
  slot: number,
  hash: number,
  state: PairState,
  limits: PairLimits,
): void {
  if (slot === NO_ROOM) return;
  const base = slot * FIELDS;
  slots[base + KEY] = hash;
  slots[base + REQUESTS] = state.requests;
  slots[base + TOKENS] = state.tokens;
  slots[base + AT] = state.at;
  // From state.at, not now: it is later when another isolate's clock ran slightly ahead.
  slots[base + EXPIRES_AT] = state.at + expiryMs(state, limits);
}

/** 0 marks an empty slot, so a key that hashes to 0 takes 1 (sharing it: odds 2⁻⁵³). */
function keyHash(key: string): number {
  return hashString(key) || 1;
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && 2 ** Math.round(Math.log2(n)) === n;
}
