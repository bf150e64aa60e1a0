/** Engine latency mode through HTTP, with exact timing from an injected clock. */
import assert from "node:assert/strict";
import { dataEvents, drainAvailable, testApp } from "../support/in_process.ts";

const ENGINE = {
  latencyMode: "engine" as const,
  kvCacheNumWorkers: 1,
  engineMaxNumSeqs: 4,
  engineMaxQueue: 1,
  enginePrefillBaseMs: 10,
  enginePrefillPerTokenMs: 0,
  engineDecodeBaseMs: 20,
  engineDecodePerSeqMs: 10,
};

const stream = (tokens: number) => ({
  model: "gpt-4o",
  stream: true,
  max_tokens: tokens,
  ignore_eos: true,
  messages: [{ role: "user", content: "hi" }],
});

/** Clock times at which each content token arrived. */
async function tokenTimes(
  t: ReturnType<typeof testApp>,
  readers: ReadableStreamDefaultReader<Uint8Array>[],
  until: number,
) {
  const times = readers.map(() => [] as number[]);
  while (t.clock.now() < until) {
    t.clock.advance(1);
    for (let i = 0; i < readers.length; i++) {
      for (const e of dataEvents(await drainAvailable(readers[i]))) {
        if (e !== "[DONE]" && JSON.parse(e).choices[0]?.delta?.content) {
          times[i].push(t.clock.now());
        }
      }
    }
  }
  return times;
}

Deno.test("engine mode: ITL rises when a request joins; TTFT includes prefill", async () => {
  const t = testApp(ENGINE);
  const a = (await t.post("/v1/chat/completions", stream(5))).body!.getReader();
  const [early] = await tokenTimes(t, [a], 25);
  const b = (await t.post("/v1/chat/completions", stream(2))).body!.getReader();
  const [late, tb] = await tokenTimes(t, [a, b], 300);
  const ta = [...early, ...late];
  // a: ready at 10, steps every 20 + 10×1 = 30 → 10, 40; b ready at 35 joins at 40;
  // batch of 2 → steps every 40: 40, 80; b done at 80; a back to 30: 110, 140.
  assert.deepEqual(ta, [10, 40, 80, 110, 140]);
  assert.deepEqual(tb, [40, 80]);
});

Deno.test("engine mode: a full queue answers 429 with retry-after before any byte; gauges follow", async () => {
  const t = testApp({ ...ENGINE, engineMaxNumSeqs: 1, engineMaxQueue: 1 });
  await t.post("/v1/chat/completions", stream(50)); // running
  await t.post("/v1/chat/completions", stream(50)); // waiting
  const vllm = await (await t.app.request("/metrics/vllm")).text();
  assert.match(vllm, /vllm:num_requests_running\{model_name="gpt-4o",engine="0"\} 1\n/);
  assert.match(vllm, /vllm:num_requests_waiting\{model_name="gpt-4o",engine="0"\} 1\n/);
  const rejected = await t.post("/v1/chat/completions", stream(5));
  assert.equal(rejected.status, 429);
  assert.equal(rejected.headers.get("retry-after"), "1");
  assert.equal((await rejected.json()).error.code, "engine_overloaded");
  const unavailable = testApp({
    ...ENGINE,
    engineMaxNumSeqs: 1,
    engineMaxQueue: 0,
    engineQueueFullStatus: "503",
  });
  await unavailable.post("/v1/chat/completions", stream(50));
  assert.equal((await unavailable.post("/v1/chat/completions", stream(5))).status, 503);
});

Deno.test("engine mode: a cached prefix prefills faster", async () => {
  const t = testApp({ ...ENGINE, enginePrefillPerTokenMs: 0.1, enablePromptCaching: false });
  const system = "Shared system prompt words. ".repeat(150);
  const body = (user: string) => ({
    ...stream(1),
    messages: [{ role: "system", content: system }, { role: "user", content: user }],
  });
  const [[cold]] = await tokenTimes(t, [
    (await t.post("/v1/chat/completions", body("a"))).body!.getReader(),
  ], 500);
  const start = t.clock.now();
  const [[warm]] = await tokenTimes(t, [
    (await t.post("/v1/chat/completions", body("b"))).body!.getReader(),
  ], start + 500);
  assert.ok(warm - start < cold / 2, `cold ${cold} ms, warm ${warm - start} ms`);
});
