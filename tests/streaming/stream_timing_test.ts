/** Exact streaming timing with an injected clock: TTFT, ITL, keepalive, disconnect. */
import assert from "node:assert/strict";
import { dataEvents, drainAvailable, streamedChat, testApp } from "../support/in_process.ts";
import { tick } from "../support/wait.ts";

const chat = streamedChat;

Deno.test("no data before TTFT; then one token per ITL on absolute due times", async () => {
  const t = testApp({ ttftMs: 50, ttftVariancePct: 0, itlMs: 20, itlVariancePct: 0 });
  const res = await t.post("/v1/chat/completions", chat());
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /text\/event-stream/);
  const reader = res.body!.getReader();

  t.clock.advance(49);
  assert.equal(await drainAvailable(reader), "", "nothing before TTFT");
  t.clock.advance(1);
  const first = dataEvents(await drainAvailable(reader));
  assert.equal(first.length, 2, "role event and first token together at TTFT");
  assert.equal(JSON.parse(first[0]).choices[0].delta.role, "assistant");
  assert.ok(JSON.parse(first[1]).choices[0].delta.content);

  t.clock.advance(19);
  assert.equal(await drainAvailable(reader), "");
  t.clock.advance(1);
  assert.equal(dataEvents(await drainAvailable(reader)).length, 1, "second token at TTFT + ITL");

  t.clock.advance(40);
  const rest = dataEvents(await drainAvailable(reader));
  // tokens 3 and 4, the finish event, [DONE]
  assert.equal(rest.length, 4);
  assert.equal(JSON.parse(rest[2]).choices[0].finish_reason, "length");
  assert.equal(rest[3], "[DONE]");
  assert.equal((await reader.read()).done, true);
});

Deno.test("a late timer writes every due token in one write (no drift)", async () => {
  const t = testApp({ ttftMs: 10, ttftVariancePct: 0, itlMs: 10, itlVariancePct: 0 });
  const res = await t.post("/v1/chat/completions", chat({ max_tokens: 5 }));
  const reader = res.body!.getReader();
  t.clock.advance(35); // tokens due at 10, 20, 30
  const events = dataEvents(await drainAvailable(reader));
  assert.equal(events.length, 4, "role + 3 tokens");
  t.clock.advance(5); // token 4 due at 40, not 35 + 10
  assert.equal(dataEvents(await drainAvailable(reader)).length, 1);
});

Deno.test("per-request headers override TTFT, ITL and output length", async () => {
  const t = testApp({ ttftMs: 1000, ttftVariancePct: 0, itlMs: 1000, itlVariancePct: 0 });
  const res = await t.post("/v1/chat/completions", chat({ ignore_eos: false, max_tokens: 100 }), {
    "x-fakeai-ttft-ms": "5",
    "x-fakeai-itl-ms": "1",
    "x-fakeai-output-tokens": "3",
  });
  const reader = res.body!.getReader();
  t.clock.advance(7);
  const events = dataEvents(await drainAvailable(reader));
  assert.equal(events.at(-1), "[DONE]");
  const tokens = events.filter((e) => e !== "[DONE]" && JSON.parse(e).choices[0]?.delta.content);
  assert.equal(tokens.length, 3);
});

Deno.test("malformed per-request headers are 400s naming the header", async () => {
  const t = testApp();
  for (
    const [name, value] of [["x-fakeai-ttft-ms", "fast"], ["x-fakeai-output-tokens", "1.5"], [
      "x-fakeai-itl-ms",
      "-3",
    ], ["x-fakeai-seed", ""]]
  ) {
    const res = await t.post("/v1/chat/completions", chat(), { [name]: value });
    assert.equal(res.status, 400, name);
    const body = await res.json();
    assert.equal(body.error.param, name);
    assert.equal(body.error.type, "invalid_request_error");
  }
});

Deno.test("keepalive comments while waiting longer than the interval", async () => {
  // A 35 s wait for the first token needs a token timeout above the default 30 s.
  const t = testApp({
    ttftMs: 35_000,
    ttftVariancePct: 0,
    streamKeepaliveIntervalSeconds: 15,
    streamTokenTimeoutSeconds: 60,
  });
  const res = await t.post("/v1/chat/completions", chat({ max_tokens: 1 }));
  const reader = res.body!.getReader();
  t.clock.advance(15_000);
  assert.equal(await drainAvailable(reader), ": keepalive\n\n");
  t.clock.advance(15_000);
  assert.equal(await drainAvailable(reader), ": keepalive\n\n");
  t.clock.advance(5_000);
  const events = dataEvents(await drainAvailable(reader));
  assert.equal(events.at(-1), "[DONE]");
});

Deno.test("client disconnect frees the stream at once", async () => {
  const t = testApp({ ttftMs: 10, ttftVariancePct: 0, itlMs: 10, itlVariancePct: 0 });
  const res = await t.post("/v1/chat/completions", chat({ max_tokens: 1000 }));
  const reader = res.body!.getReader();
  t.clock.advance(30);
  await drainAvailable(reader);
  assert.equal(t.engine.tokenClock.size, 1);
  await reader.cancel();
  assert.equal(t.engine.tokenClock.size, 0);
  assert.equal(t.lifecycle.inFlight, 0);
  await tick();
  const access = t.logger.stdout.map((l) => JSON.parse(l)).find((l) =>
    l.path === "/v1/chat/completions"
  );
  assert.equal(access.outcome, "aborted");
});

Deno.test("non-streamed reply waits response delay plus the stream's duration", async () => {
  const t = testApp({
    responseDelay: 0.5,
    randomDelay: false,
    ttftMs: 100,
    ttftVariancePct: 0,
    itlMs: 10,
    itlVariancePct: 0,
  });
  let settled = false;
  const pending = t.post("/v1/chat/completions", chat({ stream: false, max_tokens: 11 })).then(
    (r) => {
      settled = true;
      return r;
    },
  );
  await tick();
  t.clock.advance(699); // 500 + 100 + 10 × 10 = 700
  await tick();
  assert.equal(settled, false);
  t.clock.advance(1);
  const res = await pending;
  assert.equal(res.status, 200);
  assert.equal((await res.json()).usage.completion_tokens, 11);
});

Deno.test("x-fakeai-response-delay-ms replaces the base delay of a non-streamed reply", async () => {
  const t = testApp({
    responseDelay: 5,
    ttftMs: 10,
    ttftVariancePct: 0,
    itlMs: 0,
    itlVariancePct: 0,
  });
  let settled = false;
  const pending = t.post("/v1/chat/completions", chat({ stream: false }), {
    "x-fakeai-response-delay-ms": "100",
  }).then((r) => {
    settled = true;
    return r;
  });
  await tick();
  t.clock.advance(109); // 100 + TTFT 10
  await tick();
  assert.equal(settled, false);
  t.clock.advance(1);
  assert.equal((await pending).status, 200);
});
