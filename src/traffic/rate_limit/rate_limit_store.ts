/**
 * Where rate-limit buckets live: in this process (memory_rate_limit_store.ts) or in Redis, shared
 * by every replica (redis_rate_limit_store.ts). Both apply token_bucket.ts's arithmetic.
 */
import type { Cost, PairLimits, TakeStatus } from "./token_bucket.ts";

/** A decision and the amounts left afterwards (or as they stood, when refused). */
export interface AdmitOutcome {
  status: TakeStatus;
  requests: number;
  tokens: number;
}

export interface RateLimitStore {
  readonly kind: "memory" | "redis";
  /**
   * Refills, checks and takes — atomically: concurrent admissions for one key never take more
   * than the buckets hold. A backend failure rejects (the caller applies the failure policy).
   */
  admit(key: string, limits: PairLimits, cost: Cost): AdmitOutcome | Promise<AdmitOutcome>;
  /** Corrects the token charge once the real usage is known (delta = actual − charged). */
  settle(key: string, limits: PairLimits, tokensDelta: number): void | Promise<void>;
  close(): Promise<void>;
}
