/**
 * What a rate-limit decision looks like on the wire: OpenAI's x-ratelimit-* headers, with
 * durations in OpenAI's (Go's) format — "120ms", "1s", "8.64s", "6m0s", "1m30.5s" — and the
 * 429 bodies with OpenAI's messages.
 */
import { type ApiError, errors } from "../../server/errors.ts";
import type { AdmitOutcome } from "./rate_limit_store.ts";
import {
  type BucketLimit,
  msUntilAvailable,
  msUntilFull,
  type PairLimits,
  SHORT_OF_REQUESTS,
  TOO_LARGE,
} from "./token_bucket.ts";

/** Float noise from continuous refill must not turn 9.999999 requests into "9 remaining". */
const EPSILON = 1e-6;

/** A duration in whole milliseconds (rounded up), written as Go's time.Duration prints it. */
export function openaiDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms - EPSILON));
  if (total === 0) return "0s";
  if (total < 1000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const rest = total % 60_000;
  const fraction = rest % 1000;
  const seconds = `${Math.floor(rest / 1000)}${
    fraction === 0 ? "" : "." + String(fraction).padStart(3, "0").replace(/0+$/, "")
  }s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}

export function whole(amount: number): number {
  return Math.max(0, Math.floor(amount + EPSILON));
}

function resetMs(available: number, limit: BucketLimit): number {
  return limit.capacity - available < EPSILON ? 0 : msUntilFull(available, limit);
}

export function limitHeaders(limits: PairLimits): Record<string, string> {
  return {
    "x-ratelimit-limit-requests": String(limits.requests.capacity),
    "x-ratelimit-limit-tokens": String(limits.tokens.capacity),
  };
}

/**
 * The six x-ratelimit-* headers for the amounts left after a decision; with `anthropicAt` (wall
 * clock ms, for Anthropic Messages requests) also Anthropic's anthropic-ratelimit-* ones, whose
 * resets are RFC 3339 times.
 */
export function rateLimitHeaders(
  limits: PairLimits,
  left: AdmitOutcome,
  anthropicAt?: number,
): Record<string, string> {
  const requestsReset = resetMs(left.requests, limits.requests);
  const tokensReset = resetMs(left.tokens, limits.tokens);
  const headers: Record<string, string> = {
    ...limitHeaders(limits),
    "x-ratelimit-remaining-requests": String(whole(left.requests)),
    "x-ratelimit-remaining-tokens": String(whole(left.tokens)),
    "x-ratelimit-reset-requests": openaiDuration(requestsReset),
    "x-ratelimit-reset-tokens": openaiDuration(tokensReset),
  };
  if (anthropicAt === undefined) return headers;
  const at = (ms: number) => new Date(anthropicAt + Math.ceil(ms)).toISOString();
  return {
    ...headers,
    "anthropic-ratelimit-requests-limit": String(limits.requests.capacity),
    "anthropic-ratelimit-requests-remaining": String(whole(left.requests)),
    "anthropic-ratelimit-requests-reset": at(requestsReset),
    "anthropic-ratelimit-tokens-limit": String(limits.tokens.capacity),
    "anthropic-ratelimit-tokens-remaining": String(whole(left.tokens)),
    "anthropic-ratelimit-tokens-reset": at(tokensReset),
  };
}

export interface Refusal {
  limits: PairLimits;
  outcome: AdmitOutcome;
  tokensRequested: number;
  /** Shown in the message: the request's model, or "requests" when it has none. */
  subject: string;
  organization: string;
  /** Anthropic Messages requests: the wall clock, for anthropic-ratelimit-* headers. */
  anthropicAt?: number;
}

/** Milliseconds until both buckets can serve the request. */
export function retryMs(r: Refusal): number {
  return Math.max(
    msUntilAvailable(r.outcome.requests, 1, r.limits.requests),
    msUntilAvailable(r.outcome.tokens, r.tokensRequested, r.limits.tokens),
  );
}

/** The 429 for a refused request, as OpenAI words it. */
export function refusalError(r: Refusal): ApiError {
  const headers = rateLimitHeaders(r.limits, r.outcome, r.anthropicAt);
  const where = `for ${r.subject} in organization ${r.organization}`;
  if (r.outcome.status === TOO_LARGE) {
    // Waiting cannot help: SDKs are told not to retry.
    return errors.rateLimitRequestTooLarge({
      where,
      limit: r.limits.tokens.capacity,
      requested: r.tokensRequested,
      headers: { ...headers, "x-should-retry": "false" },
    });
  }
  const wait = Math.max(1, Math.ceil(retryMs(r) - EPSILON));
  const byRequests = r.outcome.status === SHORT_OF_REQUESTS;
  const limit = byRequests ? r.limits.requests.capacity : r.limits.tokens.capacity;
  const left = byRequests ? r.outcome.requests : r.outcome.tokens;
  return errors.rateLimitReached({
    kind: byRequests ? "requests" : "tokens",
    where,
    limit,
    used: Math.ceil(limit - left - EPSILON),
    requested: byRequests ? 1 : r.tokensRequested,
    retryIn: openaiDuration(wait),
    headers: {
      ...headers,
      "retry-after": String(Math.ceil(wait / 1000)),
      "retry-after-ms": String(wait),
    },
  });
}
