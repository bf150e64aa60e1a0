/** planChat through the Engine: usage, reasoning, exact lengths, JSON, tools, determinism, timing. */
import assert from "node:assert/strict";
import type { StepOffsets } from "../../src/engine/latency.ts";
import type { CompletionPlan } from "../../src/engine/plan.ts";
import { Ajv } from "ajv";
import { ChatChunkWriter } from "../../src/api/openai/chat_render.ts";
import type { ChatPlanInput } from "../../src/engine/chat_planner.ts";
import { eventCount } from "../../src/engine/plan.ts";
import { tokenizerFor } from "../../src/engine/tokenizer.ts";
import { chatInput, testEngine } from "../support/plan_inputs.ts";

const engine = testEngine;
const input = chatInput;

/** A plan's step offsets as an array. */
const offsetsOf = (o: StepOffsets) => Array.from({ length: o.length }, (_, i) => o.at(i));

Deno.test("usage.completionTokens is the sum of the choices; text re-tokenizes exactly", () => {
  const e = engine();
  const tok = tokenizerFor("gpt-4o");
  for (const n of [1, 3]) {
    const plan = e.planChat(input({ n, seed: 5 }));
    assert.equal(plan.choices.length, n);
    const sum = plan.choices.reduce((s, c) => s + c.completionTokens, 0);
    assert.equal(plan.usage.completionTokens, sum);
    for (const c of plan.choices) {
      assert.equal(tok.count(c.content!.join("")), c.completionTokens);
      assert.equal(c.finishReason, "stop");
    }
    assert.ok(plan.usage.promptTokens > 0);
  }
});

Deno.test("ignore_eos with max tokens: exactly max per choice, finish 'length'", () => {
  const plan = engine().planChat(input({ n: 2, maxTokens: 300, ignoreEos: true }));
  for (const c of plan.choices) {
    assert.equal(c.completionTokens, 300);
    assert.equal(c.content!.length, 300);
    assert.equal(c.finishReason, "length");
  }
  assert.equal(plan.usage.completionTokens, 600);
});

