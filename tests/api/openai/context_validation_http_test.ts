/** Context validation in process: exact boundaries, each endpoint's 400, what strict mode counts. */
import assert from "node:assert/strict";
import type { Config } from "../../../src/config/schema.ts";
import { tokenizerFor } from "../../../src/engine/tokenizer.ts";
import { testApp } from "../../support/in_process.ts";

const FAST: Partial<Config> = { ttftMs: 0, itlMs: 0, ttftVariancePct: 0, itlVariancePct: 0 };
const PROMPT = "Summarise the history of the printing press in Europe. ".repeat(20);
const tok = tokenizerFor("gpt-4o");

/** An app whose gpt-4o window is `window` tokens. */
const app = (window: number, over: Partial<Config> = {}) =>
  testApp({
    ...FAST,
    enableContextValidation: true,
    contextWindows: [`gpt-4o=${window}`],
    ...over,
  });

const chat = (extra: Record<string, unknown> = {}) => ({
  model: "gpt-4o",
  messages: [{ role: "user", content: PROMPT }],
  ...extra,
});

/** usage.prompt_tokens of a request, measured with validation off. */
async function promptTokens(path: string, body: unknown): Promise<number> {
  const res = await testApp(FAST).post(path, body);
  const usage = (await res.json()).usage;
  return usage.prompt_tokens ?? usage.input_tokens;
}

Deno.test("chat: prompt + max_tokens exactly at the window passes; one more is rejected", async () => {
  const p = await promptTokens("/v1/chat/completions", chat({ max_tokens: 1 }));
  assert.equal(p, tok.count(PROMPT) + 7, "3 per message + role + 3 priming");
  const t = app(p + 10);
  assert.equal((await t.post("/v1/chat/completions", chat({ max_tokens: 10 }))).status, 200);
  assert.equal((await t.post("/v1/chat/completions", chat({ max_tokens: 9 }))).status, 200);
  for (const limit of [{ max_tokens: 11 }, { max_completion_tokens: 11, max_tokens: 5 }]) {
    const res = await t.post("/v1/chat/completions", chat(limit));
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), {
      error: {
        message: `This model's maximum context length is ${p + 10} tokens. However, you ` +
          `requested ${p + 11} tokens (${p} in the messages, 11 in the completion). Please ` +
          "reduce the length of the messages or completion.",
        type: "invalid_request_error",
        param: "messages",
        code: "context_length_exceeded",
      },
    });
  }
});

Deno.test("chat without max_tokens: only the prompt must fit, with OpenAI's other wording", async () => {
  const p = await promptTokens("/v1/chat/completions", chat());
  assert.equal((await app(p).post("/v1/chat/completions", chat())).status, 200);
  const res = await app(p - 1).post("/v1/chat/completions", chat());
  assert.equal(res.status, 400);
  const { error } = await res.json();
  assert.equal(
    error.message,
    `This model's maximum context length is ${p - 1} tokens. However, your messages resulted ` +
      `in ${p} tokens. Please reduce the length of the messages.`,
  );
  assert.equal(error.code, "context_length_exceeded");
});

Deno.test("a streamed request is rejected before any byte: a JSON 400, no SSE", async () => {
  const p = await promptTokens("/v1/chat/completions", chat());
  const t = app(p);
  const lookups = t.engine.kv.lookups;
  const res = await t.post("/v1/chat/completions", chat({ stream: true, max_tokens: 1 }));
  assert.equal(res.status, 400);
  assert.match(res.headers.get("content-type")!, /application\/json/);
  assert.equal((await res.json()).error.code, "context_length_exceeded");
  assert.equal(t.engine.kv.lookups, lookups, "no prefix-cache blocks were taken");
});

