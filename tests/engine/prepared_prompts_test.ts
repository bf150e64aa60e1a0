/** Prompts prepared ahead of planning (in slices) plan exactly as if planned in one go. */
import assert from "node:assert/strict";
import {
  chatPromptTokenIds,
  chatPromptTokenIdsSliced,
} from "../../src/engine/kv/prompt_token_ids.ts";
import { preparedChatPrompt } from "../../src/engine/prepared_prompts.ts";
import { PREPARED_BODY_CHARS, tokenizerFor } from "../../src/engine/tokenizer.ts";
import { createPrng, hashString, hashStringSliced } from "../../src/util/prng.ts";
import { chatInput, testEngine } from "../support/plan_inputs.ts";

function prose(seed: number, words: number): string {
  const prng = createPrng(seed);
  const vocabulary = ["river", "naïve", "中文", "😀", "signal", "the", "42", "\n"];
  return Array.from({ length: words }, () => vocabulary[prng.int(vocabulary.length)]).join(" ");
}

Deno.test("hashStringSliced gives hashString's value whatever the slice size", async () => {
  for (const text of ["", "a", "héllo 😀", prose(1, 5_000)]) {
    for (const slice of [1, 3, 1000, 1 << 20]) {
      let pauses = 0;
      const sliced = await hashStringSliced(text, () => Promise.resolve(void pauses++), slice);
      assert.equal(sliced, hashString(text));
      assert.equal(pauses, Math.ceil(text.length / slice));
    }
  }
});

Deno.test("chat prompt ids worked out message by message equal the one-go ids", async () => {
  const tokenizer = tokenizerFor("gpt-4o");
  const messages = Array.from({ length: 12 }, (_, i) => ({
    role: i % 2 ? "assistant" : "user",
    content: prose(10 + i, 300),
  }));
  let pauses = 0;
  const sliced = await chatPromptTokenIdsSliced(
    tokenizer,
    messages,
    () => Promise.resolve(void pauses++),
  );
  assert.deepEqual(sliced, chatPromptTokenIds(tokenizer, messages));
  assert.equal(pauses, messages.length);
});

Deno.test("a large prepared chat plans the same content, usage and cached tokens as unprepared", async () => {
  const messages = Array.from({ length: 40 }, (_, i) => ({
    role: i % 2 ? "assistant" : "user",
    content: prose(100 + i, 400),
  }));
  const bodyChars = JSON.stringify(messages).length;
  assert.ok(bodyChars > 16_384);
  const plan = async (prepare: boolean) => {
    const engine = testEngine();
    const input = chatInput({ messages, maxTokens: 40 });
    const first = structuredClone(input);
    if (prepare) await engine.prepareChat(input.model, bodyChars, input.messages);
    if (prepare) assert.ok(preparedChatPrompt(input.messages)?.tokenIds);
    const plans = [engine.planChat(input)];
    // Same prompt again (a fresh list): the caches' answer must not depend on preparation either.
    if (prepare) await engine.prepareChat(first.model, bodyChars, first.messages);
    plans.push(engine.planChat(first));
    return plans.map((p) => ({
      choices: p.choices.map((c) => JSON.stringify(c)),
      promptTokens: p.usage.promptTokens,
      cachedTokens: p.usage.cachedTokens,
    }));
  };
  const [prepared, unprepared] = [await plan(true), await plan(false)];
  assert.deepEqual(prepared, unprepared);
  assert.ok(unprepared[1].cachedTokens > 0, "the repeat hits the prompt cache");
});

Deno.test("needsPreparing: a large body, or an encoding still to load; a short body with it loaded skips", async () => {
  const engine = testEngine();
  assert.equal(engine.needsPreparing("gpt-4o", PREPARED_BODY_CHARS), true, "large body");
  await tokenizerFor("gpt-4o").load();
  assert.equal(engine.needsPreparing("gpt-4o", PREPARED_BODY_CHARS - 1), false, "short body");
  // Whatever prepareChat would do for that short body is already done: it prepares nothing.
  const messages = [{ role: "user", content: "hello" }];
  await engine.prepareChat("gpt-4o", PREPARED_BODY_CHARS - 1, messages);
  assert.equal(preparedChatPrompt(messages), undefined);
});
