/**
 * The timing ledger through HTTP with an injected clock: exact due and sent times of streamed and
 * non-streamed generations, faults, client disconnects and engine mode, for every generating API.
 */
import assert from "node:assert/strict";
import {
  dataEvents,
  drainAvailable,
  ONE_SEQUENCE_ENGINE,
  streamedChat,
  testApp,
} from "../../support/in_process.ts";
import { tick } from "../../support/wait.ts";
import type { TimingRecordJson } from "../../../src/timing/timing_json.ts";
import { promtoolCheckMetrics } from "../../support/promtool.ts";

const FIXED = { timingLedger: true, ttftMs: 50, ttftVariancePct: 0, itlMs: 20, itlVariancePct: 0 };

const chat = streamedChat;

async function record(t: ReturnType<typeof testApp>, id: string): Promise<TimingRecordJson> {
  const res = await t.get(`/v1/fakeai/timings/${id}`);
  assert.equal(res.status, 200);
  return await res.json();
}

/** Reads a stream to its end, advancing the clock 1 ms at a time. */
async function readAll(t: ReturnType<typeof testApp>, res: Response): Promise<string> {
  const reader = res.body!.getReader();
  let text = "";
  for (let i = 0; i < 10_000; i++) {
    text += await drainAvailable(reader);
    if (text.includes("[DONE]") || text.includes("message_stop")) break;
    t.clock.advance(1);
  }
  return text;
}

Deno.test("streamed chat: each step's due and sent time, offsets from arrival", async () => {
  const t = testApp(FIXED);
  t.clock.advance(1000);
  const res = await t.post("/v1/chat/completions", chat(), { "x-request-id": "req-a" });
  assert.equal(res.headers.get("x-request-id"), "req-a");
  const text = await readAll(t, res);
  assert.equal(dataEvents(text).at(-1), "[DONE]");
  await tick();
  const r = await record(t, "req-a");
  assert.deepEqual(r.due_ms, [50, 70, 90, 110]);
  assert.deepEqual(r.sent_ms, [50, 70, 90, 110]);
  assert.equal(r.arrived_ms, 1000);
  assert.equal(r.arrived_at, new Date(1_700_000_001_000).toISOString());
  assert.equal(r.ttft_ms, 50);
  assert.equal(r.end, "done");
  assert.equal(r.duration_ms, 110);
  assert.equal(r.steps, 4);
  assert.equal(r.steps_sent, 4);
  assert.equal(r.stream, true);
  assert.equal(r.mode, "fixed");
  assert.equal(r.endpoint, "/v1/chat/completions");
  assert.equal(r.model, "gpt-4o");
  assert.equal(r.worker, 0);
  assert.equal(r.queue_ms, null);
  assert.equal(r.fault, null);
});

Deno.test("non-streamed: due = planned response time, sent = when the body was handed over", async () => {
  const t = testApp({ ...FIXED, responseDelay: 0.5, randomDelay: false });
  const pending = t.post("/v1/chat/completions", chat({ stream: false }), { "x-request-id": "ns" });
  await tick();
  t.clock.advance(610); // 500 ms base delay + the stream's 110 ms
  const res = await pending;
  assert.equal(res.status, 200);
  const r = await record(t, "ns");
  assert.equal(r.stream, false);
  assert.equal(r.steps, 1);
  assert.deepEqual(r.due_ms, [610]);
  assert.deepEqual(r.sent_ms, [610]);
  assert.equal(r.end, "done");
});

Deno.test("x-fakeai-fault error:2 and disconnect:1 end as fault; stall shifts due", async () => {
  const t = testApp(FIXED);
  const err = await t.post("/v1/chat/completions", chat(), {
    "x-request-id": "f-err",
    "x-fakeai-fault": "error:2",
  });
  await readAllOrEnd(t, err);
  let r = await record(t, "f-err");
  assert.equal(r.end, "fault");
  assert.equal(r.fault, "error");
  assert.deepEqual(r.sent_ms, [50, 70, null, null]);

  const drop = await t.post("/v1/chat/completions", chat(), {
    "x-request-id": "f-drop",
    "x-fakeai-fault": "disconnect:1",
  });
  await readAllOrEnd(t, drop);
  r = await record(t, "f-drop");
  assert.equal(r.end, "fault");
  assert.deepEqual(r.sent_ms, [50, null, null, null]);

  const stall = await t.post("/v1/chat/completions", chat(), {
    "x-request-id": "f-stall",
    "x-fakeai-fault": "stall:2:300",
  });
  await readAll(t, stall);
  r = await record(t, "f-stall");
  assert.equal(r.end, "done");
  assert.deepEqual(r.due_ms, [50, 70, 390, 410]);
  assert.deepEqual(r.sent_ms, [50, 70, 390, 410]);
});

async function readAllOrEnd(t: ReturnType<typeof testApp>, res: Response): Promise<void> {
  const reader = res.body!.getReader();
  for (let i = 0; i < 500; i++) {
    try {
      const text = await drainAvailable(reader);
      if (text.includes("[DONE]")) return;
    } catch {
      return; // the dropped connection
    }
    t.clock.advance(1);
  }
}