Deno.test("strict counting adds tool definitions and schemas; off counts the messages only", async () => {
  const body = chat({
    max_tokens: 5,
    tools: [{
      type: "function",
      function: {
        name: "lookup",
        description: "Look a fact up",
        parameters: { type: "object", properties: { q: { type: "string" } } },
      },
    }],
    response_format: {
      type: "json_schema",
      json_schema: { name: "answer", schema: { type: "object", properties: {} } },
    },
  });
  const all = await promptTokens("/v1/chat/completions", body);
  const core = await promptTokens("/v1/chat/completions", chat({ max_tokens: 5 }));
  assert.ok(all > core);
  const lenient = app(core + 5);
  assert.equal((await lenient.post("/v1/chat/completions", body)).status, 200);
  const strict = app(core + 5, { strictTokenCounting: true });
  const res = await strict.post("/v1/chat/completions", body);
  assert.equal(res.status, 400);
  assert.match((await res.json()).error.message, new RegExp(`\\(${all} in the messages, 5 in`));
  assert.equal(
    (await app(all + 5, { strictTokenCounting: true }).post(
      "/v1/chat/completions",
      body,
    )).status,
    200,
  );
});

Deno.test("images count once, as usage.prompt_tokens has them", async () => {
  const body = chat({
    max_tokens: 1,
    messages: [{
      role: "user",
      content: [
        { type: "text", text: "What is in this picture?" },
        { type: "image_url", image_url: { url: "https://example.com/a.png", detail: "high" } },
      ],
    }],
  });
  const p = await promptTokens("/v1/chat/completions", body);
  assert.ok(p > 765, "the image's 765 tokens are in the prompt count");
  for (const strictTokenCounting of [false, true]) {
    assert.equal(
      (await app(p + 1, { strictTokenCounting }).post(
        "/v1/chat/completions",
        body,
      )).status,
      200,
    );
    const res = await app(p, { strictTokenCounting }).post("/v1/chat/completions", body);
    assert.match((await res.json()).error.message, new RegExp(`\\(${p} in the messages, 1 in`));
  }
});

Deno.test("legacy completions: OpenAI's legacy wording; max_tokens defaults to 16", async () => {
  const p = tok.count(PROMPT);
  const t = app(p + 16);
  assert.equal((await t.post("/v1/completions", { model: "gpt-4o", prompt: PROMPT })).status, 200);
  const longer = PROMPT + "Why?";
  const q = tok.count(longer);
  assert.ok(q > p);
  const res = await t.post("/v1/completions", { model: "gpt-4o", prompt: [PROMPT, longer] });
  assert.equal(res.status, 400, "each prompt must fit");
  assert.deepEqual(await res.json(), {
    error: {
      message: `This model's maximum context length is ${p + 16} tokens, however you requested ` +
        `${q + 16} tokens (${q} in your prompt; 16 for the completion). Please reduce your ` +
        "prompt; or completion length.",
      type: "invalid_request_error",
      param: null,
      code: "context_length_exceeded",
    },
  });
  const ids = await t.post("/v1/completions", {
    model: "gpt-4o",
    prompt: tok.encode(PROMPT),
    max_tokens: 17,
  });
  assert.equal(ids.status, 400, "token-id prompts count their ids");
});

Deno.test("responses: input + max_output_tokens against the window", async () => {
  const body = { model: "gpt-4o", input: PROMPT, max_output_tokens: 20 };
  const p = await promptTokens("/v1/responses", body);
  assert.equal((await app(p + 20).post("/v1/responses", body)).status, 200);
  const res = await app(p + 19).post("/v1/responses", body);
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), {
    error: {
      message:
        "Your input exceeds the context window of this model. Please adjust your input and try again.",
      type: "invalid_request_error",
      param: "input",
      code: "context_length_exceeded",
    },
  });
});

Deno.test("built-in windows and the default window apply; validation off checks nothing", async () => {
  const long = { model: "gpt-4", messages: [{ role: "user", content: "word ".repeat(9000) }] };
  const on = testApp({ ...FAST, enableContextValidation: true });
  assert.equal((await on.post("/v1/chat/completions", long)).status, 400, "gpt-4: 8192");
  assert.equal((await testApp(FAST).post("/v1/chat/completions", long)).status, 200);
  const unknown = { ...long, model: "my-own-model", max_tokens: 1 };
  assert.equal((await on.post("/v1/chat/completions", unknown)).status, 200, "default 128000");
  const small = testApp({ ...FAST, enableContextValidation: true, defaultContextWindow: 9000 });
  const res = await small.post("/v1/chat/completions", unknown);
  assert.match((await res.json()).error.message, /maximum context length is 9000 tokens/);
});
