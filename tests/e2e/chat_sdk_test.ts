/** The official openai SDK against the real CLI: what application developers do. */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { withOpenAI } from "../support/sdk_client.ts";

Deno.test("e2e: non-streamed chat completion has exact token accounting", async () => {
  await withOpenAI(async (client) => {
    const res = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Tell me about the weather in Paris." }],
      max_tokens: 40,
    });
    assert.equal(res.object, "chat.completion");
    assert.match(res.id, /^chatcmpl-/);
    const content = res.choices[0].message.content!;
    assert.equal(encode(content).length, res.usage!.completion_tokens);
    assert.ok(res.usage!.completion_tokens <= 40);
    assert.equal(res.usage!.total_tokens, res.usage!.prompt_tokens + res.usage!.completion_tokens);
    assert.ok(["stop", "length"].includes(res.choices[0].finish_reason));
  });
});

Deno.test("e2e: streaming with include_usage agrees with the non-streamed usage", async () => {
  await withOpenAI(async (client) => {
    const body = {
      model: "gpt-4o-mini",
      messages: [{ role: "user" as const, content: "Write about databases." }],
      max_tokens: 64,
      seed: 7,
    };
    const plain = await client.chat.completions.create(body);
    const stream = await client.chat.completions.create({
      ...body,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let contentEvents = 0;
    let usage: OpenAI.CompletionUsage | undefined;
    let sawRole = false;
    let finish: string | null = null;
    for await (const chunk of stream) {
      if (chunk.usage) {
        usage = chunk.usage;
        assert.deepEqual(chunk.choices, []);
        continue;
      }
      const choice = chunk.choices[0];
      if (choice.delta.role) sawRole = true;
      if (choice.delta.content) {
        text += choice.delta.content;
        contentEvents++;
        assert.equal(encode(choice.delta.content).length, 1, "one token per event");
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
    assert.ok(sawRole);
    assert.equal(text, plain.choices[0].message.content, "same seed → same text");
    assert.deepEqual(usage, plain.usage);
    assert.equal(contentEvents, usage!.completion_tokens);
    assert.equal(finish, plain.choices[0].finish_reason);
  });
});

Deno.test("e2e: ignore_eos gives exactly max_tokens; n=2 gives independent choices", async () => {
  await withOpenAI(async (client) => {
    const res = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "benchmark" }],
      max_tokens: 512,
      n: 2,
      // @ts-expect-error vLLM extension
      ignore_eos: true,
    });
    assert.equal(res.choices.length, 2);
    for (const choice of res.choices) {
      assert.equal(encode(choice.message.content!).length, 512);
      assert.equal(choice.finish_reason, "length");
    }
    assert.notEqual(res.choices[0].message.content, res.choices[1].message.content);
    assert.equal(res.usage!.completion_tokens, 1024);
  });
});

Deno.test("e2e: stop sequences are honoured and not returned", async () => {
  await withOpenAI(async (client) => {
    const res = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Write a few sentences." }],
      max_tokens: 200,
      stop: ["."],
      seed: 3,
    });
    const content = res.choices[0].message.content!;
    assert.ok(!content.includes("."), content);
    assert.equal(res.choices[0].finish_reason, "stop");
    assert.equal(encode(content).length, res.usage!.completion_tokens);
  });
});

Deno.test("e2e: tools — auto calls the matching function with schema-valid arguments", async () => {
  await withOpenAI(async (client) => {
    const tools: OpenAI.ChatCompletionTool[] = [{
      type: "function",
      function: {
        name: "get_weather",
        description: "Get the current weather for a city",
        parameters: {
          type: "object",
          properties: {
            city: { type: "string" },
            unit: { type: "string", enum: ["celsius", "fahrenheit"] },
          },
          required: ["city", "unit"],
          additionalProperties: false,
        },
      },
    }];
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: "user", content: "What is the weather in Paris?" },
    ];
    const res = await client.chat.completions.create({ model: "gpt-4o", messages, tools });
    const choice = res.choices[0];
    assert.equal(choice.finish_reason, "tool_calls");
    const call = choice.message.tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    assert.equal(call.function.name, "get_weather");
    const args = JSON.parse(call.function.arguments);
    assert.equal(typeof args.city, "string");
    assert.ok(["celsius", "fahrenheit"].includes(args.unit));

    // Streamed: same call assembled from deltas by the SDK's helper.
    const runner = client.chat.completions.stream({ model: "gpt-4o", messages, tools });
    const final = await runner.finalChatCompletion();
    assert.equal(final.choices[0].finish_reason, "tool_calls");
    const streamedCall = final.choices[0].message
      .tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    assert.equal(streamedCall.function.name, "get_weather");
    JSON.parse(streamedCall.function.arguments);

    // After the tool result the model answers in text.
    const followUp = await client.chat.completions.create({
      model: "gpt-4o",
      tools,
      messages: [
        ...messages,
        choice.message,
        { role: "tool", tool_call_id: call.id, content: '{"temp": 21}' },
      ],
    });
    assert.equal(followUp.choices[0].finish_reason === "tool_calls", false);
    assert.ok(followUp.choices[0].message.content);

    const none = await client.chat.completions.create({
      model: "gpt-4o",
      messages,
      tools,
      tool_choice: "none",
    });
    assert.equal(none.choices[0].message.tool_calls, undefined);
  });
});

