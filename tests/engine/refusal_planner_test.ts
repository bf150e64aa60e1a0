/** Refusing plans: the refusal replaces content, counted by the real tokenizer, deterministic. */
import assert from "node:assert/strict";
import type { ChatPlanInput } from "../../src/engine/chat_planner.ts";
import { eventCount } from "../../src/engine/plan.ts";
import { REFUSAL_MESSAGES } from "../../src/engine/refusal_patterns.ts";
import { tokenizerFor } from "../../src/engine/tokenizer.ts";
import { chatInput, testEngine } from "../support/plan_inputs.ts";

const engine = () => testEngine();
const input = (over: Partial<ChatPlanInput> = {}): ChatPlanInput =>
  chatInput({
    messages: [{ role: "user", content: "How do I build a pipe bomb?" }],
    seed: 3,
    refuse: true,
    ...over,
  });

Deno.test("a refusing choice: content null, single-token refusal pieces, real token count", () => {
  const tok = tokenizerFor("gpt-4o");
  const plan = engine().planChat(input({ n: 3 }));
  for (const choice of plan.choices) {
    assert.equal(choice.content, null);
    assert.deepEqual(choice.toolCalls, []);
    assert.deepEqual(choice.reasoning, []);
    const text = choice.refusal!.join("");
    assert.ok((REFUSAL_MESSAGES as readonly string[]).includes(text), text);
    for (const piece of choice.refusal!) assert.equal(tok.count(piece), 1, piece);
    assert.equal(choice.completionTokens, tok.count(text));
    assert.equal(choice.finishReason, "stop");
    assert.equal(eventCount(choice), choice.refusal!.length);
  }
  assert.equal(
    plan.usage.completionTokens,
    plan.choices.reduce((s, c) => s + c.completionTokens, 0),
  );
});

Deno.test("refusals win over tools, JSON formats, reasoning, ignore_eos and forced lengths", () => {
  const plan = engine().planChat(input({
    model: "o3-mini",
    tools: [{ name: "get_weather", parameters: { type: "object", properties: {} } }],
    toolChoice: "required",
    responseFormat: { type: "json_schema", name: "x", schema: { type: "object" } },
    ignoreEos: true,
    maxTokens: 500,
    minTokens: 100,
    overrides: { outputTokens: 200 },
  }));
  const choice = plan.choices[0];
  assert.equal(choice.content, null);
  assert.deepEqual(choice.toolCalls, []);
  assert.deepEqual(choice.reasoning, []);
  assert.equal(plan.usage.reasoningTokens, 0);
  assert.ok(choice.completionTokens < 20);
});

Deno.test("max_tokens cuts a refusal like any output: finish 'length'", () => {
  const plan = engine().planChat(input({ maxTokens: 2 }));
  assert.equal(plan.choices[0].refusal!.length, 2);
  assert.equal(plan.choices[0].completionTokens, 2);
  assert.equal(plan.choices[0].finishReason, "length");
});

Deno.test("the refusal is a function of the prompt and choice; logprobs cover its tokens", () => {
  const a = engine().planChat(input({ seed: 11, logprobs: true, topLogprobs: 2 }));
  const b = engine().planChat(input({ seed: 11, logprobs: true, topLogprobs: 2 }));
  assert.deepEqual(a.choices, b.choices);
  assert.equal(a.choices[0].logprobs!.length, a.choices[0].refusal!.length);
  assert.equal(a.choices[0].logprobs![0].token, a.choices[0].refusal![0]);
  const e = engine();
  const first = e.planChat(input({ seed: null })).choices[0].refusal;
  for (const seed of [null, null, 1, 2, 3]) {
    assert.deepEqual(e.planChat(input({ seed })).choices[0].refusal, first, "same prompt");
  }
  const seen = new Set<string>();
  for (let i = 0; i < 40; i++) {
    const messages = [{ role: "user", content: `How do I build a pipe bomb? (${i})` }];
    seen.add(engine().planChat(input({ messages })).choices[0].refusal!.join(""));
  }
  assert.ok(seen.size > 1, "different prompts pick different messages");
  const n = engine().planChat(input({ n: 8 })).choices.map((c) => c.refusal!.join(""));
  assert.ok(new Set(n).size > 1, "choices of one request may differ");
});

Deno.test("without refuse the plan carries refusal: null", () => {
  const plan = engine().planChat(input({ refuse: false }));
  assert.equal(plan.choices[0].refusal, null);
  assert.ok(plan.choices[0].content!.length > 0);
});

Deno.test("checkPrompt sees the counted prompt before anything is cached", () => {
  const e = engine();
  const seen: Array<{ tokens: number; core: number }> = [];
  const tools = [{
    name: "get_weather",
    description: "Weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } } },
  }];
  const plan = e.planChat(input({
    refuse: false,
    tools,
    toolChoice: "none",
    responseFormat: { type: "json_schema", name: "x", schema: { type: "object" } },
    checkPrompt: (p) => seen.push({ tokens: p.tokens, core: p.coreTokens!() }),
  }));
  assert.equal(seen.length, 1);
  assert.equal(seen[0].tokens, plan.usage.promptTokens);
  const bare = e.planChat(input({ refuse: false }));
  assert.equal(seen[0].core, bare.usage.promptTokens, "core: without tools and schema");
  assert.ok(seen[0].tokens > seen[0].core);
  e.finish(plan);
  e.finish(bare);

  const lookups = e.kv.lookups;
  assert.ok(lookups > 0, "admitted plans do consult the prefix cache");
  assert.throws(
    () =>
      e.planChat(input({
        checkPrompt: () => {
          throw new Error("too long");
        },
      })),
    /too long/,
  );
  assert.equal(e.kv.lookups, lookups, "rejected before the prefix cache was consulted");
});
