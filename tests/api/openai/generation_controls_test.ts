/** Benchmark length controls (vLLM top-level fields, NIM nvext) and stop, on every endpoint. */
import assert from "node:assert/strict";
import { lengthControls, stopSequences } from "../../../src/api/openai/generation_controls.ts";
import { testApp } from "../../support/in_process.ts";

Deno.test("lengthControls: vLLM's fields win over nvext; defaults off", () => {
  assert.deepEqual(lengthControls({}), { minTokens: 0, ignoreEos: false });
  assert.deepEqual(lengthControls({ nvext: { ignore_eos: true, min_tokens: 7 } }), {
    minTokens: 7,
    ignoreEos: true,
  });
  assert.deepEqual(
    lengthControls({
      ignore_eos: false,
      min_tokens: 2,
      nvext: { ignore_eos: true, min_tokens: 7 },
    }),
    { minTokens: 2, ignoreEos: false },
  );
  assert.deepEqual(stopSequences(null), []);
  assert.deepEqual(stopSequences("."), ["."]);
  assert.deepEqual(stopSequences([".", "!"]), [".", "!"]);
});

Deno.test("nvext.ignore_eos gives exactly the max tokens on chat, completions and responses", async () => {
  const t = testApp({ ttftMs: 0, itlMs: 0 });
  const chat = await (await t.post("/v1/chat/completions", {
    model: "gpt-4o",
    messages: [{ role: "user", content: "hi" }],
    max_tokens: 77,
    nvext: { ignore_eos: true },
  })).json();
  assert.equal(chat.usage.completion_tokens, 77);
  const completion = await (await t.post("/v1/completions", {
    model: "gpt-4o",
    prompt: "hi",
    max_tokens: 33,
    nvext: { ignore_eos: true },
  })).json();
  assert.equal(completion.usage.completion_tokens, 33);
  const response = await (await t.post("/v1/responses", {
    model: "gpt-4o",
    input: "hi",
    max_output_tokens: 40,
    nvext: { ignore_eos: true },
  })).json();
  assert.equal(response.usage.output_tokens, 40);
});

Deno.test("nvext.min_tokens raises a short natural length", async () => {
  const t = testApp({
    ttftMs: 0,
    itlMs: 0,
    outputLengthDistribution: "fixed",
    outputLengthMean: 5,
  });
  const res = await (await t.post("/v1/chat/completions", {
    model: "gpt-4o",
    messages: [{ role: "user", content: "hi" }],
    nvext: { min_tokens: 50 },
  })).json();
  assert.equal(res.usage.completion_tokens, 50);
  assert.equal(res.choices[0].finish_reason, "stop");
});
