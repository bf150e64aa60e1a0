/**
 * Anthropic prompt caching through the route, on the injected clock: cache_creation on the first
 * call, cache_read on repeats (JSON and the stream's message_start alike), input + creation +
 * read = count_tokens, the 5-minute and 1-hour lifetimes, the previous turn found by lookback,
 * nothing reported without breakpoints or under the minimum length, the token metrics, and the
 * 400s that come before any work.
 */
import assert from "node:assert/strict";
import { testApp } from "../../support/in_process.ts";
import { checkMessageBody, checkMessageStream } from "../../support/anthropic_wire.ts";

const MODEL = "claude-sonnet-4-5";
/** Seeded: the same request streamed or not has the same output. */
const HEADERS = { "anthropic-version": "2023-06-01", "x-fakeai-seed": "3" };
const LONG = "Caches keep what was computed so that it need not be computed again. ".repeat(120);
const eph = { type: "ephemeral" } as const;

type Usage = {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  output_tokens: number;
};

function client() {
  const t = testApp({ ttftMs: 0, itlMs: 0 });
  const create = async (body: Record<string, unknown>): Promise<Usage> => {
    const res = await t.post("/v1/messages", { model: MODEL, max_tokens: 5, ...body }, HEADERS);
    assert.equal(res.status, 200);
    const message = await res.json();
    checkMessageBody(message);
    return message.usage;
  };
  /** A stream's usage: message_start's, and the cumulative one of message_delta. */
  const streamed = async (body: Record<string, unknown>) => {
    const res = await t.post(
      "/v1/messages",
      { model: MODEL, max_tokens: 5, ...body, stream: true },
      HEADERS,
    );
    const events = checkMessageStream(await res.text());
    const start = (events[0].message as { usage: Usage }).usage;
    const final = events.find((e) => e.type === "message_delta")!.usage as Omit<
      Usage,
      "cache_creation"
    >;
    return { start, final };
  };
  const count = async (body: Record<string, unknown>): Promise<number> => {
    const res = await t.post("/v1/messages/count_tokens", { model: MODEL, ...body }, HEADERS);
    return (await res.json()).input_tokens;
  };
  return { ...t, create, streamed, count };
}

const cached = (system: string, ttl?: "1h") => ({
  system: [{ type: "text", text: system, cache_control: ttl ? { ...eph, ttl } : eph }],
  messages: [{ role: "user", content: "Summarise the above." }],
});
const sum = (u: Usage) =>
  u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens;

Deno.test("anthropic caching: creation, then reads (JSON and stream alike), adding up to count_tokens", async () => {
  const t = client();
  const body = cached(LONG);
  const total = await t.count(body);
  const first = await t.create(body);
  const system = total - first.input_tokens;
  assert.ok(system >= 1024, `the system prompt is cacheable: ${system} tokens`);
  assert.deepEqual({ ...first, output_tokens: 0 }, {
    input_tokens: total - system,
    cache_creation_input_tokens: system,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: system, ephemeral_1h_input_tokens: 0 },
    output_tokens: 0,
  });
  const read = {
    input_tokens: total - system,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: system,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
  };
  const streamed = await t.streamed(body);
  assert.deepEqual({ ...streamed.start, output_tokens: 0 }, { ...read, output_tokens: 0 });
  assert.equal(streamed.start.output_tokens, 1);
  const again = await t.create(body);
  assert.deepEqual({ ...again, output_tokens: 0 }, { ...read, output_tokens: 0 });
  assert.equal(sum(again), total);
  const { cache_creation: _, ...counts } = again;
  assert.deepEqual(streamed.final, counts, "message_delta's usage is the JSON body's, cache read");

  // Five minutes after its last use the entry is gone: written again.
  t.clock.advance(5 * 60_000);
  assert.equal((await t.create(body)).cache_creation_input_tokens, system);
  // The metrics count every prompt token once, whatever the cache did.
  const text = await (await t.app.request("/metrics/prometheus")).text();
  const prompt = text.match(/fakeai_tokens_total\{model="claude-sonnet-4-5",kind="prompt"\} (\d+)/);
  assert.equal(Number(prompt?.[1]), 4 * total);
});

