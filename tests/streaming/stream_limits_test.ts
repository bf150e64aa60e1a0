/** Streaming limits: total duration and the longest wait for a token, in both latency modes. */
import assert from "node:assert/strict";
import { TokenClock } from "../../src/engine/token_clock.ts";
import { SseSession } from "../../src/streaming/sse_session.ts";
import { listedOffsets } from "../../src/engine/latency.ts";
import { plannedSchedule } from "../../src/streaming/step_schedule.ts";
import { fixedCutoff, watchStreamLimits } from "../../src/streaming/stream_limits.ts";
import { ManualClock } from "../../src/util/clock.ts";
import { dataEvents, drainAvailable, ONE_SEQUENCE_ENGINE, testApp } from "../support/in_process.ts";

const chat = (tokens = 8) => ({
  model: "gpt-4o",
  messages: [{ role: "user", content: "hello" }],
  stream: true,
  max_tokens: tokens,
  ignore_eos: true,
});

const limits = (totalSeconds: number, tokenSeconds: number) => ({
  startedAt: 0,
  totalSeconds,
  tokenSeconds,
});

Deno.test("fixedCutoff: bounds well within the limits skip the steps, and agree with them", () => {
  const walked: number[] = [];
  const schedule = plannedSchedule(listedOffsets([10, 20, 30, 240, 250]), 0);
  const watched = {
    ...schedule,
    dueAt: (k: number) => (walked.push(k), schedule.dueAt(k)),
  };
  assert.equal(fixedCutoff(watched, limits(1, 0.25)), null);
  assert.deepEqual(walked, [], "no step was looked at");
  // Near a limit the steps are walked: a gap of exactly the token limit still counts.
  assert.equal(fixedCutoff(watched, limits(0, 0.21)), null);
  assert.ok(walked.length > 0);
  const cut = fixedCutoff(watched, limits(0, 0.2099))!;
  assert.deepEqual([cut.steps, cut.error.code], [3, "token_timeout"]);
});

Deno.test("fixedCutoff: the first step that breaks a limit, and when", () => {
  const due = plannedSchedule(listedOffsets([10, 20, 30, 240, 250]), 0);
  assert.equal(fixedCutoff(due, limits(0, 0)), null, "0 disables both");
  assert.equal(fixedCutoff(due, limits(1, 1)), null, "within both");
  const token = fixedCutoff(due, limits(0, 0.2))!;
  assert.deepEqual([token.steps, token.at, token.error.code], [3, 230, "token_timeout"]);
  const total = fixedCutoff(due, limits(0.1, 0))!;
  assert.deepEqual([total.steps, total.at, total.error.code], [3, 100, "stream_timeout"]);
  const first = fixedCutoff(due, limits(0.25, 0.2))!;
  assert.deepEqual([first.steps, first.at, first.error.code], [3, 230, "token_timeout"]);
  assert.equal(
    fixedCutoff(plannedSchedule(listedOffsets([100]), 0), limits(0, 0.1)),
    null,
    "a token due exactly at the limit counts",
  );
  assert.deepEqual(
    fixedCutoff(plannedSchedule(listedOffsets([101]), 0), limits(0, 0.1))?.steps,
    0,
    "TTFT counts from the start",
  );
});

Deno.test("an ITL above the token timeout ends the stream at the limit with token_timeout", async () => {
  const t = testApp({
    ttftMs: 10,
    ttftVariancePct: 0,
    itlMs: 200,
    itlVariancePct: 0,
    streamTokenTimeoutSeconds: 0.1,
    streamKeepaliveIntervalSeconds: 0.03,
  });
  const reader = (await t.post("/v1/chat/completions", chat())).body!.getReader();
  t.clock.advance(10);
  assert.equal(dataEvents(await drainAvailable(reader)).length, 2, "role + token 0");
  t.clock.advance(99);
  const waiting = await drainAvailable(reader);
  assert.equal(waiting, ": keepalive\n\n".repeat(3), "keepalives at 40, 70, 100 do not reset it");
  t.clock.advance(1);
  const events = dataEvents(await drainAvailable(reader));
  assert.equal(events.length, 1);
  const { error } = JSON.parse(events[0]);
  assert.equal(error.code, "token_timeout");
  assert.equal(error.type, "server_error");
  assert.match(error.message, /No token was generated for 0.1 seconds/);
  assert.equal((await reader.read()).done, true);
  const metrics = await (await t.app.request("/metrics")).json();
  assert.equal(metrics.streaming_stats.failed_streams, 1);
});

Deno.test("a stream longer than the total limit ends at the limit with stream_timeout", async () => {
  const t = testApp({
    ttftMs: 10,
    ttftVariancePct: 0,
    itlMs: 10,
    itlVariancePct: 0,
    streamTimeoutSeconds: 0.05,
  });
  const reader = (await t.post("/v1/chat/completions", chat())).body!.getReader();
  t.clock.advance(49);
  assert.equal(dataEvents(await drainAvailable(reader)).length, 5, "role + tokens due at 10..40");
  t.clock.advance(1);
  const events = dataEvents(await drainAvailable(reader));
  assert.equal(events.length, 2, "the token due at 50, then the error");
  assert.equal(JSON.parse(events[1]).error.code, "stream_timeout");
  assert.equal((await reader.read()).done, true);
});

