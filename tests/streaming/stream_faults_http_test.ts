/** Stream faults through HTTP with an injected clock, in both latency modes. */
import assert from "node:assert/strict";
import { ConnectionDropped } from "../../src/streaming/connection_drop.ts";
import { dataEvents, drainAvailable, testApp } from "../support/in_process.ts";
import { tick } from "../support/wait.ts";

// Fixed mode: TTFT 10, ITL 10 → step k is due at 10 + 10k.
const FIXED = { ttftMs: 10, ttftVariancePct: 0, itlMs: 10, itlVariancePct: 0 };
// Engine mode, one stream alone: prefill 10, then a decode step every 20 + 10 → 10, 40, 70, ...
const ENGINE = {
  latencyMode: "engine" as const,
  kvCacheNumWorkers: 1,
  engineMaxNumSeqs: 4,
  engineMaxQueue: 4,
  enginePrefillBaseMs: 10,
  enginePrefillPerTokenMs: 0,
  engineDecodeBaseMs: 20,
  engineDecodePerSeqMs: 10,
};

const chat = (tokens = 8) => ({
  model: "gpt-4o",
  messages: [{ role: "user", content: "hello" }],
  stream: true,
  max_tokens: tokens,
  ignore_eos: true,
});

type T = ReturnType<typeof testApp>;

async function open(t: T, fault: string, path = "/v1/chat/completions", body: unknown = chat()) {
  const res = await t.post(path, body, { "x-fakeai-fault": fault });
  assert.equal(res.status, 200);
  return res.body!.getReader();
}

const contentOf = (events: string[]) =>
  events.filter((e) => e !== "[DONE]").map((e) => JSON.parse(e).choices[0]?.delta?.content)
    .filter((c) => c);

async function failedStreams(t: T): Promise<number> {
  const res = await t.app.request("/metrics");
  return (await res.json()).streaming_stats.failed_streams;
}

Deno.test("disconnect:3 — three tokens, then the transfer breaks (no clean end)", async () => {
  const t = testApp(FIXED);
  const reader = await open(t, "disconnect:3");
  t.clock.advance(30);
  assert.equal(contentOf(dataEvents(await drainAvailable(reader))).length, 3);
  t.clock.advance(10);
  await assert.rejects(drainAvailable(reader), ConnectionDropped);
  assert.equal(await failedStreams(t), 1, "counted as a failed stream");
});

Deno.test("error:3 — three tokens, an OpenAI error event, then the stream closes", async () => {
  const t = testApp(FIXED);
  const reader = await open(t, "error:3");
  t.clock.advance(40);
  const events = dataEvents(await drainAvailable(reader));
  assert.equal(contentOf(events.slice(0, -1)).length, 3);
  assert.deepEqual(JSON.parse(events.at(-1)!), {
    error: {
      message: "The server had an error while processing your request. Sorry about that!",
      type: "server_error",
      param: null,
      code: null,
    },
  });
  assert.equal((await reader.read()).done, true, "closed, and no [DONE]");
  assert.equal(await failedStreams(t), 1);
});

Deno.test("malformed:2 — one truncated data line before token 2, then the stream goes on", async () => {
  const t = testApp(FIXED);
  const reader = await open(t, "malformed:2");
  t.clock.advance(100);
  const events = dataEvents(await drainAvailable(reader));
  const broken = events.filter((e) => {
    if (e === "[DONE]") return false;
    try {
      JSON.parse(e);
      return false;
    } catch {
      return true;
    }
  });
  assert.equal(broken.length, 1);
  const at = events.indexOf(broken[0]);
  assert.ok(events[at + 1].startsWith(broken[0]), "a cut copy of the event that follows");
  assert.equal(contentOf(events.slice(0, at)).length, 2);
  assert.equal(contentOf(events.filter((e) => e !== broken[0])).length, 8, "no token lost");
  assert.equal(events.at(-1), "[DONE]");
});

Deno.test("stall:2:500 — tokens from the third on arrive 500 ms later", async () => {
  const t = testApp(FIXED);
  const reader = await open(t, "stall:2:500");
  t.clock.advance(20);
  assert.equal(contentOf(dataEvents(await drainAvailable(reader))).length, 2);
  t.clock.advance(509); // token 2 was due at 30, now at 530
  assert.equal(await drainAvailable(reader), "");
  t.clock.advance(1);
  assert.equal(contentOf(dataEvents(await drainAvailable(reader))).length, 1);
  t.clock.advance(10);
  assert.equal(contentOf(dataEvents(await drainAvailable(reader))).length, 1, "later tokens shift");
  t.clock.advance(50);
  assert.equal(dataEvents(await drainAvailable(reader)).at(-1), "[DONE]");
});

