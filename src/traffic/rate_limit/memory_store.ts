/**
 * Buckets in this process. admit() is synchronous — refill, check and take with no await in
 * between — so JavaScript's single thread makes it atomic. Full buckets are forgotten on a
 * periodic sweep (a missing key means "full"), which bounds memory to the recently active keys.
 */
import type { Clock } from "../../util/clock.ts";
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

const SWEEP_EVERY_MS = 60_000;

export class MemoryRateLimitStore implements RateLimitStore {
  readonly kind = "memory";
  readonly #buckets = new Map<string, { state: PairState; expiresAt: number }>();
  #nextSweep: number;

  constructor(private readonly clock: Clock) {
    this.#nextSweep = clock.now() + SWEEP_EVERY_MS;
  }

  /** Keys currently held (for tests). */
  get size(): number {
    return this.#buckets.size;
  }

  admit(key: string, limits: PairLimits, cost: Cost): AdmitOutcome {
    const now = this.clock.now();
    this.#sweep(now);
    const current = this.#current(key, limits, now);
    const { status, state } = take(current, limits, cost);
    this.#store(key, state, limits, now);
    return { status, requests: state.requests, tokens: state.tokens };
  }

  settle(key: string, limits: PairLimits, tokensDelta: number): void {
    const now = this.clock.now();
    const state = adjustTokens(this.#current(key, limits, now), limits, tokensDelta);
    this.#store(key, state, limits, now);
  }

  close(): Promise<void> {
    this.#buckets.clear();
    return Promise.resolve();
  }

  #current(key: string, limits: PairLimits, now: number): PairState {
    const held = this.#buckets.get(key);
    if (!held || held.expiresAt <= now) return fullState(limits, now);
    return refill(held.state, limits, now);
  }

  #store(key: string, state: PairState, limits: PairLimits, now: number): void {
    this.#buckets.set(key, { state, expiresAt: now + expiryMs(state, limits) });
  }

  #sweep(now: number): void {
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + SWEEP_EVERY_MS;
    for (const [key, held] of this.#buckets) {
      if (held.expiresAt <= now) this.#buckets.delete(key);
    }
  }
}
