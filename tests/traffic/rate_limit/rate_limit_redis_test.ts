/**
 * The rate limiter over a real redis-server that goes away and comes back: the failure policy
 * (open serves and counts, closed answers 503), rate-limited warnings, and limits enforced
 * again once Redis is back. Backoff and log throttling run on a ManualClock.
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { parseRedisUrl } from "../../../src/config/redis_url.ts";
import { MetricsRegistry } from "../../../src/metrics/registry.ts";
import { RedisClient } from "../../../src/state/redis_client.ts";
import { RedisRateLimitStore } from "../../../src/traffic/rate_limit/redis_store.ts";
import { limitsPerMinute } from "../../../src/traffic/rate_limit/token_bucket.ts";
import type { AppEnv } from "../../../src/server/app_env.ts";
import { type ApiError, errorResponse } from "../../../src/server/errors.ts";
import { memoryLogger } from "../../../src/util/logger.ts";
import { rateLimitWith } from "../../../src/traffic/rate_limit/rate_limit_middleware.ts";
import { type FailurePolicy, RateLimiter } from "../../../src/traffic/rate_limit/rate_limiter.ts";
import { ManualClock } from "../../../src/util/clock.ts";
import { type RedisServer, startRedis } from "../../support/redis_server.ts";

interface Rig {
  redis: RedisServer;
  clock: ManualClock;
  metrics: MetricsRegistry;
  logger: ReturnType<typeof memoryLogger>;
  get(): Promise<Response>;
}

/** A tiny app behind the middleware, limited to 3 requests per minute, sharing `redis`. */
async function withRig(policy: FailurePolicy, fn: (rig: Rig) => Promise<void>): Promise<void> {
  const redis = await startRedis();
  const clock = new ManualClock();
  const endpoint = parseRedisUrl(redis.url);
  if (!endpoint.ok) throw new Error(endpoint.error);
  const store = new RedisRateLimitStore(
    new RedisClient({ endpoint: endpoint.value, timeoutMs: 1_000, clock }),
  );
  const metrics = new MetricsRegistry({ clock, windowSeconds: 60 });
  const logger = memoryLogger();
  const limiter = new RateLimiter({
    store,
    limits: limitsPerMinute(3, 10_000),
    policy,
    clock,
    logger,
    metrics,
  });
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("access", {});
    await next();
  });
  app.use(rateLimitWith({ limiter, maxRequestSize: 1 << 20 }));
  app.get("/v1/models", (c) => c.json({ object: "list", data: [] }));
  app.onError((err) => errorResponse(err as ApiError));
  try {
    await fn({ redis, clock, metrics, logger, get: async () => await app.request("/v1/models") });
  } finally {
    await limiter.close();
    await redis.stop();
  }
}

const warnings = (logger: ReturnType<typeof memoryLogger>) =>
  logger.stderr.map((l) => JSON.parse(l)).filter((l) => l.level === "warn");

Deno.test("fail-open: Redis down → requests are served, counted and logged at most every 10 s", async () => {
  await withRig("open", async ({ redis, clock, metrics, logger, get }) => {
    const first = await get();
    assert.equal(first.status, 200);
    assert.equal(first.headers.get("x-ratelimit-remaining-requests"), "2");
    await redis.stop();
    for (let i = 0; i < 5; i++) {
      const res = await get();
      assert.equal(res.status, 200);
      // Nothing is known about what is left: only the limits are sent.
      assert.equal(res.headers.get("x-ratelimit-limit-requests"), "3");
      assert.equal(res.headers.get("x-ratelimit-remaining-requests"), null);
      await res.body?.cancel();
    }
    assert.equal(metrics.rateLimitBackendErrors, 5);
    assert.equal(metrics.rateLimit.get(["allowed"]), 1);
    assert.equal(warnings(logger).length, 1);
    assert.equal(warnings(logger)[0].msg, "rate limit store unavailable");
    assert.equal(warnings(logger)[0].failure_policy, "open");
    clock.advance(10_000);
    assert.equal((await get()).status, 200);
    assert.equal(warnings(logger).length, 2);
    assert.equal(warnings(logger)[1].failures_since_last_log, 5);
  });
});

Deno.test("fail-closed: Redis down → 503 with retry-after, in OpenAI's shape", async () => {
  await withRig("closed", async ({ redis, metrics, get }) => {
    assert.equal((await get()).status, 200);
    await redis.stop();
    const res = await get();
    assert.equal(res.status, 503);
    assert.equal(res.headers.get("retry-after"), "1");
    assert.deepEqual(await res.json(), {
      error: {
        message: "The rate limiter is temporarily unavailable. Please retry your request.",
        type: "service_unavailable",
        param: null,
        code: "rate_limiter_unavailable",
      },
    });
    assert.equal(metrics.rateLimitBackendErrors, 1);
  });
});

Deno.test("Redis restarted → the limits are enforced again", async () => {
  await withRig("open", async ({ redis, clock, get }) => {
    assert.equal((await get()).status, 200);
    await redis.stop();
    assert.equal((await get()).status, 200); // fail-open
    await redis.restart(); // empty: nothing was persisted
    clock.advance(50); // the reconnection backoff
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const res = await get();
      statuses.push(res.status);
      await res.body?.cancel();
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
  });
});
