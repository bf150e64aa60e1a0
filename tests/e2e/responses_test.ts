/** The Responses API through the official openai SDK. */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { withOpenAI } from "../support/sdk_client.ts";

const weatherTool: OpenAI.Responses.FunctionTool = {
  type: "function",
  name: "get_weather",
  description: "Get the weather for a city",
  strict: true,
  parameters: {
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
    additionalProperties: false,
  },
};

Deno.test("e2e responses: create, retrieve, input_items, delete", async () => {
  await withOpenAI(async (client) => {
    const res = await client.responses.create({
      model: "gpt-4o",
      instructions: "Be brief.",
      input: "Tell me about databases.",
      max_output_tokens: 50,
    });
    assert.equal(res.object, "response");
    assert.match(res.id, /^resp_/);
    assert.ok(["completed", "incomplete"].includes(res.status!));
    assert.equal(encode(res.output_text).length, res.usage!.output_tokens);
    const again = await client.responses.retrieve(res.id);
    assert.equal(again.output_text, res.output_text);
    const items = await client.responses.inputItems.list(res.id);
    assert.equal(items.data.length, 1);
    assert.equal(items.data[0].type, "message");
    const deleted = await client.responses.delete(res.id);
    assert.deepEqual(deleted, { id: res.id, object: "response", deleted: true });
    await assert.rejects(
      client.responses.retrieve(res.id),
      (e: unknown) => e instanceof OpenAI.NotFoundError,
    );
  });
});

Deno.test("e2e responses: previous_response_id carries the conversation", async () => {
  await withOpenAI(async (client) => {
    const first = await client.responses.create({ model: "gpt-4o", input: "Hello there." });
    const second = await client.responses.create({
      model: "gpt-4o",
      input: "And then?",
      previous_response_id: first.id,
    });
    assert.ok(
      second.usage!.input_tokens > first.usage!.input_tokens + first.usage!.output_tokens,
      "the follow-up counts the earlier turns",
    );
    await assert.rejects(
      client.responses.create({ model: "gpt-4o", input: "x", previous_response_id: "resp_nope" }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === "previous_response_id",
    );
  });
});

Deno.test("e2e responses: streaming events in order with sequence numbers", async () => {
  await withOpenAI(async (client) => {
    const stream = await client.responses.create({
      model: "gpt-4o",
      input: "Write about networks.",
      max_output_tokens: 30,
      stream: true,
    });
    const types: string[] = [];
    let sequence = -1;
    let text = "";
    let final: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      types.push(event.type);
      assert.equal(event.sequence_number, sequence + 1);
      sequence = event.sequence_number;
      if (event.type === "response.output_text.delta") {
        text += event.delta;
        assert.equal(encode(event.delta).length, 1);
      }
      if (event.type === "response.completed" || event.type === "response.incomplete") {
        final = event.response;
      }
    }
    assert.deepEqual(types.slice(0, 4), [
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
    ]);
    assert.ok(types.includes("response.output_text.done"));
    const message = final!.output.find((i) =>
      i.type === "message"
    ) as OpenAI.Responses.ResponseOutputMessage;
    assert.equal(text, (message.content[0] as OpenAI.Responses.ResponseOutputText).text);
    assert.equal(final!.usage!.output_tokens, encode(text).length);
  });
});

Deno.test("e2e responses: function calling round trip and streamed arguments", async () => {
  await withOpenAI(async (client) => {
    const res = await client.responses.create({
      model: "gpt-4o",
      input: "What is the weather in Oslo?",
      tools: [weatherTool],
    });
    const call = res.output.find((item) =>
      item.type === "function_call"
    ) as OpenAI.Responses.ResponseFunctionToolCall;
    assert.equal(call.name, "get_weather");
    assert.equal(typeof JSON.parse(call.arguments).city, "string");
    const followUp = await client.responses.create({
      model: "gpt-4o",
      previous_response_id: res.id,
      tools: [weatherTool],
      input: [{ type: "function_call_output", call_id: call.call_id, output: '{"temp":3}' }],
    });
    assert.ok(followUp.output_text.length > 0);

    const stream = client.responses.stream({
      model: "gpt-4o",
      input: "weather in Rome",
      tools: [weatherTool],
    });
    let args = "";
    stream.on("response.function_call_arguments.delta", (e) => (args += e.delta));
    const final = await stream.finalResponse();
    const streamedCall = final.output.find((i) =>
      i.type === "function_call"
    ) as OpenAI.Responses.ResponseFunctionToolCall;
    assert.equal(args, streamedCall.arguments);
  });
});

Deno.test("e2e responses: structured output with text.format json_schema via parse()", async () => {
  await withOpenAI(async (client) => {
    const res = await client.responses.parse({
      model: "gpt-4o",
      input: "Extract the person.",
      text: {
        format: {
          type: "json_schema",
          name: "person",
          strict: true,
          schema: {
            type: "object",
            properties: { name: { type: "string" }, age: { type: "integer" } },
            required: ["name", "age"],
            additionalProperties: false,
          },
        },
      },
    });
    const parsed = res.output_parsed as { name: string; age: number };
    assert.equal(typeof parsed.name, "string");
    assert.ok(Number.isInteger(parsed.age));
    await assert.rejects(
      client.responses.create({
        model: "gpt-4o",
        input: "x",
        text: {
          format: {
            type: "json_schema",
            name: "bad",
            schema: { type: "object", properties: { a: { type: "string" } } },
          },
        },
      }),
      (e: unknown) => e instanceof OpenAI.BadRequestError,
    );
  });
});

Deno.test("e2e responses: reasoning model returns a reasoning item; max_output_tokens → incomplete", async () => {
  await withOpenAI(async (client) => {
    const res = await client.responses.create({
      model: "openai/gpt-oss-20b",
      input: "Think about prime numbers.",
      reasoning: { effort: "high" },
      max_output_tokens: 40,
      // @ts-expect-error benchmark control
      ignore_eos: true,
    });
    assert.equal(res.output[0].type, "reasoning");
    assert.equal(res.status, "incomplete");
    assert.equal(res.incomplete_details!.reason, "max_output_tokens");
    assert.equal(res.usage!.output_tokens, 40);
    assert.ok(res.usage!.output_tokens_details.reasoning_tokens > 0);
  });
});