Deno.test("anthropic caching: ttl 1h outlives five minutes and is reported as ephemeral_1h", async () => {
  const t = client();
  const body = cached(LONG, "1h");
  const first = await t.create(body);
  const system = first.cache_creation_input_tokens;
  assert.deepEqual(first.cache_creation, {
    ephemeral_5m_input_tokens: 0,
    ephemeral_1h_input_tokens: system,
  });
  t.clock.advance(30 * 60_000);
  assert.equal((await t.create(body)).cache_read_input_tokens, system);
  t.clock.advance(60 * 60_000 + 1);
  assert.equal((await t.create(body)).cache_creation_input_tokens, system, "expired after an hour");
});

Deno.test("anthropic caching: the next turn reads the previous turn's prefix (lookback) and writes its own", async () => {
  const t = client();
  const turn1 = {
    system: LONG,
    messages: [{
      role: "user",
      content: [{ type: "text", text: "Question one?", cache_control: eph }],
    }],
  };
  const first = await t.create(turn1);
  const prefix1 = (await t.count(turn1)) - first.input_tokens;
  assert.equal(first.cache_creation_input_tokens, prefix1);
  const turn2 = {
    system: LONG,
    messages: [
      { role: "user", content: [{ type: "text", text: "Question one?" }] },
      { role: "assistant", content: "Answer one." },
      { role: "user", content: [{ type: "text", text: "Question two?", cache_control: eph }] },
    ],
  };
  const total2 = await t.count(turn2);
  const second = await t.create(turn2);
  assert.equal(second.cache_read_input_tokens, prefix1);
  assert.equal(second.input_tokens, 3, "only the reply priming follows the last breakpoint");
  assert.equal(second.cache_creation_input_tokens, total2 - prefix1 - 3);
});

Deno.test("anthropic caching: nothing without breakpoints or under 1,024 tokens; the engine's KV cache still hits", async () => {
  const t = client();
  const plain = { system: LONG, messages: [{ role: "user", content: "Hello" }] };
  const total = await t.count(plain);
  for (let i = 0; i < 2; i++) {
    const usage = await t.create(plain);
    assert.deepEqual([
      usage.input_tokens,
      usage.cache_creation_input_tokens,
      usage.cache_read_input_tokens,
    ], [total, 0, 0]);
  }
  assert.ok(t.engine.kv.tokensHit > 0, "the repeat's prefill found its KV blocks (TTFT benefits)");
  const short = cached("A short system prompt.");
  for (let i = 0; i < 2; i++) {
    const usage = await t.create(short);
    assert.deepEqual([usage.cache_creation_input_tokens, usage.cache_read_input_tokens], [0, 0]);
    assert.equal(usage.input_tokens, await t.count(short));
  }
});

Deno.test("anthropic caching and media: the real API's 400s, before any work", async () => {
  const t = client();
  const expect400 = async (body: Record<string, unknown>, message: string) => {
    for (const path of ["/v1/messages", "/v1/messages/count_tokens"]) {
      const res = await t.post(path, { model: MODEL, max_tokens: 5, ...body }, HEADERS);
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), {
        type: "error",
        error: { type: "invalid_request_error", message },
      });
    }
  };
  const text = (i: number) => ({ type: "text", text: `${i}`, cache_control: eph });
  await expect400(
    { messages: [{ role: "user", content: [0, 1, 2, 3, 4].map(text) }] },
    "A maximum of 4 blocks with cache_control may be provided. Found 5.",
  );
  const image = (data: string) => ({
    messages: [{
      role: "user",
      content: [{ type: "text", text: "Look" }, {
        type: "image",
        source: { type: "base64", media_type: "image/png", data },
      }],
    }],
  });
  const huge = "A".repeat(((5 * 1024 * 1024 + 1) / 3) * 4); // 5 MiB + 1 byte
  await expect400(
    image(huge),
    "messages.0.content.1.image.source.base64: image exceeds 5 MB maximum: 5242881 bytes > 5242880 bytes",
  );
  const header = new Uint8Array(33);
  header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(header.buffer).setUint32(16, 9000);
  new DataView(header.buffer).setUint32(20, 100);
  await expect400(
    image(btoa(String.fromCharCode(...header))),
    "messages.0.content.1.image.source.base64.data: At least one of the image dimensions exceed " +
      "max allowed size: 8000 pixels",
  );
});