Deno.test("e2e: json_schema response_format works with the SDK's parse()", async () => {
  await withOpenAI(async (client) => {
    const completion = await client.chat.completions.parse({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Extract the event." }],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "event",
          strict: true,
          schema: {
            type: "object",
            properties: {
              name: { type: "string" },
              date: { type: "string" },
              participants: { type: "array", items: { type: "string" } },
            },
            required: ["name", "date", "participants"],
            additionalProperties: false,
          },
        },
      },
    });
    const parsed = completion.choices[0].message.parsed as Record<string, unknown>;
    assert.equal(typeof parsed.name, "string");
    assert.ok(Array.isArray(parsed.participants));
  });
});

Deno.test("e2e: json_object gives a JSON object", async () => {
  await withOpenAI(async (client) => {
    const res = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Answer in JSON." }],
      response_format: { type: "json_object" },
    });
    const value = JSON.parse(res.choices[0].message.content!);
    assert.equal(typeof value, "object");
  });
});

Deno.test("e2e: logprobs tokens join to the content, streamed and not", async () => {
  await withOpenAI(async (client) => {
    const res = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "hello" }],
      max_tokens: 20,
      logprobs: true,
      top_logprobs: 3,
    });
    const entries = res.choices[0].logprobs!.content!;
    assert.equal(entries.map((e) => e.token).join(""), res.choices[0].message.content);
    for (const e of entries) {
      assert.equal(e.top_logprobs.length, 3);
      assert.ok(e.logprob <= 0);
    }
    const stream = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "hello" }],
      max_tokens: 10,
      logprobs: true,
      stream: true,
    });
    let text = "";
    let fromLogprobs = "";
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      fromLogprobs += chunk.choices[0]?.logprobs?.content?.map((e) => e.token).join("") ?? "";
    }
    assert.equal(fromLogprobs, text);
  });
});

Deno.test("e2e: reasoning model streams reasoning_content before content", async () => {
  await withOpenAI(async (client) => {
    const res = await client.chat.completions.create({
      model: "openai/gpt-oss-120b",
      messages: [{ role: "user", content: "Why is the sky blue?" }],
      max_tokens: 300,
    });
    const message = res.choices[0].message as unknown as {
      reasoning_content: string;
      content: string;
    };
    assert.ok(message.reasoning_content.length > 0);
    const reasoningTokens = res.usage!.completion_tokens_details!.reasoning_tokens!;
    assert.equal(encode(message.reasoning_content).length, reasoningTokens);
    assert.equal(reasoningTokens + encode(message.content).length, res.usage!.completion_tokens);
  });
});

Deno.test("e2e: each error class the SDK knows", async () => {
  await withOpenAI(async (client, server) => {
    await assert.rejects(
      client.chat.completions.create({ model: "gpt-4o", messages: [] }),
      (err: unknown) => err instanceof OpenAI.BadRequestError && err.param === "messages",
    );
    await assert.rejects(
      client.chat.completions.create({
        model: "gpt-4o",
        messages: [{ role: "user", content: "x" }],
        temperature: 5,
      }),
      (err: unknown) => err instanceof OpenAI.BadRequestError && err.param === "temperature",
    );
    await assert.rejects(
      client.models.retrieve("no-such-model"),
      (err: unknown) => err instanceof OpenAI.NotFoundError && err.code === "model_not_found",
    );
    await assert.rejects(
      client.get("/no/such/route"),
      (err: unknown) => err instanceof OpenAI.NotFoundError,
    );
    const malformed = await fetch(`${server.baseURL}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    assert.equal(malformed.status, 400);
    assert.equal((await malformed.json()).error.type, "invalid_request_error");
  });
});

Deno.test("e2e: models list includes requested models; ids with slashes resolve", async () => {
  await withOpenAI(async (client) => {
    const model = await client.models.retrieve("openai/gpt-oss-120b");
    assert.equal(model.id, "openai/gpt-oss-120b");
    await client.chat.completions.create({
      model: "my-org/custom-model",
      messages: [{ role: "user", content: "hi" }],
      max_tokens: 2,
    });
    const ids = [];
    for await (const m of client.models.list()) ids.push(m.id);
    assert.ok(ids.includes("my-org/custom-model"));
    assert.ok(ids.includes("gpt-4o"));
  });
});
