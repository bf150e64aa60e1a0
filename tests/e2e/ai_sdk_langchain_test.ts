/** The Vercel AI SDK and LangChain against the real CLI: the calls they make for chat. */
import assert from "node:assert/strict";
import { generateObject, generateText, streamText } from "ai";
import { createOpenAI } from "@ai-sdk/openai";
import { ChatOpenAI } from "@langchain/openai";
import { z } from "zod";
import { FAST_ARGS, startFakeAI } from "../support/fakeai_process.ts";

const person = z.object({ name: z.string(), age: z.number().int(), tags: z.array(z.string()) });

async function withServer(fn: (baseURL: string) => Promise<void>) {
  const server = await startFakeAI({ args: FAST_ARGS });
  try {
    await fn(server.baseURL);
  } finally {
    assert.equal(await server.stop(), 0);
  }
}

Deno.test("AI SDK: generateText and streamText over chat completions and the Responses API", async () => {
  await withServer(async (baseURL) => {
    const openai = createOpenAI({ baseURL, apiKey: "sk-test" });
    for (const model of [openai.chat("gpt-4o"), openai.responses("gpt-4o")]) {
      const text = await generateText({
        model,
        prompt: "Say something about caching.",
        maxOutputTokens: 40,
      });
      assert.ok(text.text.length > 0);
      assert.ok(text.usage.outputTokens! > 0 && text.usage.outputTokens! <= 40);

      const stream = streamText({ model, prompt: "Stream a sentence.", maxOutputTokens: 20 });
      let streamed = "";
      for await (const delta of stream.textStream) streamed += delta;
      assert.ok(streamed.length > 0);
      assert.equal(streamed, await stream.text);
      assert.ok((await stream.usage).outputTokens! > 0);
    }
  });
});

Deno.test("AI SDK: generateObject validates against the schema", async () => {
  await withServer(async (baseURL) => {
    const openai = createOpenAI({ baseURL, apiKey: "sk-test" });
    for (const model of [openai.chat("gpt-4o"), openai.responses("gpt-4o")]) {
      const result = await generateObject({ model, schema: person, prompt: "Invent a person." });
      assert.equal(person.safeParse(result.object).success, true);
    }
  });
});

Deno.test("LangChain ChatOpenAI: invoke, stream, withStructuredOutput", async () => {
  await withServer(async (baseURL) => {
    const chat = new ChatOpenAI({
      model: "gpt-4o",
      apiKey: "sk-test",
      maxTokens: 30,
      configuration: { baseURL },
    });
    const reply = await chat.invoke("Tell me about queues.");
    assert.equal(typeof reply.content, "string");
    assert.ok((reply.content as string).length > 0);
    assert.ok(reply.usage_metadata!.output_tokens > 0);

    let streamed = "";
    for await (const chunk of await chat.stream("Stream please.")) streamed += chunk.content;
    assert.ok(streamed.length > 0);

    const structured = chat.withStructuredOutput(person);
    const value = await structured.invoke("Invent a person.");
    assert.equal(person.safeParse(value).success, true);
  });
});
