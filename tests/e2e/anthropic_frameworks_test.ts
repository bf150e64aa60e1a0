/**
 * The Anthropic Messages API end to end through the frameworks that wrap it, against the real
 * CLI: the Vercel AI SDK's @ai-sdk/anthropic (generateText, streamText, a tool loop) and
 * LangChain's ChatAnthropic (invoke, stream, bindTools and a ToolMessage round trip), and the
 * structured output both ask for by default (output_config.format). Usage is checked against
 * /v1/messages/count_tokens and against the streamed deltas.
 */
import assert from "node:assert/strict";
import { generateText, Output, stepCountIs, streamText, tool } from "ai";
import { createAnthropic } from "@ai-sdk/anthropic";
import { ChatAnthropic } from "@langchain/anthropic";
import { type AIMessageChunk, HumanMessage } from "@langchain/core/messages";
import { tool as langchainTool } from "@langchain/core/tools";
import { z } from "zod";
import { type FakeAIProcess, FAST_ARGS, startFakeAI } from "../support/fakeai_process.ts";

const MODEL = "claude-sonnet-4-5";
const API_KEY = "sk-ant-test";
const PROMPT = "Tell me about caches.";
const WEATHER_PROMPT = "What is the weather in Paris?";

async function withServer(fn: (server: FakeAIProcess) => Promise<void>) {
  const server = await startFakeAI({ args: FAST_ARGS, env: { FAKEAI_API_KEYS: API_KEY } });
  try {
    await fn(server);
  } finally {
    assert.equal(await server.stop(), 0);
  }
}

/** The server's own count for a single user message (plain string content). */
async function countTokens(server: FakeAIProcess, content: string): Promise<number> {
  const res = await fetch(`${server.url}/v1/messages/count_tokens`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-api-key": API_KEY,
      "anthropic-version": "2023-06-01",
    },
    body: JSON.stringify({ model: MODEL, messages: [{ role: "user", content }] }),
  });
  assert.equal(res.status, 200);
  return (await res.json()).input_tokens;
}

/** The AI SDK's finish reasons and the stop_reason each comes from. */
const RAW_FINISH: Record<string, string> = { stop: "end_turn", length: "max_tokens" };

/** The anthropic entry of an AI SDK result's providerMetadata. */
type AnthropicMetadata = { usage: Record<string, number>; stopSequence: string | null };
const anthropicMetadata = (metadata: unknown) =>
  (metadata as { anthropic: AnthropicMetadata }).anthropic;

Deno.test("AI SDK @ai-sdk/anthropic: generateText and streamText, usage agreeing with count_tokens", async () => {
  await withServer(async (server) => {
    const anthropic = createAnthropic({ baseURL: `${server.url}/v1`, apiKey: API_KEY });
    const counted = await countTokens(server, PROMPT);

    const result = await generateText({
      model: anthropic(MODEL),
      prompt: PROMPT,
      maxOutputTokens: 40,
    });
    assert.ok(result.text.length > 0);
    const output = result.usage.outputTokens!;
    assert.ok(output > 0 && output <= 40, `${output}`);
    assert.equal(result.usage.inputTokens, counted);
    assert.ok(["stop", "length"].includes(result.finishReason), result.finishReason);
    assert.ok(result.finishReason === "stop" || output === 40, "length only at the cap");
    assert.equal(result.rawFinishReason, RAW_FINISH[result.finishReason]);
    assert.match(result.response.id, /^msg_/);
    assert.equal(result.response.modelId, MODEL);
    const meta = anthropicMetadata(result.providerMetadata);
    assert.equal(meta.usage.input_tokens, counted);
    assert.equal(meta.usage.output_tokens, output);
    assert.equal(meta.usage.cache_creation_input_tokens, 0);
    assert.equal(meta.stopSequence, null);

    const stream = streamText({ model: anthropic(MODEL), prompt: PROMPT, maxOutputTokens: 40 });
    const deltas: string[] = [];
    for await (const delta of stream.textStream) deltas.push(delta);
    assert.ok(deltas.length > 0);
    assert.equal(deltas.join(""), await stream.text);
    const usage = await stream.usage;
    assert.equal(usage.inputTokens, counted, "message_start carries the input usage");
    assert.equal(usage.outputTokens, deltas.length, "message_delta counts one token per delta");
    const streamedMeta = anthropicMetadata(await stream.providerMetadata);
    // A repeated prompt may be read from the prefix cache: input_tokens leaves those out.
    const { input_tokens, cache_read_input_tokens } = streamedMeta.usage;
    assert.equal(input_tokens + cache_read_input_tokens, counted);
    assert.equal(await stream.rawFinishReason, RAW_FINISH[await stream.finishReason]);
  });
});

