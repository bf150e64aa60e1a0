/** Prefix caching through the HTTP API, with exact timing from an injected clock. */
import assert from "node:assert/strict";
import { dataEvents, drainAvailable, testApp } from "../../support/in_process.ts";
import { tick, waitFor } from "../../support/wait.ts";

const SYSTEM = "You are a meticulous assistant. ".repeat(120); // ~725 tokens
const chat = (system: string, user: string, stream = false) => ({
  model: "gpt-4o",
  stream,
  max_tokens: 4,
  messages: [{ role: "system", content: system }, { role: "user", content: user }],
});

/** Posts a non-streamed request and moves the injected clock until it is answered. */
async function complete(t: ReturnType<typeof testApp>, body: unknown) {
  let done = false;
  const pending = t.post("/v1/chat/completions", body).then((r) => {
    done = true;
    return r;
  });
  // Let the handler run, then move the clock on by 10 ms, until the answer is in.
  await waitFor("the non-streamed answer", async () => {
    await tick();
    t.clock.advance(10);
    return done;
  }, { attempts: 10_000 });
  return await (await pending).json();
}

async function ttftOf(t: ReturnType<typeof testApp>, body: unknown): Promise<number> {
  const res = await t.post("/v1/chat/completions", body);
  const reader = res.body!.getReader();
  const start = t.clock.now();
  for (let ms = 1; ms <= 1000; ms++) {
    t.clock.advance(1);
    if (dataEvents(await drainAvailable(reader)).length > 0) {
      await reader.cancel();
      return t.clock.now() - start;
    }
  }
  throw new Error("no first token within 1 s");
}

Deno.test("a repeated long system prompt gets cached tokens and a shorter TTFT; another prefix does not", async () => {
  const t = testApp({
    ttftMs: 100,
    ttftVariancePct: 0,
    kvCacheTtftFloor: 0.2,
    enablePromptCaching: false,
  });
  const first = await complete(t, chat(SYSTEM, "hello"));
  assert.equal(first.usage.prompt_tokens_details.cached_tokens, 0);
  const second = await complete(t, chat(SYSTEM, "another question"));
  const cached = second.usage.prompt_tokens_details.cached_tokens;
  assert.ok(cached >= 700 && cached % 16 === 0, `whole blocks of the system prompt: ${cached}`);
  assert.ok(cached <= second.usage.prompt_tokens);

  const other = await complete(t, chat("Different. ".repeat(300), "hi"));
  assert.equal(other.usage.prompt_tokens_details.cached_tokens, 0);

  // TTFT = 100 × (0.2 + 0.8 × uncached share).
  const cold = await ttftOf(t, chat("Fresh prefix here. ".repeat(200), "x", true));
  const warm = await ttftOf(t, chat(SYSTEM, "third question", true));
  assert.equal(cold, 100);
  assert.ok(warm < 30, `warm TTFT ${warm} ms`);
});

Deno.test("admin clears, /kv-cache/metrics and /metrics report the same lookups", async () => {
  const t = testApp({ enablePromptCaching: false });
  await complete(t, chat(SYSTEM, "a"));
  await complete(t, chat(SYSTEM, "b"));
  const kv = await (await t.app.request("/kv-cache/metrics")).json();
  assert.equal(kv.cache_performance.total_lookups, 2);
  assert.equal(kv.cache_performance.cache_hits, 1);
  assert.equal(kv.cache_performance.hit_rate, 0.5);
  assert.equal(kv.cache_performance.by_endpoint["/v1/chat/completions"].lookups, 2);
  assert.equal(Object.keys(kv.smart_router.worker_stats).length, 4);
  const metrics = await (await t.app.request("/metrics")).json();
  assert.equal(metrics.kv_cache.total_lookups, 2);
  assert.equal(metrics.kv_cache.hit_rate, 0.5);

  const cleared = await (await t.app.request("/admin/clear-kv-cache", { method: "POST" })).json();
  assert.equal(cleared.status, "cleared");
  assert.ok(cleared.blocks_removed > 0);
  const after = await complete(t, chat(SYSTEM, "c"));
  assert.equal(after.usage.prompt_tokens_details.cached_tokens, 0);
});

Deno.test("OpenAI prompt caching alone: 128-token increments from 1024 tokens", async () => {
  const t = testApp({ kvCacheEnabled: false, enablePromptCaching: true, minTokensForCache: 1024 });
  const long = "Long shared context sentence. ".repeat(300);
  await complete(t, chat(long, "a"));
  const again = await complete(t, chat(long, "b"));
  const cached = again.usage.prompt_tokens_details.cached_tokens;
  assert.ok(cached >= 1024 && cached % 128 === 0, String(cached));
  const cleared = await (await t.app.request("/admin/clear-cache", { method: "POST" })).json();
  assert.ok(cleared.entries_removed > 0);
  const fresh = await complete(t, chat(long, "c"));
  assert.equal(fresh.usage.prompt_tokens_details.cached_tokens, 0);
});
