/**
 * Two token buckets per limiter key — requests and tokens — refilled continuously from the time
 * of their last update. Pure functions: the memory store runs them in JS, and
 * rate_limit_script.ts is the same arithmetic in Lua, run inside Redis.
 */

export interface BucketLimit {
  /** Most the bucket holds: the per-minute limit. */
  capacity: number;
  /** Refill per millisecond: the per-minute limit / 60 000. */
  perMs: number;
}

export interface PairLimits {
  requests: BucketLimit;
  tokens: BucketLimit;
}

/** Available amounts at clock time `at` (ms). Tokens may be negative: settled overuse. */
export interface PairState {
  requests: number;
  tokens: number;
  at: number;
}

export interface Cost {
  requests: number;
  tokens: number;
}

/** 0 admitted; 1 short of requests; 2 short of tokens; 3 more tokens than the bucket holds. */
export type TakeStatus = 0 | 1 | 2 | 3;

export const ADMITTED = 0;
export const SHORT_OF_REQUESTS = 1;
export const SHORT_OF_TOKENS = 2;
export const TOO_LARGE = 3;

export function limitsPerMinute(rpm: number, tpm: number): PairLimits {
  return {
    requests: { capacity: rpm, perMs: rpm / 60_000 },
    tokens: { capacity: tpm, perMs: tpm / 60_000 },
  };
}

export function fullState(limits: PairLimits, now: number): PairState {
  return { requests: limits.requests.capacity, tokens: limits.tokens.capacity, at: now };
}

export function refill(state: PairState, limits: PairLimits, now: number): PairState {
  const elapsed = Math.max(0, now - state.at);
  return {
    requests: Math.min(
      limits.requests.capacity,
      state.requests + elapsed * limits.requests.perMs,
    ),
    tokens: Math.min(limits.tokens.capacity, state.tokens + elapsed * limits.tokens.perMs),
    at: Math.max(now, state.at),
  };
}

/** Checks both buckets and takes from both, or from neither. `state` is already refilled. */
export function take(
  state: PairState,
  limits: PairLimits,
  cost: Cost,
): { status: TakeStatus; state: PairState } {
  let status: TakeStatus = ADMITTED;
  if (cost.tokens > limits.tokens.capacity) status = TOO_LARGE;
  else if (state.requests < cost.requests) status = SHORT_OF_REQUESTS;
  else if (cost.tokens > 0 && state.tokens < cost.tokens) status = SHORT_OF_TOKENS;
  if (status !== ADMITTED) return { status, state };
  return {
    status,
    state: {
      requests: state.requests - cost.requests,
      tokens: state.tokens - cost.tokens,
      at: state.at,
    },
  };
}

/** Settlement: a positive delta charges more tokens, a negative one refunds (up to capacity). */
export function adjustTokens(state: PairState, limits: PairLimits, delta: number): PairState {
  return { ...state, tokens: Math.min(limits.tokens.capacity, state.tokens - delta) };
}

/** Milliseconds until the bucket is full again (0 when full). */
export function msUntilFull(available: number, limit: BucketLimit): number {
  return available >= limit.capacity ? 0 : (limit.capacity - available) / limit.perMs;
}

/** Milliseconds until the bucket holds `amount` (0 when it already does). */
export function msUntilAvailable(available: number, amount: number, limit: BucketLimit): number {
  return available >= amount ? 0 : (amount - available) / limit.perMs;
}

/** How long the stored state matters: once both buckets are full it equals a fresh key. */
export function expiryMs(state: PairState, limits: PairLimits): number {
  const ms = Math.max(
    msUntilFull(state.requests, limits.requests),
    msUntilFull(state.tokens, limits.tokens),
  );
  return Math.max(1, Math.ceil(ms));
}