Deno.test("AI SDK @ai-sdk/anthropic: a forced tool call, its result sent back, then an answer (generate and stream)", async () => {
  await withServer(async (server) => {
    const anthropic = createAnthropic({ baseURL: `${server.url}/v1`, apiKey: API_KEY });
    for (const run of [generateText, streamText] as const) {
      const asked: string[] = [];
      const options = {
        model: anthropic(MODEL),
        prompt: WEATHER_PROMPT,
        maxOutputTokens: 100,
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
        // tool_choice {type:"any"} for the first step only: the second answers in text.
        prepareStep: ({ stepNumber }: { stepNumber: number }) =>
          stepNumber === 0 ? { toolChoice: "required" as const } : {},
        stopWhen: stepCountIs(2),
      };
      const result = run === generateText ? await generateText(options) : streamText(options);
      const steps = await result.steps;
      assert.equal(steps.length, 2, `${run.name}: two steps`);
      assert.equal(asked.length, 1, `${run.name}: the tool ran once`);
      assert.equal(typeof asked[0], "string", "the input passed the tool's schema");

      const [call, answer] = steps;
      assert.equal(call.finishReason, "tool-calls");
      assert.equal(call.rawFinishReason, "tool_use");
      assert.equal(call.toolCalls.length, 1);
      assert.equal(call.toolCalls[0].toolName, "get_weather");
      assert.match(call.toolCalls[0].toolCallId, /^toolu_/);
      assert.deepEqual(call.toolCalls[0].input, { city: asked[0] });
      assert.deepEqual(call.toolResults[0].output, { city: asked[0], sky: "sunny", celsius: 21 });

      assert.equal(answer.toolCalls.length, 0, "auto after a tool_result answers in text");
      assert.ok(answer.text.length > 0);
      assert.ok(["stop", "length"].includes(answer.finishReason), answer.finishReason);
      assert.equal(await result.text, answer.text);
      // The second request carried the tool_result, so its prompt is the longer one.
      assert.ok(answer.usage.inputTokens! > call.usage.inputTokens!);
    }
  });
});

Deno.test("LangChain ChatAnthropic: invoke and stream, usage agreeing with count_tokens", async () => {
  await withServer(async (server) => {
    const chat = new ChatAnthropic({
      model: MODEL,
      anthropicApiUrl: server.url,
      apiKey: API_KEY,
      maxRetries: 0,
      maxTokens: 40,
    });
    const counted = await countTokens(server, PROMPT);

    const reply = await chat.invoke(PROMPT);
    assert.equal(typeof reply.content, "string");
    assert.ok((reply.content as string).length > 0);
    const usage = reply.usage_metadata!;
    assert.equal(usage.input_tokens, counted);
    assert.ok(usage.output_tokens > 0 && usage.output_tokens <= 40, `${usage.output_tokens}`);
    assert.equal(usage.total_tokens, usage.input_tokens + usage.output_tokens);
    assert.match(reply.id ?? "", /^msg_/);
    assert.equal(reply.response_metadata.model, MODEL);
    const stop = reply.response_metadata.stop_reason;
    assert.ok(
      stop === "end_turn" || (stop === "max_tokens" && usage.output_tokens === 40),
      String(stop),
    );

    let full: AIMessageChunk | undefined;
    const texts: string[] = [];
    for await (const chunk of await chat.stream(PROMPT)) {
      if (typeof chunk.content === "string" && chunk.content !== "") texts.push(chunk.content);
      full = full === undefined ? chunk : full.concat(chunk);
    }
    assert.ok(full !== undefined && texts.length > 0);
    assert.equal(full.content, texts.join(""));
    assert.equal(full.usage_metadata!.input_tokens, counted);
    // LangChain adds message_start's output_tokens (1, as Anthropic sends) to message_delta's
    // cumulative count, which is one token per text delta.
    assert.equal(full.usage_metadata!.output_tokens, texts.length + 1);
  });
});

