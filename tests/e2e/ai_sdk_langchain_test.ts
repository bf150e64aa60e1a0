/**
 * The Vercel AI SDK and LangChain against the real CLI: the calls they make for chat, and agent
 * tool loops scripted by a scenario file.
 */
import assert from "node:assert/strict";
import { generateObject, generateText, stepCountIs, streamText, tool } from "ai";
import { createOpenAI } from "@ai-sdk/openai";
import { ChatOpenAI } from "@langchain/openai";
import { z } from "zod";
import { FAST_ARGS, startFakeAI } from "../support/fakeai_process.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { tool as langchainTool } from "@langchain/core/tools";
import { type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";

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

const AGENT_RULES = `rules:
  - name: weather
    match: { last_user_message: { contains: "weather" } }
    respond:
      tool_calls: [{ name: get_weather, arguments: { city: "Paris" } }]
  - name: after-weather
    match: { tool_result_for: get_weather }
    respond: { content: "It is sunny in Paris, 21 °C." }
`;

async function withAgentServer(fn: (baseURL: string) => Promise<void>) {
  await withTempDir({ "agent.yaml": AGENT_RULES }, async (dir) => {
    const server = await startFakeAI({ args: [...FAST_ARGS, "--scenarios", `${dir}/agent.yaml`] });
    try {
      await fn(server.baseURL);
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
}

Deno.test("AI SDK: generateText runs a scripted tool loop to its final answer (chat and Responses)", async () => {
  await withAgentServer(async (baseURL) => {
    const openai = createOpenAI({ baseURL, apiKey: "sk-test" });
    for (const model of [openai.chat("gpt-4o"), openai.responses("gpt-4o")]) {
      const asked: string[] = [];
      const result = await generateText({
        model,
        prompt: "What is the weather in Paris?",
        tools: {
          get_weather: tool({
            description: "Current weather for a city",
            inputSchema: z.object({ city: z.string() }),
            execute: ({ city }) => {
              asked.push(city);
              return Promise.resolve({ city, sky: "sunny", celsius: 21 });
            },
          }),
        },
        stopWhen: stepCountIs(5),
      });
      assert.deepEqual(asked, ["Paris"], "the tool ran once with the scripted arguments");
      assert.equal(result.steps.length, 2);
      assert.equal(result.text, "It is sunny in Paris, 21 °C.");
    }
  });
});

Deno.test("LangChain: a tool-calling agent loop with bindTools reaches the scripted answer", async () => {
  await withAgentServer(async (baseURL) => {
    const getWeather = langchainTool(
      ({ city }: { city: string }) => Promise.resolve(JSON.stringify({ city, sky: "sunny" })),
      {
        name: "get_weather",
        description: "Current weather for a city",
        schema: z.object({ city: z.string() }),
      },
    );
    const chat = new ChatOpenAI({ model: "gpt-4o", apiKey: "sk-test", configuration: { baseURL } })
      .bindTools([getWeather]);
    const messages: BaseMessage[] = [new HumanMessage("What is the weather in Paris?")];
    for (let turn = 0; turn < 4; turn++) {
      const reply = await chat.invoke(messages);
      messages.push(reply);
      if (!reply.tool_calls?.length) break;
      for (const call of reply.tool_calls) messages.push(await getWeather.invoke(call));
    }
    const last = messages[messages.length - 1];
    assert.equal(last.content, "It is sunny in Paris, 21 °C.");
    assert.equal(messages.filter((m) => m instanceof ToolMessage).length, 1);
  });
});
