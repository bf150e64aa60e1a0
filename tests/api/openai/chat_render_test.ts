/** Chat completion wire format: SSE chunk framing and shapes, and the non-streamed body. */
import assert from "node:assert/strict";
import { listedOffsets } from "../../../src/engine/latency.ts";
import { ChatChunkWriter, chatCompletionBody } from "../../../src/api/openai/chat_render.ts";
import type { ChoicePlan, CompletionPlan } from "../../../src/engine/plan.ts";
import { eventCount } from "../../../src/engine/plan.ts";

const text = (over: Partial<ChoicePlan> = {}): ChoicePlan => ({
  index: 0,
  reasoning: [],
  content: ["Hello", " world", "!"],
  refusal: null,
  toolCalls: [],
  finishReason: "stop",
  logprobs: null,
  completionTokens: 3,
  ...over,
});

const tools = (): ChoicePlan => ({
  index: 1,
  reasoning: ["Think", "ing"],
  content: null,
  refusal: null,
  toolCalls: [
    {
      id: "call_A",
      name: "get_weather",
      arguments: '{"city":"Paris"}',
      argumentPieces: ['{"', "city", '":"', "Paris", '"}'],
      tokens: 7,
    },
    { id: "call_B", name: "send_mail", arguments: "{}", argumentPieces: ["{}"], tokens: 3 },
  ],
  finishReason: "tool_calls",
  logprobs: null,
  completionTokens: 12,
});

const plan = (choices: ChoicePlan[]): CompletionPlan => ({
  id: "chatcmpl-abc",
  created: 1_700_000_000,
  model: "gpt-4o",
  systemFingerprint: "fp_123",
  choices,
  usage: { promptTokens: 10, completionTokens: 15, reasoningTokens: 2, cachedTokens: 0 },
  steps: 9,
  stepOffsetsMs: listedOffsets([]),
  nonStreamDelayMs: 0,
  cacheLeases: [],
});

/** Splits concatenated SSE text into events, asserting exact `data: ...\n\n` framing. */
function events(sse: string): string[] {
  assert.ok(sse.endsWith("\n\n"), "ends with a blank line");
  const parts = sse.slice(0, -2).split("\n\n");
  for (const p of parts) {
    assert.ok(p.startsWith("data: "), `framing: ${JSON.stringify(p)}`);
    assert.ok(!p.slice(6).includes("\n"), "one line per event");
  }
  return parts.map((p) => p.slice(6));
}

/** Everything the route writes for a plan, in order (role, steps, finish per choice, end). */
function fullStream(p: CompletionPlan, includeUsage: boolean): string[] {
  const w = new ChatChunkWriter(p, includeUsage);
  const lengths = p.choices.map(eventCount);
  let sse = "";
  const steps = Math.max(...lengths);
  for (let step = 0; step < steps; step++) {
    p.choices.forEach((c, i) => {
      if (step === 0) sse += w.role(c);
      if (step < lengths[i]) sse += w.step(c, step);
      if (step === lengths[i] - 1) sse += w.finish(c);
    });
  }
  return events(sse + w.end());
}

function assertChunkShape(chunk: Record<string, unknown>, includeUsage: boolean) {
  const keys = [
    "id",
    "object",
    "created",
    "model",
    "service_tier",
    "system_fingerprint",
    "choices",
  ];
  assert.deepEqual(Object.keys(chunk), includeUsage ? [...keys, "usage"] : keys);
  assert.equal(chunk.id, "chatcmpl-abc");
  assert.equal(chunk.object, "chat.completion.chunk");
  assert.equal(chunk.created, 1_700_000_000);
  assert.equal(chunk.model, "gpt-4o");
  assert.equal(chunk.system_fingerprint, "fp_123");
  for (const c of chunk.choices as Record<string, unknown>[]) {
    assert.deepEqual(Object.keys(c), ["index", "delta", "logprobs", "finish_reason"]);
  }
}

Deno.test("every event is exactly `data: {json}\\n\\n`; [DONE] last", () => {
  for (const includeUsage of [false, true]) {
    const all = fullStream(plan([text(), tools()]), includeUsage);
    assert.equal(all.at(-1), "[DONE]");
    assert.equal(all.filter((e) => e === "[DONE]").length, 1);
    for (const e of all.slice(0, -1)) assertChunkShape(JSON.parse(e), includeUsage);
  }
});

Deno.test('the role event comes first: role, content "" (null for tool calls), refusal null', () => {
  const all = fullStream(plan([text(), tools()]), false).slice(0, -1).map((e) => JSON.parse(e));
  assert.deepEqual(all[0].choices, [{
    index: 0,
    delta: { role: "assistant", content: "", refusal: null },
    logprobs: null,
    finish_reason: null,
  }]);
  const w = new ChatChunkWriter(plan([tools()]), false);
  assert.deepEqual(JSON.parse(events(w.role(tools()))[0]).choices[0].delta, {
    role: "assistant",
    content: null,
    refusal: null,
  });
  assert.equal(all.filter((c) => c.choices[0]?.delta.role).length, 2, "one role event per choice");
});

