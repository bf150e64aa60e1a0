/** Who is limited, on what, and what a refusal by tokens looks like (in process, memory store). */
import assert from "node:assert/strict";
import { testApp } from "../../support/in_process.ts";

const PATH = "/v1/chat/completions";
const chat = (extra: Record<string, unknown> = {}) => ({
  model: "gpt-4o",
  messages: [{ role: "user", content: "hello" }],
  ...extra,
});
const app = (over = {}) => testApp({ ttftMs: 0, itlMs: 0, rateLimitEnabled: true, ...over });
const charge = (body: unknown, maxTokens: number) =>
  Math.ceil(new TextEncoder().encode(JSON.stringify(body)).byteLength / 4) + maxTokens;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

Deno.test("rate limit: short of tokens → 429 of type tokens with the wait for enough tokens", async () => {
  const t = app({ rateLimitTpm: 600 }); // 10 tokens per second
  const first = await t.post(PATH, chat({ max_tokens: 500 }), { "x-fakeai-output-tokens": "500" });
  const used = (await first.json()).usage.total_tokens;
  const body = chat({ max_tokens: 300 });
  const requested = charge(body, 300);
  const remaining = 600 - used;
  const res = await t.post(PATH, body);
  assert.equal(res.status, 429);
  const waitMs = (requested - remaining) * 100; // at 10 tokens per second
  assert.equal(res.headers.get("retry-after-ms"), String(waitMs));
  assert.equal(res.headers.get("retry-after"), String(Math.ceil(waitMs / 1000)));
  assert.equal(res.headers.get("x-ratelimit-remaining-tokens"), String(remaining));
  assert.equal(res.headers.get("x-ratelimit-remaining-requests"), "499");
  const { error } = await res.json();
  assert.equal(error.type, "tokens");
  assert.equal(error.code, "rate_limit_exceeded");
  assert.match(
    error.message,
    new RegExp(
      `on tokens per min \\(TPM\\): Limit 600, Used ${used}, Requested ${requested}\\. ` +
        `Please try again in ${waitMs / 1000}s\\.`,
    ),
  );
});

Deno.test("rate limit: a request larger than the whole TPM limit is 'Request too large'", async () => {
  const t = app({ rateLimitTpm: 1_000 });
  const body = chat({ max_tokens: 4_000 });
  const res = await t.post(PATH, body);
  assert.equal(res.status, 429);
  assert.equal(res.headers.get("x-should-retry"), "false");
  assert.equal(res.headers.get("retry-after"), null);
  assert.equal(res.headers.get("x-ratelimit-remaining-tokens"), "1000");
  const { error } = await res.json();
  assert.equal(error.type, "tokens");
  assert.equal(
    error.message.replace(/org-\w+/, "org-X"),
    `Request too large for gpt-4o in organization org-X on tokens per min (TPM): Limit 1000, ` +
      `Requested ${charge(body, 4_000)}. The input or output tokens must be reduced in order to ` +
      "run successfully. Visit https://platform.openai.com/account/rate-limits to learn more.",
  );
});

Deno.test("rate limit: each verified API key has its own buckets and organization id", async () => {
  const t = app({ rateLimitRpm: 1, requireApiKey: true, apiKeys: ["sk-alice", "sk-bob"] });
  assert.equal((await t.post(PATH, chat(), bearer("sk-alice"))).status, 200);
  const alice = await t.post(PATH, chat(), bearer("sk-alice"));
  assert.equal(alice.status, 429);
  assert.equal((await t.post(PATH, chat(), bearer("sk-bob"))).status, 200);
  const bob = await t.post(PATH, chat(), bearer("sk-bob"));
  const orgOf = async (res: Response) => /org-\w+/.exec((await res.json()).error.message)![0];
  assert.notEqual(await orgOf(alice), await orgOf(bob));
});

Deno.test("rate limit: with authentication off, made-up keys share the client's bucket", async () => {
  const t = app({ rateLimitRpm: 3 });
  const statuses = [];
  for (let i = 0; i < 10; i++) {
    statuses.push((await t.post(PATH, chat(), bearer(`sk-made-up-${i}`))).status);
  }
  assert.deepEqual(statuses, [200, 200, 200, 429, 429, 429, 429, 429, 429, 429]);
  // Without a key (and, in process, without a peer address) requests share "anonymous" too.
  assert.equal((await t.post(PATH, chat())).status, 429);
});

Deno.test("rate limit: only /v1 is limited; in-process batch lines are exempt", async () => {
  const t = app({ rateLimitRpm: 1 });
  assert.equal((await t.post(PATH, chat())).status, 200);
  assert.equal((await t.post(PATH, chat())).status, 429);
  const health = await t.app.request("/health");
  assert.equal(health.status, 200);
  assert.equal(health.headers.get("x-ratelimit-limit-requests"), null);
  assert.equal((await t.app.request("/metrics")).status, 200);
  const models = await t.app.request("/v1/models");
  assert.equal(models.status, 429);
  assert.equal(models.headers.get("x-ratelimit-limit-requests"), "1");
  const line = await t.post(PATH, chat(), { "x-fakeai-batch": "1" });
  assert.equal(line.status, 200);
  assert.equal(line.headers.get("x-ratelimit-limit-requests"), null);
});

Deno.test("rate limit: concurrent requests never get more than the limit", async () => {
  const t = app({ rateLimitRpm: 10 });
  const statuses = await Promise.all(
    Array.from({ length: 40 }, () =>
      t.post(PATH, chat()).then(async (r) => {
        await r.body?.cancel();
        return r.status;
      })),
  );
  assert.equal(statuses.filter((s) => s === 200).length, 10);
  assert.equal(statuses.filter((s) => s === 429).length, 30);
});

Deno.test("rate limit: rejected bad requests count as requests but their tokens come back", async () => {
  const t = app({ rateLimitRpm: 5, rateLimitTpm: 1_000 });
  const bad = { model: "gpt-4o", messages: "not a list", max_tokens: 500 };
  const res = await t.post(PATH, bad);
  assert.equal(res.status, 400);
  assert.equal(res.headers.get("x-ratelimit-remaining-requests"), "4");
  assert.equal(res.headers.get("x-ratelimit-remaining-tokens"), String(1_000 - charge(bad, 500)));
  const next = await t.app.request("/v1/models");
  assert.equal(next.headers.get("x-ratelimit-remaining-tokens"), "1000");
});

Deno.test("rate limit: decisions are counted in /metrics and /metrics/prometheus", async () => {
  const t = app({ rateLimitRpm: 2, rateLimitTpm: 1_000 });
  for (let i = 0; i < 3; i++) await (await t.post(PATH, chat())).body?.cancel();
  await (await t.post(PATH, chat({ max_tokens: 5_000 }))).body?.cancel();
  const json = await (await t.app.request("/metrics")).json();
  assert.deepEqual(json.rate_limiting, {
    enabled: true,
    allowed: 2,
    throttled_requests: 1,
    throttled_tokens: 1,
    backend_errors: 0,
  });
  const text = await (await t.app.request("/metrics/prometheus")).text();
  assert.match(text, /\nfakeai_rate_limit_backend_errors_total 0\n/);
  assert.match(text, /fakeai_errors_total\{type="rate_limit_exceeded"\} 2/);
});

Deno.test("rate limit: off by default — no headers, no limits", async () => {
  const t = testApp({ ttftMs: 0, itlMs: 0, rateLimitRpm: 1 });
  for (let i = 0; i < 3; i++) {
    const res = await t.post(PATH, chat());
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("x-ratelimit-limit-requests"), null);
    await res.body?.cancel();
  }
});