Deno.test("reasoning model: reasoning first, then content; counted in usage", () => {
  const plan = engine().planChat(input({ model: "o3-mini", seed: 1 }));
  const c = plan.choices[0];
  assert.ok(c.reasoning.length > 0 && c.content!.length > 0);
  assert.equal(plan.usage.reasoningTokens, c.reasoning.length);
  assert.equal(c.completionTokens, c.reasoning.length + c.content!.length);
  const writer = new ChatChunkWriter(plan, false);
  assert.match(writer.step(c, 0), /"delta":\{"reasoning_content":/);
  assert.match(writer.step(c, c.reasoning.length - 1), /"delta":\{"reasoning_content":/);
  assert.match(writer.step(c, c.reasoning.length), /"delta":\{"content":/);
  assert.equal(engine().planChat(input({ seed: 1 })).usage.reasoningTokens, 0, "gpt-4o: none");
});

Deno.test("reasoning_effort scales reasoning: high > medium > low > 0, none → 0", () => {
  const e = engine();
  const count = (effort: ChatPlanInput["reasoningEffort"]) =>
    e.planChat(input({ model: "gpt-5", seed: 7, reasoningEffort: effort })).usage.reasoningTokens;
  const [none, low, medium, high] = [count("none"), count("low"), count("medium"), count("high")];
  assert.equal(none, 0);
  assert.ok(low > 0, `low ${low}`);
  assert.ok(medium > low, `medium ${medium} > low ${low}`);
  assert.ok(high > medium, `high ${high} > medium ${medium}`);
  assert.equal(count(null), medium, "default effort is medium");
});

Deno.test("ignore_eos on a reasoning model: exactly max tokens in total, every effort", () => {
  const e = engine();
  const tok = tokenizerFor("o1");
  for (const effort of ["none", "minimal", "low", "medium", "high"] as const) {
    for (const max of [1, 2, 17, 512]) {
      const plan = e.planChat(
        input({ model: "o1", maxTokens: max, ignoreEos: true, reasoningEffort: effort }),
      );
      const c = plan.choices[0];
      assert.equal(c.completionTokens, max, `${effort}/${max}`);
      assert.equal(c.reasoning.length + c.content!.length, max, `${effort}/${max}`);
      assert.equal(tok.count(c.content!.join("")), c.content!.length);
      assert.equal(c.finishReason, "length");
      if (effort === "none") assert.equal(c.reasoning.length, 0);
    }
  }
});

const PERSON = {
  type: "object",
  properties: {
    name: { type: "string" },
    age: { type: "integer", minimum: 0, maximum: 150 },
    tags: { type: "array", items: { type: "string", enum: ["a", "b"] }, maxItems: 3 },
    address: {
      type: "object",
      properties: { city: { type: "string" }, zip: { type: "string", pattern: "^[0-9]{5}$" } },
      required: ["city", "zip"],
      additionalProperties: false,
    },
  },
  required: ["name", "age", "tags", "address"],
  additionalProperties: false,
};

Deno.test("json_schema output parses and validates against the schema", () => {
  const validate = new Ajv({ strict: false }).compile(PERSON);
  const tok = tokenizerFor("gpt-4o");
  const e = engine();
  for (let seed = 0; seed < 20; seed++) {
    const plan = e.planChat(
      input({
        seed,
        n: 2,
        responseFormat: { type: "json_schema", name: "person", schema: PERSON },
      }),
    );
    for (const c of plan.choices) {
      const text = c.content!.join("");
      assert.ok(validate(JSON.parse(text)), `seed ${seed}: ${JSON.stringify(validate.errors)}`);
      assert.equal(c.finishReason, "stop");
      assert.equal(c.completionTokens, tok.count(text));
    }
  }
});

Deno.test("json_object output is a JSON object", () => {
  const plan = engine().planChat(input({ seed: 3, responseFormat: { type: "json_object" } }));
  const parsed = JSON.parse(plan.choices[0].content!.join(""));
  assert.equal(typeof parsed, "object");
});

const WEATHER = {
  name: "get_weather",
  description: "Weather for a city",
  parameters: {
    type: "object",
    properties: {
      city: { type: "string" },
      unit: { type: "string", enum: ["celsius", "fahrenheit", "°C — ☀️"] },
    },
    required: ["city", "unit"],
    additionalProperties: false,
  },
};

Deno.test("tool calls: call_ ids, valid JSON arguments, tokens counted", () => {
  const validate = new Ajv({ strict: false }).compile(WEATHER.parameters);
  const tok = tokenizerFor("gpt-4o");
  const ids = new Set<string>();
  const e = engine();
  for (let seed = 0; seed < 30; seed++) {
    const plan = e.planChat(input({ seed, n: 2, tools: [WEATHER], toolChoice: "required" }));
    for (const c of plan.choices) {
      assert.equal(c.finishReason, "tool_calls");
      assert.equal(c.content, null);
      assert.equal(c.toolCalls.length, 1);
      const call = c.toolCalls[0];
      assert.match(call.id, /^call_[A-Za-z0-9]{24}$/);
      ids.add(call.id);
      assert.equal(call.name, "get_weather");
      assert.ok(validate(JSON.parse(call.arguments)), call.arguments);
      assert.equal(call.argumentPieces.join(""), call.arguments);
      assert.equal(call.tokens, tok.count("get_weather") + tok.count(call.arguments));
      assert.equal(c.completionTokens, call.tokens, `seed ${seed}: ${call.arguments}`);
    }
  }
  assert.equal(ids.size, 60, "every call id is unique");
});

Deno.test("same seed → identical plan; no seed → successive plans differ", () => {
  const req = input({ n: 2, seed: 42, logprobs: true, topLogprobs: 2 });
  // Cache leases hold closures: compare the plan's data.
  const data = ({ cacheLeases: _, stepOffsetsMs, ...rest }: CompletionPlan) => ({
    ...rest,
    offsets: offsetsOf(stepOffsetsMs),
  });
  assert.deepEqual(data(engine().planChat(req)), data(engine().planChat(req)), "fresh engines");
  const e = engine();
  const a = e.planChat(req);
  const b = e.planChat(req);
  assert.notEqual(a.id, b.id);
  assert.deepEqual({ ...data(a), id: "" }, { ...data(b), id: "" });
  const c = e.planChat(input());
  const d = e.planChat(input());
  assert.notDeepEqual(c.choices[0].content, d.choices[0].content);
  assert.notDeepEqual(offsetsOf(c.stepOffsetsMs), offsetsOf(d.stepOffsetsMs));
});

Deno.test("stepOffsetsMs: one per step, increasing; steps is the longest choice's event count", () => {
  const e = engine();
  for (const model of ["gpt-4o", "o3-mini"]) {
    const plan = e.planChat(input({ model, n: 3 }));
    assert.equal(plan.steps, Math.max(...plan.choices.map(eventCount)));
    assert.equal(plan.stepOffsetsMs.length, plan.steps);
    const offsets = offsetsOf(plan.stepOffsetsMs);
    for (let i = 1; i < plan.steps; i++) {
      assert.ok(offsets[i] > offsets[i - 1], `${model} step ${i}`);
    }
    assert.equal(plan.stepOffsetsMs.last, offsets.at(-1));
    assert.ok(plan.nonStreamDelayMs >= plan.stepOffsetsMs.last);
  }
});

Deno.test("completion tokens never exceed max tokens, in every format", () => {
  const emoji = {
    type: "object",
    properties: { s: { type: "string", enum: ["🦜🧬𝔘 ꙮ ᚠ 🦜🧬𝔘 ꙮ ᚠ 🦜🧬𝔘 ꙮ ᚠ"] } },
    required: ["s"],
    additionalProperties: false,
  };
  const formats: ChatPlanInput["responseFormat"][] = [
    { type: "text" },
    { type: "json_object" },
    { type: "json_schema", name: "person", schema: PERSON },
    { type: "json_schema", name: "emoji", schema: emoji },
  ];
  const e = engine();
  for (const model of ["gpt-4o", "o1"]) {
    for (const responseFormat of formats) {
      for (const maxTokens of [1, 3, 8, 20]) {
        for (let seed = 0; seed < 5; seed++) {
          const plan = e.planChat(input({ model, responseFormat, maxTokens, seed }));
          const c = plan.choices[0];
          const label = `${model} ${responseFormat.type} max ${maxTokens} seed ${seed}`;
          assert.ok(c.completionTokens <= maxTokens, `${label}: ${c.completionTokens}`);
          if (c.finishReason === "stop" && c.content) JSON.parse(c.content.join("") || "{}");
        }
      }
    }
  }
});
