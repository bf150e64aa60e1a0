/** The Redis client and the Lua bucket script against a real redis-server. */
import assert from "node:assert/strict";
import { parseRedisUrl } from "../../../src/config/redis_url.ts";
import { RedisClient, RedisError, RedisUnavailableError } from "../../../src/state/redis_client.ts";
import {
  REDIS_KEY_PREFIX,
  RedisRateLimitStore,
} from "../../../src/traffic/rate_limit/redis_store.ts";
import { RATE_LIMIT_SCRIPT } from "../../../src/traffic/rate_limit/redis_script.ts";
import {
  ADMITTED,
  type PairLimits,
  SHORT_OF_REQUESTS,
} from "../../../src/traffic/rate_limit/token_bucket.ts";
import { type Clock, ManualClock, systemClock } from "../../../src/util/clock.ts";
import { startRedis } from "../../support/redis_server.ts";

function client(url: string, clock: Clock = systemClock, timeoutMs = 2_000): RedisClient {
  const endpoint = parseRedisUrl(url);
  if (!endpoint.ok) throw new Error(endpoint.error);
  return new RedisClient({ endpoint: endpoint.value, timeoutMs, clock });
}

/** Capacity `n` that does not refill while a test runs. */
const frozen = (requests: number, tokens = 1_000_000): PairLimits => ({
  requests: { capacity: requests, perMs: 1e-12 },
  tokens: { capacity: tokens, perMs: 1e-12 },
});

Deno.test("redis: two clients hammering one key never over-admit", async () => {
  const redis = await startRedis();
  const a = new RedisRateLimitStore(client(redis.url));
  const b = new RedisRateLimitStore(client(redis.url));
  try {
    const limits = frozen(100);
    const cost = { requests: 1, tokens: 10 };
    const outcomes = await Promise.all(
      Array.from({ length: 600 }, (_, i) => (i % 2 ? a : b).admit("hammer", limits, cost)),
    );
    const admitted = outcomes.filter((o) => o.status === ADMITTED);
    assert.equal(admitted.length, 100);
    assert.equal(outcomes.filter((o) => o.status === SHORT_OF_REQUESTS).length, 500);
    // Each admission saw a different count left: they were serialized, none lost.
    const left = new Set(admitted.map((o) => Math.round(o.requests)));
    assert.equal(left.size, 100);
    assert.equal(Math.min(...left), 0);
  } finally {
    await a.close();
    await b.close();
    await redis.stop();
  }
});

Deno.test("redis: a bucket key expires when its buckets would be full again", async () => {
  const redis = await startRedis();
  const store = new RedisRateLimitStore(client(redis.url));
  try {
    // 10 RPM: one request back every 6 s. 1 000 TPM: 100 tokens back in 6 s.
    const limits: PairLimits = {
      requests: { capacity: 10, perMs: 10 / 60_000 },
      tokens: { capacity: 1_000, perMs: 1_000 / 60_000 },
    };
    for (let i = 0; i < 3; i++) await store.admit("exp", limits, { requests: 1, tokens: 10 });
    const key = REDIS_KEY_PREFIX + "exp";
    const ttl = Number(await store.client.command(["PTTL", key]));
    assert.ok(ttl > 17_000 && ttl <= 18_000, `PTTL ${ttl}: 3 requests take 18 s to refill`);
    const fields = await store.client.command(["HGETALL", key]) as string[];
    assert.deepEqual(fields.filter((_, i) => i % 2 === 0), ["r", "t", "ts"]);
    // Charged 470 tokens more than estimated: the tokens now take longest to come back.
    await store.settle("exp", limits, 470);
    const after = Number(await store.client.command(["PTTL", key]));
    assert.ok(after > 29_000 && after <= 30_000, `PTTL ${after}: 500 tokens take 30 s`);
  } finally {
    await store.close();
    await redis.stop();
  }
});

