/** Context validation through the real CLI and the openai SDK, exact at the window's boundary. */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { encode as encodeCl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { FAST_ARGS, startFakeAI } from "../support/fakeai_process.ts";

const TEXT = "The quick brown fox jumps over the lazy dog near the riverbank. ".repeat(400);

async function withClient(
  options: { env?: Record<string, string>; args?: string[] },
  fn: (client: OpenAI) => Promise<void>,
) {
  const server = await startFakeAI({
    args: [...FAST_ARGS, ...(options.args ?? [])],
    env: options.env,
  });
  try {
    await fn(new OpenAI({ baseURL: server.baseURL, apiKey: "sk-test", maxRetries: 0 }));
  } finally {
    assert.equal(await server.stop(), 0);
  }
}

/** One user message: 3 per message + "user" (1 token) + content + 3 priming the reply. */
const chatPromptTokens = (content: string, count: (t: string) => number) => count(content) + 7;

const isContextError = (window: number, prompt: number, completion: number) => (e: unknown) =>
  e instanceof OpenAI.BadRequestError && e.status === 400 &&
  e.code === "context_length_exceeded" && e.param === "messages" &&
  e.type === "invalid_request_error" &&
  (e.error as { message: string }).message ===
    `This model's maximum context length is ${window} tokens. However, you requested ` +
      `${prompt + completion} tokens (${prompt} in the messages, ${completion} in the ` +
      "completion). Please reduce the length of the messages or completion.";

Deno.test("e2e context: gpt-4's built-in 8192 window, exact with the real tokenizer", async () => {
  await withClient({ env: { FAKEAI_ENABLE_CONTEXT_VALIDATION: "true" } }, async (client) => {
    const prompt = chatPromptTokens(TEXT, (t) => encodeCl100k(t).length);
    assert.ok(prompt > 4000 && prompt < 8000, String(prompt));
    const ask = (max_tokens: number) =>
      client.chat.completions.create({
        model: "gpt-4",
        messages: [{ role: "user", content: TEXT }],
        max_tokens,
      });
    const below = await ask(8192 - prompt - 1);
    assert.equal(below.usage!.prompt_tokens, prompt, "the server counts what the test counts");
    await ask(8192 - prompt);
    await assert.rejects(ask(8192 - prompt + 1), isContextError(8192, prompt, 8192 - prompt + 1));
    await assert.rejects(ask(100_000), isContextError(8192, prompt, 100_000));
    await assert.rejects(
      client.chat.completions.create({
        model: "gpt-4",
        messages: [{ role: "user", content: TEXT }],
        max_tokens: 8192,
        stream: true,
      }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && e.code === "context_length_exceeded",
    );
  });
});

Deno.test("e2e context: FAKEAI_CONTEXT_WINDOWS and --default-context-window", async () => {
  const text = "Describe the water cycle in detail, step by step.";
  const prompt = chatPromptTokens(text, (t) => encode(t).length);
  await withClient({
    env: { FAKEAI_ENABLE_CONTEXT_VALIDATION: "true", FAKEAI_CONTEXT_WINDOWS: "my-model=500" },
    args: ["--default-context-window", "300"],
  }, async (client) => {
    const ask = (model: string, max_completion_tokens: number) =>
      client.chat.completions.create({
        model,
        messages: [{ role: "user", content: text }],
        max_completion_tokens,
      });
    await ask("my-model", 500 - prompt - 1);
    await assert.rejects(
      ask("my-model", 500 - prompt + 1),
      isContextError(500, prompt, 501 - prompt),
    );
    await ask("other-model", 300 - prompt);
    await assert.rejects(
      ask("other-model", 301 - prompt),
      isContextError(300, prompt, 301 - prompt),
    );

    await assert.rejects(
      client.completions.create({ model: "my-model", prompt: text, max_tokens: 500 }),
      (e: unknown) =>
        e instanceof OpenAI.BadRequestError && e.code === "context_length_exceeded" &&
        /however you requested \d+ tokens \(\d+ in your prompt; 500 for the completion\)/.test(
          e.message,
        ),
    );
    await assert.rejects(
      client.responses.create({ model: "my-model", input: text, max_output_tokens: 500 }),
      (e: unknown) =>
        e instanceof OpenAI.BadRequestError && e.code === "context_length_exceeded" &&
        e.param === "input",
    );
  });
});
