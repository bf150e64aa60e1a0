/** Rate limiting through the whole app, in process, on a ManualClock (the memory store). */
import assert from "node:assert/strict";
import { testApp } from "../../support/in_process.ts";

const PATH = "/v1/chat/completions";
const chat = (extra: Record<string, unknown> = {}) => ({
  model: "gpt-4o",
  messages: [{ role: "user", content: "Say something short." }],
  ...extra,
});
const app = (over = {}) => testApp({ ttftMs: 0, itlMs: 0, rateLimitEnabled: true, ...over });
const charge = (body: unknown, maxTokens: number) =>
  Math.ceil(new TextEncoder().encode(JSON.stringify(body)).byteLength / 4) + maxTokens;
const header = (res: Response, name: string) => res.headers.get(`x-ratelimit-${name}`);
const MORE = "Visit https://platform.openai.com/account/rate-limits to learn more.";

Deno.test("rate limit: every response carries the six headers; the 429 is OpenAI's", async () => {
  const t = app({ rateLimitRpm: 2 });
  const first = await t.post(PATH, chat());
  assert.equal(first.status, 200);
  assert.equal(header(first, "limit-requests"), "2");
  assert.equal(header(first, "limit-tokens"), "30000"); // tier-1
  assert.equal(header(first, "remaining-requests"), "1");
  assert.equal(header(first, "reset-requests"), "30s");
  const second = await t.post(PATH, chat());
  assert.equal(header(second, "remaining-requests"), "0");
  assert.equal(header(second, "reset-requests"), "1m0s");

  t.clock.advance(12_000);
  const refused = await t.post(PATH, chat());
  assert.equal(refused.status, 429);
  assert.equal(header(refused, "remaining-requests"), "0");
  assert.equal(header(refused, "reset-requests"), "48s");
  assert.equal(refused.headers.get("retry-after"), "18");
  assert.equal(refused.headers.get("retry-after-ms"), "18000");
  const { error } = await refused.json();
  assert.match(
    error.message,
    /^Rate limit reached for gpt-4o in organization org-[0-9A-Za-z]{24} /,
  );
  assert.equal(
    error.message.replace(/org-\w+/, "org-X"),
    "Rate limit reached for gpt-4o in organization org-X on requests per min (RPM): Limit 2, " +
      `Used 2, Requested 1. Please try again in 18s. ${MORE}`,
  );
  assert.deepEqual({ ...error, message: "" }, {
    message: "",
    type: "requests",
    param: null,
    code: "rate_limit_exceeded",
  });

  t.clock.advance(17_999);
  assert.equal((await t.post(PATH, chat())).status, 429);
  t.clock.advance(1);
  assert.equal((await t.post(PATH, chat())).status, 200);
});

Deno.test("rate limit: tokens are charged up front, then settled with the real usage", async () => {
  const t = app({ rateLimitTpm: 1_000 });
  const body1 = chat({ max_tokens: 300 });
  const res1 = await t.post(PATH, body1);
  assert.equal(header(res1, "remaining-tokens"), String(1_000 - charge(body1, 300)));
  const used1 = (await res1.json()).usage.total_tokens;
  const body2 = chat({ max_completion_tokens: 5, n: 2 });
  const res2 = await t.post(PATH, body2);
  // The first request's unused allowance came back when it ended; n multiplies the allowance.
  assert.equal(header(res2, "remaining-tokens"), String(1_000 - used1 - charge(body2, 10)));
  await res2.body?.cancel();
});

Deno.test("rate limit: a stream is settled when it ends, not when it starts", async () => {
  const t = app({ rateLimitTpm: 1_000, ttftMs: 100, ttftVariancePct: 0 });
  const streamed = chat({ max_tokens: 200, stream: true, stream_options: { include_usage: true } });
  const res = await t.post(PATH, streamed);
  const probe = chat({ max_tokens: 1 });
  const during = await t.post(PATH, probe, { "x-fakeai-ttft-ms": "0" });
  assert.equal(
    header(during, "remaining-tokens"),
    String(1_000 - charge(streamed, 200) - charge(probe, 1)),
  );
  const probeUsed = (await during.json()).usage.total_tokens;
  t.clock.advance(100); // the stream's first token is due: it runs to the end
  const events = (await res.text()).split("\n\n").filter((e) => e.startsWith("data: {"));
  const streamUsed = JSON.parse(events.at(-1)!.slice(6)).usage.total_tokens;
  const after = await t.post(PATH, probe, { "x-fakeai-ttft-ms": "0" });
  const refilled = 100 * 1_000 / 60_000; // 100 ms at 1 000 TPM
  assert.equal(
    header(after, "remaining-tokens"),
    String(Math.floor(1_000 - streamUsed - probeUsed - charge(probe, 1) + refilled)),
  );
  await after.body?.cancel();
});