Deno.test("redis: EVALSHA falls back to EVAL when the script cache was flushed", async () => {
  const redis = await startRedis();
  const store = new RedisRateLimitStore(client(redis.url));
  try {
    const limits = frozen(5);
    const take = async () =>
      Math.round((await store.admit("k", limits, { requests: 1, tokens: 0 })).requests);
    assert.equal(await take(), 4);
    await store.client.command(["SCRIPT", "FLUSH"]);
    assert.deepEqual(await store.client.command(["SCRIPT", "EXISTS", RATE_LIMIT_SCRIPT.sha1]), [0]);
    assert.equal(await take(), 3);
    assert.deepEqual(await store.client.command(["SCRIPT", "EXISTS", RATE_LIMIT_SCRIPT.sha1]), [1]);
  } finally {
    await store.close();
    await redis.stop();
  }
});

Deno.test("redis: pipelined replies pair with their commands; error replies throw", async () => {
  const redis = await startRedis();
  const c = client(redis.url);
  try {
    const results = await Promise.allSettled(
      Array.from(
        { length: 200 },
        (_, i) => i % 50 === 7 ? c.command(["NOSUCHCOMMAND", i]) : c.command(["ECHO", `m${i}`]),
      ),
    );
    results.forEach((r, i) => {
      if (i % 50 === 7) {
        assert.equal(r.status, "rejected");
        assert.ok((r as PromiseRejectedResult).reason instanceof RedisError);
        assert.equal((r as PromiseRejectedResult).reason.code, "ERR");
      } else {
        assert.deepEqual(r, { status: "fulfilled", value: `m${i}` });
      }
    });
    assert.equal(await c.ping(), "PONG");
  } finally {
    await c.close();
    await redis.stop();
  }
});

Deno.test("redis: AUTH and SELECT come from the URL", async () => {
  const redis = await startRedis(["--requirepass", "s3cret"]);
  const port = redis.port;
  const db3 = client(`redis://:s3cret@127.0.0.1:${port}/3`);
  const db0 = client(`redis://:s3cret@127.0.0.1:${port}`);
  const wrong = client(`redis://:nope@127.0.0.1:${port}`);
  const none = client(`redis://127.0.0.1:${port}`);
  try {
    await db3.command(["SET", "where", "three"]);
    assert.equal(await db3.command(["GET", "where"]), "three");
    assert.equal(await db0.command(["GET", "where"]), null);
    await assert.rejects(wrong.ping(), (err: Error) => {
      assert.ok(err instanceof RedisUnavailableError);
      assert.match(err.message, /WRONGPASS/);
      assert.doesNotMatch(err.message, /nope/);
      return true;
    });
    await assert.rejects(none.ping(), /NOAUTH/);
  } finally {
    await Promise.all([db3.close(), db0.close(), wrong.close(), none.close()]);
    await redis.stop();
  }
});

Deno.test("redis: while down, commands fail at once; after a restart it reconnects", async () => {
  const redis = await startRedis();
  const clock = new ManualClock();
  const c = client(redis.url, clock);
  try {
    assert.equal(await c.ping(), "PONG");
    await redis.stop();
    await assert.rejects(c.ping(), RedisUnavailableError);
    // Until the backoff has passed nothing is attempted: a fast, explicit failure.
    await assert.rejects(c.ping(), /redis unavailable .*next attempt in 50 ms/);
    await redis.restart();
    await assert.rejects(c.ping(), /next attempt in 50 ms/);
    clock.advance(50);
    assert.equal(await c.ping(), "PONG");
  } finally {
    await c.close();
    await redis.stop();
  }
});

Deno.test("redis: a server that never answers times out and fails over to backoff", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const clock = new ManualClock();
  const c = client(`redis://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`, clock, 250);
  const silent = listener.accept();
  const settled = c.ping().then(() => "answered", (err: Error) => err.message);
  const server = await silent;
  try {
    // Once the command has arrived its reply timer is running (on the injected clock).
    await server.read(new Uint8Array(64));
    clock.advance(249);
    assert.equal(clock.pendingTimers, 1);
    clock.advance(1);
    assert.equal(await settled, "no reply within 250 ms");
    await assert.rejects(c.ping(), /next attempt in 50 ms/);
  } finally {
    await c.close();
    server.close();
    listener.close();
  }
});