Deno.test("an ITL exactly at the token timeout is within it", async () => {
  const t = testApp({
    ttftMs: 100,
    ttftVariancePct: 0,
    itlMs: 100,
    itlVariancePct: 0,
    streamTokenTimeoutSeconds: 0.1,
  });
  const reader = (await t.post("/v1/chat/completions", chat(3))).body!.getReader();
  t.clock.advance(300);
  assert.equal(dataEvents(await drainAvailable(reader)).at(-1), "[DONE]");
});

Deno.test("the Responses API reports a limit with its `error` event", async () => {
  const t = testApp({ ttftMs: 500, ttftVariancePct: 0, streamTokenTimeoutSeconds: 0.2 });
  const res = await t.post("/v1/responses", { model: "gpt-4o", input: "hi", stream: true });
  const reader = res.body!.getReader();
  t.clock.advance(200);
  const text = await drainAvailable(reader);
  assert.match(text, /^event: error\ndata: \{"type":"error","code":"token_timeout",/);
});

const ENGINE = { ...ONE_SEQUENCE_ENGINE, streamTokenTimeoutSeconds: 0.1 };

Deno.test("engine mode: a long queue wait ends the waiting stream with token_timeout", async () => {
  const t = testApp(ENGINE);
  // One sequence at a time: the first runs 10 + 7 × 30 = 220 ms, the second waits in the queue.
  const running = (await t.post("/v1/chat/completions", chat())).body!.getReader();
  const queued = (await t.post("/v1/chat/completions", chat())).body!.getReader();
  t.clock.advance(99);
  assert.equal(await drainAvailable(queued), "");
  t.clock.advance(1);
  const events = dataEvents(await drainAvailable(queued));
  assert.equal(JSON.parse(events[0]).error.code, "token_timeout");
  assert.equal((await queued.read()).done, true);
  t.clock.advance(200);
  assert.equal(dataEvents(await drainAvailable(running)).at(-1), "[DONE]", "30 ms ITL is fine");
});

Deno.test("engine mode: a stall longer than the token timeout ends the stream", async () => {
  const t = testApp(ENGINE);
  const res = await t.post("/v1/chat/completions", chat(), { "x-fakeai-fault": "stall:2:500" });
  const stream = res.body!.getReader();
  t.clock.advance(40); // tokens at 10 and 40
  assert.equal(dataEvents(await drainAvailable(stream)).length, 3);
  t.clock.advance(99);
  assert.equal(await drainAvailable(stream), "");
  t.clock.advance(1);
  assert.equal(JSON.parse(dataEvents(await drainAvailable(stream))[0]).error.code, "token_timeout");
  assert.equal(t.engine.tokenClock.size, 0, "nothing left scheduled");
});

Deno.test("engine mode: a token produced exactly at the token timeout is within it", async () => {
  // Decode steps every 20 + 10 × 1 = 30 ms, the limit is 30 ms.
  const t = testApp({ ...ENGINE, streamTokenTimeoutSeconds: 0.03 });
  const stream = (await t.post("/v1/chat/completions", chat(4))).body!.getReader();
  t.clock.advance(200);
  assert.equal(dataEvents(await drainAvailable(stream)).at(-1), "[DONE]");
});

Deno.test("watchdog: a step due at the deadline, scheduled after the watchdog, still counts", async () => {
  const clock = new ManualClock();
  const tokenClock = new TokenClock(clock);
  const outcomes: string[] = [];
  const session = new SseSession({ render: (k) => `data: ${k}\n\n`, closing: () => "" }, {
    clock,
    tokenClock,
    keepaliveMs: null,
    onEnd: (outcome) => outcomes.push(outcome),
  });
  watchStreamLimits(session, tokenClock, { startedAt: 0, totalSeconds: 0, tokenSeconds: 0.1 });
  // The "engine" writes its first step exactly at the 100 ms limit, from a later clock entry.
  tokenClock.schedule(100, { onDue: (now) => (session.writeSteps(1, now), undefined) });
  tokenClock.schedule(250, { onDue: (now) => (session.writeSteps(2, now, true), undefined) });
  const reader = session.stream.getReader();
  clock.advance(100);
  assert.equal(await drainAvailable(reader), "data: 0\n\n");
  clock.advance(100);
  assert.match(await drainAvailable(reader), /"code":"token_timeout"/, "the next one is late");
  assert.deepEqual(outcomes, ["aborted"]);
});

Deno.test("a step that fails to render ends the stream with one error event, once", async () => {
  const clock = new ManualClock();
  const tokenClock = new TokenClock(clock);
  const outcomes: string[] = [];
  const render = (k: number) => {
    if (k === 2) throw new RangeError("Invalid string length");
    return `data: ${k}\n\n`;
  };
  const session = new SseSession({ render, closing: () => "data: [DONE]\n\n" }, {
    clock,
    tokenClock,
    keepaliveMs: null,
    onEnd: (outcome) => outcomes.push(outcome),
  });
  const reader = session.stream.getReader();
  session.writeSteps(2, 0);
  session.writeSteps(4, 10, true);
  const text = await drainAvailable(reader);
  assert.match(text, /^data: 0\n\ndata: 1\n\ndata: \{"error":/);
  assert.match(text, /"type":"server_error"/);
  assert.equal((await reader.read()).done, true);
  assert.deepEqual(outcomes, ["aborted"], "the gauge and leases are released exactly once");
});