Deno.test("without include_usage: no usage key anywhere and no usage chunk", () => {
  const all = fullStream(plan([text()]), false);
  for (const e of all.slice(0, -1)) assert.ok(!("usage" in JSON.parse(e)));
  assert.equal(new ChatChunkWriter(plan([text()]), false).end(), "data: [DONE]\n\n");
});

Deno.test("with include_usage: usage null on every chunk, then a usage chunk with choices []", () => {
  const all = fullStream(plan([text()]), true);
  const chunks = all.slice(0, -1).map((e) => JSON.parse(e));
  for (const c of chunks.slice(0, -1)) assert.equal(c.usage, null);
  const last = chunks.at(-1);
  assert.deepEqual(last.choices, []);
  assert.deepEqual(last.usage, {
    prompt_tokens: 10,
    completion_tokens: 15,
    total_tokens: 25,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 2,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  });
});

Deno.test("content deltas: one piece each; finish event has an empty delta", () => {
  const chunks = fullStream(plan([text()]), false).slice(1, -1).map((e) => JSON.parse(e));
  assert.deepEqual(chunks.map((c) => c.choices[0].delta), [
    { content: "Hello" },
    { content: " world" },
    { content: "!" },
    {},
  ]);
  assert.deepEqual(chunks.map((c) => c.choices[0].finish_reason), [null, null, null, "stop"]);
});

Deno.test("reasoning deltas come before tool calls; tool-call deltas follow OpenAI's shape", () => {
  const chunks = fullStream(plan([tools()]), false).slice(1, -1).map((e) => JSON.parse(e));
  const deltas = chunks.map((c) => c.choices[0].delta);
  assert.deepEqual(deltas.slice(0, 2), [{ reasoning_content: "Think" }, {
    reasoning_content: "ing",
  }]);
  assert.deepEqual(deltas[2], {
    tool_calls: [{
      index: 0,
      id: "call_A",
      type: "function",
      function: { name: "get_weather", arguments: "" },
    }],
  });
  const fragments = deltas.slice(3, 8);
  for (const d of fragments) {
    assert.deepEqual(Object.keys(d.tool_calls[0]), ["index", "function"]);
    assert.deepEqual(Object.keys(d.tool_calls[0].function), ["arguments"]);
    assert.equal(d.tool_calls[0].index, 0);
  }
  assert.equal(
    fragments.map((d) => d.tool_calls[0].function.arguments).join(""),
    '{"city":"Paris"}',
  );
  assert.equal(deltas[8].tool_calls[0].index, 1);
  assert.equal(deltas[8].tool_calls[0].id, "call_B");
  assert.deepEqual(deltas[9], { tool_calls: [{ index: 1, function: { arguments: "{}" } }] });
  assert.deepEqual(deltas[10], {});
  assert.equal(chunks.at(-1).choices[0].finish_reason, "tool_calls");
  assert.equal(chunks.every((c) => c.choices[0].index === 1), true);
});

Deno.test("logprobs ride on content chunks as {content:[entry], refusal:null}", () => {
  const entry = (token: string) => ({ token, logprob: -0.5, bytes: [1], top_logprobs: [] });
  const c = text({ content: ["a", "b"], logprobs: [entry("a"), entry("b")] });
  const w = new ChatChunkWriter(plan([c]), false);
  const chunk = JSON.parse(events(w.step(c, 1))[0]);
  assert.deepEqual(chunk.choices[0].logprobs, { content: [entry("b")], refusal: null });
  assert.equal(JSON.parse(events(w.role(c))[0]).choices[0].logprobs, null);
  assert.throws(() => w.step(c, 2), RangeError);
});

Deno.test("non-streamed body: OpenAI's chat.completion shape", () => {
  const body = chatCompletionBody(plan([text(), tools()]));
  assert.deepEqual(Object.keys(body), [
    "id",
    "object",
    "created",
    "model",
    "choices",
    "usage",
    "service_tier",
    "system_fingerprint",
  ]);
  assert.equal(body.object, "chat.completion");
  assert.deepEqual(body.choices[0], {
    index: 0,
    message: { role: "assistant", content: "Hello world!", refusal: null, annotations: [] },
    logprobs: null,
    finish_reason: "stop",
  });
  assert.deepEqual(body.choices[1].message, {
    role: "assistant",
    content: null,
    reasoning_content: "Thinking",
    tool_calls: [
      {
        id: "call_A",
        type: "function",
        function: { name: "get_weather", arguments: '{"city":"Paris"}' },
      },
      { id: "call_B", type: "function", function: { name: "send_mail", arguments: "{}" } },
    ],
    refusal: null,
    annotations: [],
  });
  assert.equal(body.choices[1].finish_reason, "tool_calls");
  assert.equal(body.usage.total_tokens, 25);
  assert.equal(JSON.stringify(body).includes("undefined"), false);
});
