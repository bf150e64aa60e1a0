/**
 * The limiter behind the middleware: a bucket store, the limits, the metrics, and the failure
 * policy for when the store (Redis) cannot answer — "open" serves the request unchecked, "closed"
 * answers 503. Either way the failure is counted and logged (at most once per 10 s, with the
 * number of failures since the last line), and the server keeps serving.
 */
import type { MetricsRegistry } from "../../metrics/registry.ts";
import type { AdmitOutcome, RateLimitStore } from "./rate_limit_store.ts";
import { ADMITTED, type PairLimits, SHORT_OF_REQUESTS } from "./token_bucket.ts";
import type { Clock } from "../../util/clock.ts";
import { errors } from "../../server/errors.ts";
import type { Logger } from "../../util/logger.ts";

export type FailurePolicy = "open" | "closed";

export type Decision =
  | { kind: "admitted"; outcome: AdmitOutcome }
  | { kind: "refused"; outcome: AdmitOutcome }
  /** The store failed and the policy is "open": served without a check. */
  | { kind: "unchecked" };

const LOG_EVERY_MS = 10_000;

export interface RateLimiterDeps {
  store: RateLimitStore;
  limits: PairLimits;
  policy: FailurePolicy;
  clock: Clock;
  logger: Logger;
  metrics: MetricsRegistry | null;
}

export class RateLimiter {
  readonly store: RateLimitStore;
  readonly limits: PairLimits;
  readonly clock: Clock;
  readonly #deps: RateLimiterDeps;
  #lastLogAt = -Infinity;
  #unlogged = 0;

  constructor(deps: RateLimiterDeps) {
    this.#deps = deps;
    this.store = deps.store;
    this.limits = deps.limits;
    this.clock = deps.clock;
  }

  /** Throws the 503 when the store fails under the "closed" policy. */
  async admit(identity: string, tokens: number): Promise<Decision> {
    let outcome: AdmitOutcome;
    try {
      // The memory store decides synchronously inside admit(): nothing can interleave.
      outcome = await this.store.admit(identity, this.limits, { requests: 1, tokens });
    } catch (err) {
      this.#backendError(err, "admit");
      if (this.#deps.policy === "closed") throw errors.rateLimiterUnavailable();
      return { kind: "unchecked" };
    }
    const metrics = this.#deps.metrics;
    if (outcome.status === ADMITTED) {
      metrics?.rateLimit.inc(["allowed"]);
      return { kind: "admitted", outcome };
    }
    metrics?.rateLimit.inc([
      outcome.status === SHORT_OF_REQUESTS ? "throttled_requests" : "throttled_tokens",
    ]);
    return { kind: "refused", outcome };
  }

  /** Fire-and-forget: the response never waits for settlement, and a failure only counts. */
  settle(identity: string, tokensDelta: number): void {
    if (tokensDelta === 0) return;
    try {
      const done = this.store.settle(identity, this.limits, tokensDelta);
      if (done) done.catch((err) => this.#backendError(err, "settle"));
    } catch (err) {
      this.#backendError(err, "settle");
    }
  }

  close(): Promise<void> {
    return this.store.close();
  }

  #backendError(err: unknown, during: "admit" | "settle"): void {
    const { metrics, logger, clock, policy } = this.#deps;
    if (metrics) metrics.rateLimitBackendErrors++;
    this.#unlogged++;
    const now = clock.now();
    if (now - this.#lastLogAt < LOG_EVERY_MS) return;
    logger.warn("rate limit store unavailable", {
      during,
      failure_policy: policy,
      error: err instanceof Error ? err.message : String(err),
      failures_since_last_log: this.#unlogged,
    });
    this.#lastLogAt = now;
    this.#unlogged = 0;
  }
}
