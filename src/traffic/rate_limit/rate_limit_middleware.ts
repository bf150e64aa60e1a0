/**
 * Rate limiting of the OpenAI API routes (/v1/*): per-identity request and token buckets, in
 * memory or shared through Redis (FAKEAI_REDIS_URL). Every limited response carries OpenAI's
 * x-ratelimit-* headers; a refusal is OpenAI's 429. Token charges are estimated up front and
 * settled with the usage the route reports — after the stream, for streams.
 * Batch lines run in-process by the batch runner are exempt: OpenAI meters batches separately.
 */
import type { MiddlewareHandler } from "hono";
import type { Config } from "../../config/schema.ts";
import { describeEndpoint, parseRedisUrl } from "../../config/redis_url.ts";
import { effectiveLimits } from "../../config/rate_limit_tiers.ts";
import type { Engine } from "../../engine/engine.ts";
import type { MetricsRegistry } from "../../metrics/registry.ts";
import { MemoryRateLimitStore } from "./memory_store.ts";
import { RedisClient } from "../../state/redis_client.ts";
import { RedisRateLimitStore } from "./redis_store.ts";
import type { RateLimitStore } from "./rate_limit_store.ts";
import { limitsPerMinute } from "./token_bucket.ts";
import type { AppEnv } from "../../server/app_env.ts";
import type { Logger } from "../../util/logger.ts";
import { setResponseHeader } from "../../server/response_headers.ts";
import { estimateCharge } from "./rate_limit_charge.ts";
import { limitHeaders, rateLimitHeaders, refusalError } from "./rate_limit_headers.ts";
import { limiterIdentity, organizationId } from "./rate_limit_identity.ts";
import { clientIp, peerAddress, TrustedProxies } from "../security/client_ip.ts";
import { RateLimiter } from "./rate_limiter.ts";
import { passThrough } from "../../server/pass_through.ts";

export interface RateLimitDeps {
  config: Config;
  engine: Engine;
  logger: Logger;
  metrics: MetricsRegistry | null;
  /** Buckets shared with the other isolates of a multi-worker server (instead of this one's). */
  sharedStore?: RateLimitStore;
}

export function rateLimit(deps: RateLimitDeps): MiddlewareHandler<AppEnv> {
  if (!deps.config.rateLimitEnabled) return passThrough;
  return rateLimitWith({
    limiter: createRateLimiter(deps),
    maxRequestSize: deps.config.maxRequestSize,
    proxies: new TrustedProxies(deps.config.trustedProxies),
  });
}

export interface RateLimitWithDeps {
  limiter: RateLimiter;
  /** Bodies are read (to estimate the token charge) up to this size. */
  maxRequestSize: number;
  /** Proxies whose X-Forwarded-For is believed; none when absent. */
  proxies?: TrustedProxies;
}

/** The middleware over a given limiter (tests build their own). */
export function rateLimitWith(deps: RateLimitWithDeps): MiddlewareHandler<AppEnv> {
  const { limiter, maxRequestSize, proxies = new TrustedProxies([]) } = deps;
  return async (c, next) => {
    const ip = clientIp(peerAddress(c.env), c.req.header("x-forwarded-for"), proxies);
    if (!c.req.path.startsWith("/v1/") || (ip === null && c.req.header("x-fakeai-batch") === "1")) {
      return await next();
    }
    const identity = limiterIdentity(c.get("verifiedKey"), ip);
    const charge = await estimateCharge(c.req.raw, c.req.path, maxRequestSize);
    const decision = await limiter.admit(identity, charge.tokens);
    // Anthropic clients read anthropic-ratelimit-* (the Messages API's own names).
    const anthropicAt = c.req.path.startsWith("/v1/messages") ? limiter.clock.wallNow() : undefined;
    if (decision.kind === "refused") {
      throw refusalError({
        anthropicAt,
        limits: limiter.limits,
        outcome: decision.outcome,
        tokensRequested: charge.tokens,
        subject: charge.model ?? "requests",
        organization: organizationId(identity),
      });
    }
    await next();
    const headers = decision.kind === "admitted"
      ? rateLimitHeaders(limiter.limits, decision.outcome, anthropicAt)
      : limitHeaders(limiter.limits); // unchecked: what is left is unknown
    for (const [name, value] of Object.entries(headers)) setResponseHeader(c, name, value);
    if (decision.kind !== "admitted" || !charge.metered) return;
    // Not `c` in the closure: an open stream must not keep the request's context alive.
    const usage = c.get("access");
    const settle = () => {
      const actual = (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0);
      limiter.settle(identity, actual - charge.tokens);
    };
    const streamEnd = c.get("streamEnd");
    if (streamEnd) streamEnd.then(settle);
    else settle();
  };
}

export function createRateLimiter(deps: RateLimitDeps): RateLimiter {
  const { config, engine, logger, metrics } = deps;
  const perMinute = effectiveLimits(config.rateLimitTier, config.rateLimitRpm, config.rateLimitTpm);
  let store: RateLimitStore;
  let where = "memory";
  if (config.redisUrl !== null) {
    const parsed = parseRedisUrl(config.redisUrl);
    // The setting's type validated the URL when the configuration was loaded.
    if (!parsed.ok) throw new Error(`FAKEAI_REDIS_URL: ${parsed.error}`);
    where = describeEndpoint(parsed.value);
    store = new RedisRateLimitStore(
      new RedisClient({
        endpoint: parsed.value,
        timeoutMs: config.redisTimeoutMs,
        clock: engine.clock,
        onConnect: () => logger.info("rate limit store connected", { redis: where }),
      }),
    );
  } else {
    store = deps.sharedStore ?? new MemoryRateLimitStore(engine.clock);
  }
  logger.info("rate limiting on", {
    tier: config.rateLimitTier,
    rpm: perMinute.rpm,
    tpm: perMinute.tpm,
    store: where,
    ...(store.kind === "redis" ? { failure_policy: config.redisFailurePolicy } : {}),
  });
  return new RateLimiter({
    store,
    limits: limitsPerMinute(perMinute.rpm, perMinute.tpm),
    policy: config.redisFailurePolicy,
    clock: engine.clock,
    logger,
    metrics,
  });
}
