/** Legacy /v1/completions through the official openai SDK. */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { withOpenAI } from "../support/sdk_client.ts";

Deno.test("e2e completions: default max_tokens 16, usage from the real tokenizer", async () => {
  await withOpenAI(async (client) => {
    const res = await client.completions.create({
      model: "gpt-4o",
      prompt: "Once upon a time",
      // @ts-expect-error vLLM extension
      ignore_eos: true,
    });
    assert.equal(res.object, "text_completion");
    assert.equal(encode(res.choices[0].text).length, 16);
    assert.equal(res.usage!.completion_tokens, 16);
    assert.equal(res.usage!.prompt_tokens, encode("Once upon a time").length);
    assert.equal(res.choices[0].finish_reason, "length");
  });
});

Deno.test("e2e completions: prompt arrays, token ids, n, echo and legacy logprobs", async () => {
  await withOpenAI(async (client) => {
    const multi = await client.completions.create({
      model: "gpt-4o",
      prompt: ["first prompt", "second prompt"],
      n: 2,
      max_tokens: 5,
    });
    assert.equal(multi.choices.length, 4);
    assert.deepEqual(multi.choices.map((c) => c.index), [0, 1, 2, 3]);

    const ids = encode("hello world");
    const fromIds = await client.completions.create({
      model: "gpt-4o",
      prompt: ids,
      max_tokens: 3,
    });
    assert.equal(fromIds.usage!.prompt_tokens, ids.length);

    const echoed = await client.completions.create({
      model: "gpt-4o",
      prompt: "Say this:",
      echo: true,
      max_tokens: 4,
      logprobs: 2,
    });
    const choice = echoed.choices[0];
    assert.ok(choice.text.startsWith("Say this:"));
    const lp = choice.logprobs!;
    assert.equal(lp.tokens!.join(""), choice.text.slice("Say this:".length));
    assert.equal(lp.text_offset![0], "Say this:".length);
    assert.equal(Object.keys(lp.top_logprobs![0]).length, 2);
  });
});

Deno.test("e2e completions: streaming one token per chunk with a usage chunk", async () => {
  await withOpenAI(async (client) => {
    const plain = await client.completions.create({
      model: "gpt-4o",
      prompt: "Tell a story",
      max_tokens: 20,
      seed: 11,
    });
    const stream = await client.completions.create({
      model: "gpt-4o",
      prompt: "Tell a story",
      max_tokens: 20,
      seed: 11,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      for (const c of chunk.choices) {
        if (c.text) assert.equal(encode(c.text).length, 1);
        text += c.text;
        if (c.finish_reason) finish = c.finish_reason;
      }
    }
    assert.equal(text, plain.choices[0].text);
    assert.deepEqual(usage, plain.usage);
    assert.equal(finish, plain.choices[0].finish_reason);
  });
});

Deno.test("e2e completions: best_of counts every candidate; bad inputs are 400s", async () => {
  await withOpenAI(async (client) => {
    const res = await client.completions.create({
      model: "gpt-4o",
      prompt: "x",
      best_of: 3,
      n: 1,
      max_tokens: 4,
      // @ts-expect-error vLLM extension
      ignore_eos: true,
    });
    assert.equal(res.choices.length, 1);
    assert.equal(res.usage!.completion_tokens, 12);
    await assert.rejects(
      client.completions.create({ model: "gpt-4o", prompt: "x", best_of: 1, n: 2 }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === "best_of",
    );
    await assert.rejects(
      // @ts-expect-error missing prompt on purpose
      client.completions.create({ model: "gpt-4o" }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === "prompt",
    );
    await assert.rejects(
      client.completions.create({ model: "gpt-4o", prompt: "x", logprobs: 9 }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === "logprobs",
    );
  });
});
