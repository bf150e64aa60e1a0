/**
 * Budget before work: schemas whose minimums cannot fit and tool calls longer than max_tokens
 * stop at the limit with finish_reason "length" (as the real API does) instead of building
 * output until memory runs out. Each case was once a crash or a 500.
 */
import assert from "node:assert/strict";
import type { Config } from "../../src/config/schema.ts";
import { testApp } from "../support/in_process.ts";

const FAST: Partial<Config> = { ttftMs: 0, itlMs: 0, ttftVariancePct: 0, itlVariancePct: 0 };

const HUGE_STRING = {
  type: "object",
  properties: { note: { type: "string", minLength: 1e9 } },
  required: ["note"],
};
const HUGE_ARRAY = {
  type: "object",
  properties: { items: { type: "array", items: { type: "integer" }, minItems: 1e9 } },
  required: ["items"],
};

function chat(extra: Record<string, unknown> = {}) {
  return {
    model: "gpt-4o",
    messages: [{ role: "user", content: "Write it down." }],
    ...extra,
  };
}

function tool(parameters: unknown) {
  return [{ type: "function", function: { name: "save", parameters } }];
}

for (const [label, schema] of [["minLength 1e9", HUGE_STRING], ["minItems 1e9", HUGE_ARRAY]]) {
  Deno.test(`work budget: a tool with ${label} stops at max_tokens`, async () => {
    const { post } = testApp(FAST);
    const res = await post(
      "/v1/chat/completions",
      chat({ tools: tool(schema), tool_choice: "required", max_tokens: 16 }),
    );
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.choices[0].finish_reason, "length");
    assert.ok(body.usage.completion_tokens <= 16, `${body.usage.completion_tokens} tokens`);
    assert.equal(body.choices[0].message.tool_calls[0].function.name, "save");
  });

  Deno.test(`work budget: response_format json_schema with ${label} stops at max_tokens`, async () => {
    const { post } = testApp(FAST);
    const res = await post(
      "/v1/chat/completions",
      chat({
        response_format: { type: "json_schema", json_schema: { name: "doc", schema } },
        max_tokens: 50,
      }),
    );
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.choices[0].finish_reason, "length");
    assert.equal(body.usage.completion_tokens, 50);
  });
}

Deno.test("work budget: without max_tokens an endless schema stops at the model's output limit", async () => {
  const { post } = testApp(FAST);
  const res = await post(
    "/v1/chat/completions",
    chat({ model: "gpt-4", tools: tool(HUGE_STRING), tool_choice: "required" }),
  );
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.choices[0].finish_reason, "length");
  // gpt-4 answers at most 8,192 completion tokens.
  assert.ok(body.usage.completion_tokens <= 8_192, `${body.usage.completion_tokens} tokens`);
  assert.ok(body.usage.completion_tokens > 8_000, `${body.usage.completion_tokens} tokens`);
});

Deno.test("work budget: tool-call arguments count toward max_tokens", async () => {
  const { post } = testApp(FAST);
  const parameters = {
    type: "object",
    properties: Object.fromEntries(
      ["city", "country", "unit", "day", "hour", "notes"].map((k) => [k, { type: "string" }]),
    ),
    required: ["city", "country", "unit", "day", "hour", "notes"],
  };
  const unbounded = await (await post(
    "/v1/chat/completions",
    chat({ tools: tool(parameters), tool_choice: "required", seed: 3 }),
  )).json();
  assert.equal(unbounded.choices[0].finish_reason, "tool_calls");
  assert.ok(unbounded.usage.completion_tokens > 16);
  const capped = await (await post(
    "/v1/chat/completions",
    chat({ tools: tool(parameters), tool_choice: "required", seed: 3, max_tokens: 16 }),
  )).json();
  assert.equal(capped.choices[0].finish_reason, "length");
  assert.ok(capped.usage.completion_tokens <= 16, `${capped.usage.completion_tokens} tokens`);
  const full = unbounded.choices[0].message.tool_calls[0].function.arguments as string;
  const cut = capped.choices[0].message.tool_calls[0].function.arguments as string;
  assert.ok(full.startsWith(cut) && cut.length < full.length, "the cut arguments are a prefix");
});

Deno.test("work budget: max_tokens beyond the model's output limit is OpenAI's 400", async () => {
  const { post } = testApp(FAST);
  for (const param of ["max_tokens", "max_completion_tokens"]) {
    const res = await post("/v1/chat/completions", chat({ [param]: 1_000_000 }));
    assert.equal(res.status, 400);
    assert.deepEqual((await res.json()).error, {
      message: `${param} is too large: 1000000. This model supports at most 16384 completion ` +
        "tokens, whereas you provided 1000000.",
      type: "invalid_request_error",
      param,
      code: "invalid_value",
    });
  }
  const responses = await post("/v1/responses", {
    model: "gpt-4o",
    input: "hello",
    max_output_tokens: 20_000,
  });
  assert.equal(responses.status, 400);
  assert.equal((await responses.json()).error.param, "max_output_tokens");
  // At the limit itself the request is served.
  assert.equal((await post("/v1/chat/completions", chat({ max_tokens: 16_384 }))).status, 200);
});

Deno.test("work budget: n × fixed lengths beyond FAKEAI_MAX_GENERATED_TOKENS is refused up front", async () => {
  const { post } = testApp(FAST);
  const res = await post(
    "/v1/chat/completions",
    chat({ n: 128, max_tokens: 16_000, ignore_eos: true }),
  );
  assert.equal(res.status, 400);
  const { error } = await res.json();
  assert.equal(error.param, "n");
  assert.equal(
    error.message,
    "This request asks for up to 2048000 completion tokens (128 choices × 16000); this server " +
      "generates at most 262144 per request (FAKEAI_MAX_GENERATED_TOKENS).",
  );
  const small = testApp({ ...FAST, maxGeneratedTokens: 100 });
  const over = await small.post("/v1/completions", {
    model: "gpt-3.5-turbo-instruct",
    prompt: ["a", "b"],
    max_tokens: 60,
  });
  assert.equal(over.status, 400);
  assert.equal((await over.json()).error.param, "max_tokens");
  const forced = await small.post("/v1/chat/completions", chat(), {
    "x-fakeai-output-tokens": "101",
  });
  assert.equal(forced.status, 400);
  assert.equal((await small.post("/v1/chat/completions", chat({ max_tokens: 100 }))).status, 200);
  // Lengths left to the model are not charged: n alone is fine.
  assert.equal((await small.post("/v1/chat/completions", chat({ n: 8 }))).status, 200);
});

Deno.test("work budget: a pattern repeating 100,000,000 times is not built and stops at max_tokens", async () => {
  const { post } = testApp(FAST);
  for (const pattern of ["^a{100000000}$", "^((a{1000}){1000}){1000}$"]) {
    const schema = {
      type: "object",
      properties: { s: { type: "string", pattern } },
      required: ["s"],
    };
    const res = await post(
      "/v1/chat/completions",
      chat({
        response_format: { type: "json_schema", json_schema: { name: "d", schema } },
        max_tokens: 16,
      }),
    );
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.ok(body.usage.completion_tokens <= 16);
    assert.equal(body.choices[0].finish_reason, "length", pattern);
  }
});