Deno.test("LangChain ChatAnthropic: bindTools gives parsed tool_calls; a ToolMessage gets the answer", async () => {
  await withServer(async (server) => {
    const getWeather = langchainTool(
      ({ city }: { city: string }) => Promise.resolve(JSON.stringify({ city, sky: "sunny" })),
      {
        name: "get_weather",
        description: "Current weather for a city",
        schema: z.object({ city: z.string() }),
      },
    );
    const chat = new ChatAnthropic({
      model: MODEL,
      anthropicApiUrl: server.url,
      apiKey: API_KEY,
      maxRetries: 0,
      maxTokens: 100,
    });
    const human = new HumanMessage(WEATHER_PROMPT);

    const forced = chat.bindTools([getWeather], { tool_choice: "get_weather" });
    const first = await forced.invoke([human]);
    assert.equal(first.response_metadata.stop_reason, "tool_use");
    assert.equal(first.tool_calls?.length, 1, JSON.stringify(first.content));
    const call = first.tool_calls![0];
    assert.equal(call.name, "get_weather");
    assert.match(call.id ?? "", /^toolu_/);
    assert.equal(typeof call.args.city, "string");

    // Streamed, the input_json_delta pieces reassemble into the same kind of arguments.
    let streamed: AIMessageChunk | undefined;
    for await (
      const chunk of await chat.bindTools([getWeather], { tool_choice: "any" }).stream([human])
    ) {
      streamed = streamed === undefined ? chunk : streamed.concat(chunk);
    }
    assert.equal(streamed?.tool_calls?.length, 1);
    assert.equal(streamed!.tool_calls![0].name, "get_weather");
    assert.deepEqual(Object.keys(streamed!.tool_calls![0].args), ["city"]);

    const result = await getWeather.invoke(call);
    assert.equal(result.tool_call_id, call.id);
    const final = await chat.bindTools([getWeather]).invoke([human, first, result]);
    assert.deepEqual(final.tool_calls, []);
    assert.equal(typeof final.content, "string");
    assert.ok((final.content as string).length > 0);
    assert.ok(["end_turn", "max_tokens"].includes(String(final.response_metadata.stop_reason)));
    assert.ok(final.usage_metadata!.input_tokens > first.usage_metadata!.input_tokens);
  });
});

const person = z.object({ name: z.string(), age: z.number().int(), tags: z.array(z.string()) });

Deno.test("structured output: AI SDK Output.object and LangChain withStructuredOutput (jsonSchema)", async () => {
  await withServer(async (server) => {
    // Both send output_config.format {type:"json_schema"} and parse the text block as JSON.
    const anthropic = createAnthropic({ baseURL: `${server.url}/v1`, apiKey: API_KEY });
    const ask = { model: anthropic(MODEL), prompt: "Invent a person." };
    const generated = await generateText({ ...ask, output: Output.object({ schema: person }) });
    assert.equal(
      person.safeParse(generated.output).success,
      true,
      JSON.stringify(generated.output),
    );
    const streamed = streamText({ ...ask, output: Output.object({ schema: person }) });
    const partials: unknown[] = [];
    for await (const partial of streamed.partialOutputStream) partials.push(partial);
    assert.ok(partials.length > 1, "the JSON arrives over several deltas");
    assert.equal(person.safeParse(await streamed.output).success, true);

    const chat = new ChatAnthropic({
      model: MODEL,
      anthropicApiUrl: server.url,
      apiKey: API_KEY,
      maxRetries: 0,
      maxTokens: 400,
    });
    const structured = chat.withStructuredOutput(person, {
      method: "jsonSchema",
      includeRaw: true,
    });
    const { raw, parsed } = await structured.invoke("Invent a person.");
    assert.equal(person.safeParse(parsed).success, true, JSON.stringify(parsed));
    assert.deepEqual(JSON.parse(raw.content as string), parsed, "the text block is the JSON");
  });
});