Deno.test("slow_first_byte:100 — the response headers wait 100 ms, the timeline moves too", async () => {
  const t = testApp(FIXED);
  let settled = false;
  const pending = t.post("/v1/chat/completions", chat(), {
    "x-fakeai-fault": "slow_first_byte:100",
  }).then((res) => (settled = true, res));
  await tick();
  t.clock.advance(99);
  await tick();
  assert.equal(settled, false, "no headers before 100 ms");
  t.clock.advance(1);
  const reader = (await pending).body!.getReader();
  t.clock.advance(9);
  assert.equal(await drainAvailable(reader), "");
  t.clock.advance(1);
  assert.equal(contentOf(dataEvents(await drainAvailable(reader))).length, 1, "TTFT after that");
});

Deno.test("the Responses API ends a failed stream with its own `error` event", async () => {
  const t = testApp(FIXED);
  const reader = await open(t, "error:2", "/v1/responses", {
    model: "gpt-4o",
    input: "hello",
    stream: true,
    max_output_tokens: 16,
  });
  t.clock.advance(100);
  const text = await drainAvailable(reader);
  const last = text.trim().split("\n\n").at(-1)!;
  assert.match(last, /^event: error\ndata: /);
  const event = JSON.parse(last.split("\ndata: ")[1]);
  assert.equal(event.type, "error");
  assert.equal(event.code, "server_error");
  assert.equal(event.param, null);
  assert.match(event.message, /The server had an error/);
  assert.equal(typeof event.sequence_number, "number");
  assert.doesNotMatch(text, /response\.completed/);
});

Deno.test("FAKEAI_STREAM_FAULT_RATE=1 faults every stream; x-fakeai-fault: none opts out", async () => {
  const t = testApp({ ...FIXED, streamFaultRate: 1, streamFaultTypes: ["error:1"] });
  const faulty = (await t.post("/v1/chat/completions", chat())).body!.getReader();
  const clean = await open(t, "none");
  t.clock.advance(100);
  assert.ok(JSON.parse(dataEvents(await drainAvailable(faulty)).at(-1)!).error);
  assert.equal(dataEvents(await drainAvailable(clean)).at(-1), "[DONE]");
});

Deno.test("a bad x-fakeai-fault is a 400 naming the header; non-streamed requests ignore faults", async () => {
  const t = testApp(FIXED);
  for (const stream of [true, false]) {
    const res = await t.post("/v1/chat/completions", { ...chat(), stream }, {
      "x-fakeai-fault": "disconnect:soon",
    });
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.equal(body.error.param, "x-fakeai-fault");
    assert.match(body.error.message, /N must be an integer >= 0/);
  }
  const pending = t.post("/v1/chat/completions", { ...chat(), stream: false }, {
    "x-fakeai-fault": "disconnect:1",
  });
  await tick();
  t.clock.advance(1000);
  const res = await pending;
  assert.equal(res.status, 200);
  assert.equal((await res.json()).usage.completion_tokens, 8);
});

Deno.test("engine mode: stall:2:500 holds produced tokens back by 500 ms", async () => {
  const t = testApp(ENGINE);
  const reader = await open(t, "stall:2:500");
  t.clock.advance(40);
  assert.equal(contentOf(dataEvents(await drainAvailable(reader))).length, 2);
  t.clock.advance(529); // token 2 produced at 70 → written at 570
  assert.equal(await drainAvailable(reader), "");
  t.clock.advance(1);
  assert.equal(contentOf(dataEvents(await drainAvailable(reader))).length, 1);
  t.clock.advance(30);
  assert.equal(contentOf(dataEvents(await drainAvailable(reader))).length, 1, "later tokens shift");
  t.clock.advance(1000);
  assert.equal(dataEvents(await drainAvailable(reader)).at(-1), "[DONE]");
});

Deno.test("engine mode: disconnect:2 breaks the transfer when the third token is produced", async () => {
  const t = testApp(ENGINE);
  const reader = await open(t, "disconnect:2");
  t.clock.advance(40);
  assert.equal(contentOf(dataEvents(await drainAvailable(reader))).length, 2);
  t.clock.advance(30);
  await assert.rejects(drainAvailable(reader), ConnectionDropped);
  assert.equal(await failedStreams(t), 1);
  assert.equal(t.engine.tokenClock.size, 0, "the sequence left the batch");
});

Deno.test("engine mode: error:1 and malformed:1 act on the produced steps too", async () => {
  const t = testApp(ENGINE);
  const failing = await open(t, "error:1");
  const corrupt = await open(t, "malformed:1");
  t.clock.advance(2000);
  assert.ok(JSON.parse(dataEvents(await drainAvailable(failing)).at(-1)!).error);
  const events = dataEvents(await drainAvailable(corrupt));
  assert.equal(events.at(-1), "[DONE]");
  assert.throws(() => JSON.parse(events[2]), SyntaxError, "after the role event and token 0");
  assert.equal(contentOf([...events.slice(0, 2), ...events.slice(3)]).length, 8);
});