Deno.test("client disconnect: end client_disconnect, the steps sent before it", async () => {
  const t = testApp(FIXED);
  const res = await t.post("/v1/chat/completions", chat({ max_tokens: 100 }), {
    "x-request-id": "gone",
  });
  const reader = res.body!.getReader();
  t.clock.advance(75);
  await drainAvailable(reader);
  await reader.cancel();
  const r = await record(t, "gone");
  assert.equal(r.end, "client_disconnect");
  assert.equal(r.duration_ms, 75);
  assert.equal(r.steps, 100);
  assert.equal(r.steps_sent, 2);
  assert.deepEqual(r.sent_ms.slice(0, 3), [50, 70, null]);
  assert.deepEqual(r.due_ms.slice(0, 3), [50, 70, 90]);
});

Deno.test("stream limit: a token timeout ends the record as timeout", async () => {
  const t = testApp({ ...FIXED, itlMs: 2000, streamTokenTimeoutSeconds: 1 });
  const res = await t.post("/v1/chat/completions", chat(), { "x-request-id": "slow" });
  const reader = res.body!.getReader();
  t.clock.advance(2000);
  const text = await drainAvailable(reader);
  assert.match(text, /token_timeout/);
  const r = await record(t, "slow");
  assert.equal(r.end, "timeout");
  assert.equal(r.duration_ms, 1050);
  assert.deepEqual(r.sent_ms, [50, null, null, null]);
});

Deno.test("engine mode: due = the decode step's scheduled time; queue wait recorded", async () => {
  const t = testApp({ timingLedger: true, ...ONE_SEQUENCE_ENGINE });
  const a = await t.post("/v1/chat/completions", chat({ max_tokens: 2 }), { "x-request-id": "e1" });
  const b = await t.post("/v1/chat/completions", chat({ max_tokens: 2 }), { "x-request-id": "e2" });
  await Promise.all([readAll(t, a), readAll(t, b)]);
  const r1 = await record(t, "e1");
  const r2 = await record(t, "e2");
  // e1: prefill 10 → first step at 10, then every 20 + 10×1 = 30 → 40.
  assert.equal(r1.mode, "engine");
  assert.equal(r1.queue_ms, 0);
  assert.deepEqual(r1.due_ms, [10, 40]);
  assert.deepEqual(r1.sent_ms, [10, 40]);
  // e2 waits for e1's slot (40), prefills to 50, steps at 50 and 80.
  assert.equal(r2.queue_ms, 40);
  assert.deepEqual(r2.due_ms, [50, 80]);
  assert.deepEqual(r2.sent_ms, [50, 80]);
  assert.equal(r2.end, "done");
});

Deno.test("completions, Responses and Anthropic Messages are timed too", async () => {
  const t = testApp(FIXED);
  const calls: Array<[string, Record<string, unknown>]> = [
    ["/v1/completions", {
      model: "gpt-4o",
      prompt: "hi",
      stream: true,
      max_tokens: 3,
      ignore_eos: true,
    }],
    ["/v1/responses", { model: "gpt-4o", input: "hi", stream: true, max_output_tokens: 16 }],
    ["/v1/messages", {
      model: "claude-sonnet-4-5",
      max_tokens: 3,
      stream: true,
      messages: [{ role: "user", content: "hi" }],
    }],
  ];
  for (const [path, body] of calls) {
    const res = await t.post(path, body, {
      "x-request-id": `id${path.replaceAll("/", "-")}`,
      "anthropic-version": "2023-06-01",
    });
    assert.equal(res.status, 200, path);
    await readAllOrEnd(t, res);
    await tick();
    const r = await record(t, `id${path.replaceAll("/", "-")}`);
    assert.equal(r.endpoint, path);
    assert.equal(r.end, "done", path);
    assert.equal(r.steps_sent, r.steps, path);
    assert.equal(r.sent_ms[0], 50, path);
  }
});

Deno.test("the lateness histogram counts every sent step by endpoint and model; promtool accepts it", async () => {
  const t = testApp(FIXED);
  const res = await t.post("/v1/chat/completions", chat(), { "x-request-id": "m" });
  await readAll(t, res);
  const text = await (await t.get("/metrics/prometheus")).text();
  assert.match(text, /# TYPE fakeai_token_lateness_seconds histogram\n/);
  assert.match(
    text,
    /fakeai_token_lateness_seconds_bucket\{endpoint="\/v1\/chat\/completions",model="gpt-4o",le="0"\} 4\n/,
  );
  assert.match(
    text,
    /fakeai_token_lateness_seconds_count\{endpoint="\/v1\/chat\/completions",model="gpt-4o"\} 4\n/,
  );
  assert.deepEqual(await promtoolCheckMetrics(text), { ok: true, output: "" });
  // The live frame's lateness window counts the same steps.
  assert.equal(t.metrics!.latenessWindow.stats(t.clock.now()).count, 4);
});
