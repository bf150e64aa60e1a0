/**
 * Rate limiting end to end: the real CLI, the official openai SDK, and a real redis-server
 * shared by two FakeAI replicas.
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { type FakeAIProcess, FAST_ARGS, runCli, startFakeAI } from "../support/fakeai_process.ts";
import { type RedisServer, startRedis } from "../support/redis_server.ts";

const ASK = {
  model: "gpt-4o-mini",
  messages: [{ role: "user" as const, content: "Name a colour." }],
  max_tokens: 5,
};

function limited(env: Record<string, string>): Promise<FakeAIProcess> {
  return startFakeAI({ args: FAST_ARGS, env: { FAKEAI_RATE_LIMIT_ENABLED: "true", ...env } });
}

async function withRedis(fn: (redis: RedisServer) => Promise<void>): Promise<void> {
  const redis = await startRedis();
  try {
    await fn(redis);
  } finally {
    await redis.stop();
  }
}

const client = (server: FakeAIProcess, apiKey = "sk-shared", maxRetries = 0) =>
  new OpenAI({ baseURL: server.baseURL, apiKey, maxRetries });

Deno.test("e2e: two replicas share one limit through Redis", async () => {
  await withRedis(async (redis) => {
    const env = {
      FAKEAI_RATE_LIMIT_RPM: "10",
      FAKEAI_REDIS_URL: redis.url,
      // Keys have buckets of their own only when authentication has verified them.
      FAKEAI_REQUIRE_API_KEY: "true",
      FAKEAI_API_KEYS: "sk-shared,sk-other",
    };
    const [one, two] = await Promise.all([limited(env), limited(env)]);
    try {
      const replicas = [client(one), client(two)];
      for (let i = 0; i < 10; i++) {
        const { data, response } = await replicas[i % 2].chat.completions.create(ASK)
          .withResponse();
        assert.equal(data.object, "chat.completion");
        assert.equal(response.headers.get("x-ratelimit-limit-requests"), "10");
        assert.equal(response.headers.get("x-ratelimit-remaining-requests"), String(9 - i));
        assert.equal(response.headers.get("x-ratelimit-limit-tokens"), "30000");
        assert.match(response.headers.get("x-ratelimit-remaining-tokens")!, /^\d+$/);
        assert.match(response.headers.get("x-ratelimit-reset-requests")!, /^(\d+m)?[\d.]+s$/);
        assert.match(response.headers.get("x-ratelimit-reset-tokens")!, /^\d+(ms|s)$/);
      }
      for (const replica of replicas) {
        const err = await replica.chat.completions.create(ASK).then(() => null, (e) => e);
        assert.ok(err instanceof OpenAI.RateLimitError, String(err));
        assert.equal(err.status, 429);
        assert.equal(err.type, "requests");
        assert.equal(err.code, "rate_limit_exceeded");
        assert.match(err.message, /Rate limit reached for gpt-4o-mini in organization org-\w{24} /);
        assert.match(err.message, /on requests per min \(RPM\): Limit 10, Used 10, Requested 1\./);
        assert.ok(Number(err.headers.get("retry-after")) >= 1);
        assert.ok(Number(err.headers.get("retry-after-ms")) > 0);
        assert.equal(err.headers.get("x-ratelimit-remaining-requests"), "0");
        assert.equal(err.headers.get("x-ratelimit-limit-tokens"), "30000");
      }
      // Another key has buckets of its own, on either replica.
      const other = await client(two, "sk-other").chat.completions.create(ASK).withResponse();
      assert.equal(other.response.headers.get("x-ratelimit-remaining-requests"), "9");
    } finally {
      assert.equal(await one.stop(), 0);
      assert.equal(await two.stop(), 0);
    }
  });
});

Deno.test("e2e: Redis down — 'open' keeps serving and counts, 'closed' answers 503", async () => {
  await withRedis(async (redis) => {
    const env = { FAKEAI_RATE_LIMIT_RPM: "100", FAKEAI_REDIS_URL: redis.url };
    const [open, closed] = await Promise.all([
      limited({ ...env, FAKEAI_REDIS_FAILURE_POLICY: "open" }),
      limited({ ...env, FAKEAI_REDIS_FAILURE_POLICY: "closed" }),
    ]);
    try {
      await client(open).chat.completions.create(ASK);
      await client(closed).chat.completions.create(ASK);
      await redis.stop();

      for (let i = 0; i < 3; i++) {
        const { response } = await client(open).chat.completions.create(ASK).withResponse();
        assert.equal(response.headers.get("x-ratelimit-limit-requests"), "100");
      }
      const metrics = await (await fetch(`${open.url}/metrics/prometheus`)).text();
      const errors = Number(/\nfakeai_rate_limit_backend_errors_total (\d+)/.exec(metrics)?.[1]);
      assert.ok(errors >= 3, metrics);

      const err = await client(closed).chat.completions.create(ASK).then(() => null, (e) => e);
      assert.ok(err instanceof OpenAI.InternalServerError, String(err));
      assert.equal(err.status, 503);
      assert.equal(err.code, "rate_limiter_unavailable");
      assert.equal(err.headers.get("retry-after"), "1");
    } finally {
      assert.equal(await open.stop(), 0);
      assert.equal(await closed.stop(), 0);
    }
    const warned = open.stderr.filter((l) => l.includes('"msg":"rate limit store unavailable"'));
    assert.equal(warned.length, 1); // at most one line per 10 s
  });
});

Deno.test("e2e: the SDK retries a 429 after retry-after-ms, but not 'Request too large'", async () => {
  const server = await limited({ FAKEAI_RATE_LIMIT_TPM: "6000" }); // 100 tokens per second
  try {
    const patient = client(server, "sk-t", 2);
    // Leave under 100 tokens: 5 900 output tokens exactly, settled after the response.
    await patient.chat.completions.create({ ...ASK, max_tokens: 5_900 }, {
      headers: { "x-fakeai-output-tokens": "5900" },
    });
    const { data, response } = await patient.chat.completions
      .create({ ...ASK, max_tokens: 150 }).withResponse();
    assert.equal(data.object, "chat.completion");
    assert.equal(response.status, 200);

    const tooLarge = await patient.chat.completions.create({ ...ASK, max_tokens: 7_000 })
      .then(() => null, (e) => e);
    assert.ok(tooLarge instanceof OpenAI.RateLimitError);
    assert.match(tooLarge.message, /^429 Request too large for gpt-4o-mini in organization org-/);
    const json = await (await fetch(`${server.url}/metrics`)).json();
    assert.equal(json.rate_limiting.throttled_tokens, 2); // one refusal retried, one not retried
    assert.equal(json.rate_limiting.allowed, 2); // the first request and the retry
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

Deno.test("e2e: a bad FAKEAI_REDIS_URL stops startup without showing the password", async () => {
  const { code, stderr } = await runCli(["server", "--port", "0"], {
    env: { FAKEAI_RATE_LIMIT_ENABLED: "true", FAKEAI_REDIS_URL: "http://:hunter2@cache:6379" },
  });
  assert.equal(code, 2);
  assert.match(stderr, /FAKEAI_REDIS_URL/);
  assert.match(stderr, /redis:\/\/ or rediss:\/\//);
  assert.doesNotMatch(stderr, /hunter2/);
});
