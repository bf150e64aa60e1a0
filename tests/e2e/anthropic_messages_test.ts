/**
 * The Anthropic Messages API end to end with the official @anthropic-ai/sdk against the real CLI:
 * create, stream with finalMessage(), a tool round trip, structured outputs (output_config.format),
 * count_tokens agreeing with usage, errors in Anthropic's envelope and classes, the metrics'
 * endpoint label, prompt caching with cache_control, and the raw event stream checked strictly.
 */
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import { type FakeAIProcess, FAST_ARGS, startFakeAI } from "../support/fakeai_process.ts";
import { checkMessageBody, checkMessageStream } from "../support/anthropic_wire.ts";
import { WEATHER_TOOL } from "../support/anthropic_tools.ts";

const MODEL = "claude-sonnet-4-5";

/** The parsed error body an SDK error carries. */
const envelope = (err: unknown) =>
  (err as { error: { type: string; error: { type: string; message: string } } }).error;

async function withServer(
  fn: (client: Anthropic, server: FakeAIProcess) => Promise<void>,
  options: { args?: string[]; env?: Record<string, string>; apiKey?: string } = {},
) {
  const server = await startFakeAI({
    args: [...FAST_ARGS, ...(options.args ?? [])],
    env: options.env,
  });
  try {
    const client = new Anthropic({
      baseURL: server.url,
      apiKey: options.apiKey ?? "sk-ant-test",
      maxRetries: 0,
    });
    await fn(client, server);
  } finally {
    assert.equal(await server.stop(), 0);
  }
}

Deno.test("anthropic: messages.create and messages.stream agree; count_tokens equals input usage", async () => {
  await withServer(async (client, server) => {
    const ask = {
      model: MODEL,
      max_tokens: 30,
      messages: [{ role: "user" as const, content: "Tell me about caches." }],
    };
    const seeded = { headers: { "x-fakeai-seed": "21" } };
    const { data: message, response } = await client.messages.create(ask, seeded).withResponse();
    assert.match(message.id, /^msg_/);
    assert.equal(message.type, "message");
    assert.equal(message.role, "assistant");
    assert.equal(message.model, MODEL);
    assert.equal(message.content[0].type, "text");
    assert.ok(["end_turn", "max_tokens"].includes(message.stop_reason!));
    assert.equal(message.stop_sequence, null);
    assert.ok(message.usage.output_tokens > 0 && message.usage.output_tokens <= 30);
    assert.equal(message.usage.cache_creation_input_tokens, 0);
    assert.equal(message.usage.cache_read_input_tokens, 0);
    assert.match(response.headers.get("request-id") ?? "", /\S/);

    const stream = client.messages.stream(ask, seeded);
    let text = "";
    stream.on("text", (delta) => text += delta);
    const final = await stream.finalMessage();
    assert.equal(final.content[0].type === "text" && final.content[0].text, text);
    assert.deepEqual(final.content, message.content, "the same request, the same answer");
    assert.deepEqual(final.usage, message.usage, "streamed usage = non-streamed usage");

    // The wire itself: `event:` and `data:` lines in the documented order, one token per delta.
    const raw = await fetch(`${server.url}/v1/messages`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-api-key": "sk-ant-test",
        "anthropic-version": "2023-06-01",
      },
      body: JSON.stringify({ ...ask, stream: true }),
    });
    const frames = (await raw.text()).trim().split("\n\n").map((frame) => {
      const [event, data] = frame.split("\n");
      const body = JSON.parse(data.slice("data: ".length));
      assert.equal(event, `event: ${body.type}`, "each frame names its data's type");
      return body;
    });
    const types = frames.map((f) => f.type);
    assert.deepEqual(types.slice(0, 3), ["message_start", "content_block_start", "ping"]);
    assert.deepEqual(types.slice(-3), ["content_block_stop", "message_delta", "message_stop"]);
    const deltas = frames.filter((f) => f.type === "content_block_delta");
    assert.ok(deltas.every((d) => d.delta.type === "text_delta" && d.index === 0));
    const messageDelta = frames.find((f) => f.type === "message_delta");
    assert.equal(deltas.length, messageDelta.usage.output_tokens, "one token per delta");
    assert.equal(frames[0].message.stop_reason, null);

    const counted = await client.messages.countTokens({ model: MODEL, messages: ask.messages });
    assert.equal(counted.input_tokens, message.usage.input_tokens);
  });
});

Deno.test("anthropic: a tool round trip — tool_use, then an answer after the tool_result", async () => {
  await withServer(async (client) => {
    const first = await client.messages.create({
      model: MODEL,
      max_tokens: 200,
      tools: [WEATHER_TOOL],
      tool_choice: { type: "any" },
      messages: [{ role: "user", content: "What is the weather in Paris?" }],
    });
    assert.equal(first.stop_reason, "tool_use");
    const use = first.content.find((b) => b.type === "tool_use");
    assert.ok(use && use.type === "tool_use", JSON.stringify(first.content));
    assert.match(use.id, /^toolu_/);
    assert.equal(use.name, "get_weather");
    assert.equal(typeof (use.input as { city: unknown }).city, "string");

    const streamed = client.messages.stream({
      model: MODEL,
      max_tokens: 200,
      tools: [WEATHER_TOOL],
      tool_choice: { type: "tool", name: "get_weather" },
      messages: [{ role: "user", content: "And in Rome?" }],
    });
    const jsonDeltas: string[] = [];
    streamed.on("inputJson", (partial) => jsonDeltas.push(partial));
    const streamedFinal = await streamed.finalMessage();
    const streamedUse = streamedFinal.content.find((b) => b.type === "tool_use");
    assert.ok(streamedUse && streamedUse.type === "tool_use");
    assert.deepEqual(JSON.parse(jsonDeltas.join("")), streamedUse.input);

    const answer = await client.messages.create({
      model: MODEL,
      max_tokens: 40,
      tools: [WEATHER_TOOL],
      messages: [
        { role: "user", content: "What is the weather in Paris?" },
        { role: "assistant", content: first.content },
        {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: use.id, content: "Sunny, 21 °C" }],
        },
      ],
    });
    assert.ok(["end_turn", "max_tokens"].includes(answer.stop_reason!));
    assert.equal(answer.content[0].type, "text");
  });
});

Deno.test("anthropic: output_config.format makes the text JSON for the schema, streamed too; counted", async () => {
  await withServer(async (client) => {
    const schema = {
      type: "object",
      properties: { city: { type: "string" }, celsius: { type: "integer" } },
      required: ["city", "celsius"],
      additionalProperties: false,
    };
    const ask = {
      model: MODEL,
      max_tokens: 400,
      output_config: { format: { type: "json_schema" as const, schema } },
      messages: [{ role: "user" as const, content: "Report the weather in Oslo." }],
    };
    const message = await client.messages.create(ask);
    assert.equal(message.stop_reason, "end_turn");
    const block = message.content[0];
    assert.ok(block.type === "text", JSON.stringify(message.content));
    const value = JSON.parse(block.text);
    assert.deepEqual(Object.keys(value).sort(), ["celsius", "city"]);
    assert.ok(typeof value.city === "string" && Number.isInteger(value.celsius), block.text);

    const final = await client.messages.stream(ask).finalMessage();
    const streamed = final.content[0];
    assert.ok(streamed.type === "text");
    assert.deepEqual(Object.keys(JSON.parse(streamed.text)).sort(), ["celsius", "city"]);

    // The schema counts as input, in count_tokens as in usage.
    const plain = { model: MODEL, messages: ask.messages };
    const counted = await client.messages.countTokens({
      ...plain,
      output_config: ask.output_config,
    });
    assert.equal(counted.input_tokens, message.usage.input_tokens);
    const withoutSchema = await client.messages.countTokens(plain);
    assert.ok(counted.input_tokens > withoutSchema.input_tokens);
  });
});

Deno.test("anthropic: errors in Anthropic's envelope and SDK classes (400, 401, 404, 429, 529)", async () => {
  await withServer(async (client, server) => {
    const bad = await client.messages.create({ model: MODEL, messages: [] } as never).catch((e) =>
      e
    );
    assert.ok(bad instanceof Anthropic.BadRequestError, String(bad));
    assert.equal(envelope(bad).type, "error");
    assert.equal(envelope(bad).error.type, "invalid_request_error");

    const wrongKey = new Anthropic({ baseURL: server.url, apiKey: "sk-wrong", maxRetries: 0 });
    const denied = await wrongKey.messages.create({
      model: MODEL,
      max_tokens: 5,
      messages: [{ role: "user", content: "hi" }],
    }).catch((e) => e);
    assert.ok(denied instanceof Anthropic.AuthenticationError, String(denied));
    assert.equal(envelope(denied).error.type, "authentication_error");

    const ask = (headers: Record<string, string>, model = MODEL) =>
      client.messages.create(
        { model, max_tokens: 5, messages: [{ role: "user", content: "hi" }] },
        {
          headers,
        },
      ).catch((e) => e);
    const unknown = await ask({}, "no-such-model");
    assert.ok(unknown instanceof Anthropic.NotFoundError, String(unknown));
    assert.equal(envelope(unknown).error.type, "not_found_error");
    const limited = await ask({ "x-fakeai-error": "429" });
    assert.ok(limited instanceof Anthropic.RateLimitError, String(limited));
    assert.equal(envelope(limited).error.type, "rate_limit_error");
    const overloaded = await ask({ "x-fakeai-error": "503" });
    assert.equal(overloaded.status, 529);
    assert.equal(envelope(overloaded).error.type, "overloaded_error");

    const noVersion = await fetch(`${server.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": "sk-ant-test" },
      body: JSON.stringify({
        model: MODEL,
        max_tokens: 5,
        messages: [{ role: "user", content: "x" }],
      }),
    });
    assert.equal(noVersion.status, 400);
    assert.deepEqual(await noVersion.json(), {
      type: "error",
      error: { type: "invalid_request_error", message: "anthropic-version: header is required" },
    });
  }, {
    env: { FAKEAI_API_KEYS: "sk-ant-test", FAKEAI_STRICT_MODELS: "true", FAKEAI_MODELS: MODEL },
  });
});

Deno.test("anthropic: requests and tokens of /v1/messages appear in the metrics", async () => {
  await withServer(async (client, server) => {
    await client.messages.create({
      model: MODEL,
      max_tokens: 8,
      messages: [{ role: "user", content: "hi" }],
    });
    const text = await (await fetch(`${server.url}/metrics/prometheus`)).text();
    assert.match(text, /fakeai_requests_total\{[^}]*endpoint="\/v1\/messages"[^}]*\} 1/);
  });
});

Deno.test("anthropic: thinking — a thinking block with its signature before the text, streamed too", async () => {
  await withServer(async (client) => {
    const ask = {
      model: MODEL,
      max_tokens: 1500,
      thinking: { type: "enabled" as const, budget_tokens: 1024 },
      messages: [{ role: "user" as const, content: "Think about queueing theory." }],
    };
    const message = await client.messages.create(ask);
    assert.deepEqual(message.content.map((b) => b.type), ["thinking", "text"]);
    const thinking = message.content[0];
    assert.ok(thinking.type === "thinking" && thinking.thinking.length > 0 && thinking.signature);

    const stream = client.messages.stream(ask);
    let thought = "";
    stream.on("thinking", (delta) => thought += delta);
    const final = await stream.finalMessage();
    const streamedThinking = final.content[0];
    assert.ok(streamedThinking.type === "thinking");
    assert.equal(streamedThinking.thinking, thought);
    assert.ok(streamedThinking.signature.length > 0, "signature_delta arrived before the stop");

    const tooBig = await client.messages.create({ ...ask, max_tokens: 1024 }).catch((e) => e);
    assert.ok(tooBig instanceof Anthropic.BadRequestError, String(tooBig));
  });
});

Deno.test("anthropic: rate limits speak anthropic-ratelimit-* and refuse with 429 and retry-after", async () => {
  await withServer(async (client) => {
    const ask = () =>
      client.messages.create({
        model: MODEL,
        max_tokens: 5,
        messages: [{ role: "user", content: "hi" }],
      })
        .withResponse();
    for (const left of ["1", "0"]) {
      const { response } = await ask();
      assert.equal(response.headers.get("anthropic-ratelimit-requests-limit"), "2");
      assert.equal(response.headers.get("anthropic-ratelimit-requests-remaining"), left);
      const reset = response.headers.get("anthropic-ratelimit-requests-reset")!;
      assert.ok(!Number.isNaN(Date.parse(reset)) && reset.endsWith("Z"), reset);
      assert.match(response.headers.get("anthropic-ratelimit-tokens-limit") ?? "", /^\d+$/);
    }
    const refused = await ask().catch((e) => e);
    assert.ok(refused instanceof Anthropic.RateLimitError, String(refused));
    assert.equal(envelope(refused).error.type, "rate_limit_error");
    assert.match(refused.headers.get("retry-after") ?? "", /^\d+$/);
    assert.equal(refused.headers.get("anthropic-ratelimit-requests-remaining"), "0");
  }, { env: { FAKEAI_RATE_LIMIT_ENABLED: "true", FAKEAI_RATE_LIMIT_RPM: "2" } });
});

Deno.test("anthropic: a stop sequence ends the reply and is named, streamed or not", async () => {
  await withServer(async (client) => {
    const ask = {
      model: MODEL,
      max_tokens: 200,
      stop_sequences: [".", ","],
      messages: [{ role: "user" as const, content: "Write a few sentences about ships." }],
    };
    const message = await client.messages.create(ask);
    assert.equal(message.stop_reason, "stop_sequence");
    assert.ok(ask.stop_sequences.includes(message.stop_sequence!), String(message.stop_sequence));
    const text = message.content[0].type === "text" ? message.content[0].text : "";
    assert.ok(!text.includes(message.stop_sequence!), "the stop text itself is not returned");
    const final = await client.messages.stream(ask).finalMessage();
    assert.equal(final.stop_reason, "stop_sequence");
    assert.ok(ask.stop_sequences.includes(final.stop_sequence!));
  });
});

Deno.test("anthropic: prompt caching — cache_creation first, cache_read on the repeat, streamed too; sums are count_tokens", async () => {
  await withServer(async (client) => {
    const manual = "Section: how a prefix cache keeps computed attention state. ".repeat(150);
    const ask = {
      model: MODEL,
      max_tokens: 20,
      system: [
        { type: "text" as const, text: "You answer from the manual." },
        { type: "text" as const, text: manual, cache_control: { type: "ephemeral" as const } },
      ],
      messages: [{ role: "user" as const, content: "What does the manual say about caches?" }],
    };
    const { input_tokens: total } = await client.messages.countTokens({
      model: MODEL,
      system: ask.system,
      messages: ask.messages,
    });
    const first = await client.messages.create(ask);
    const written = first.usage.cache_creation_input_tokens!;
    assert.ok(written >= 1024, `the system prompt is written: ${written}`);
    assert.equal(first.usage.cache_read_input_tokens, 0);
    assert.equal(first.usage.input_tokens + written, total);
    assert.deepEqual(first.usage.cache_creation, {
      ephemeral_5m_input_tokens: written,
      ephemeral_1h_input_tokens: 0,
    });

    const second = await client.messages.create(ask);
    assert.equal(
      second.usage.cache_read_input_tokens,
      written,
      "the repeat reads what was written",
    );
    assert.equal(second.usage.cache_creation_input_tokens, 0);
    assert.equal(second.usage.input_tokens, first.usage.input_tokens);

    const seeded = { headers: { "x-fakeai-seed": "8" } };
    const third = await client.messages.create(ask, seeded);
    const streamed = await client.messages.stream(ask, seeded).finalMessage();
    assert.deepEqual(third.usage, { ...second.usage, output_tokens: third.usage.output_tokens });
    assert.deepEqual(streamed.usage, third.usage, "the stream's final usage reads the cache too");
    for (const usage of [first.usage, second.usage, streamed.usage]) {
      const sum = usage.input_tokens + usage.cache_creation_input_tokens! +
        usage.cache_read_input_tokens!;
      assert.equal(sum, total, "input + creation + read = count_tokens");
    }
  });
});

Deno.test("anthropic: the raw wire, strictly — text, thinking and tool_use streams, a mid-stream error", async () => {
  await withServer(async (_client, server) => {
    const post = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/v1/messages`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-api-key": "sk-ant-test",
          "anthropic-version": "2023-06-01",
          "x-fakeai-seed": "13",
          ...headers,
        },
        body: JSON.stringify({ model: MODEL, ...body }),
      });
    const asks = [
      { max_tokens: 40, messages: [{ role: "user", content: "Tell me about queues." }] },
      {
        max_tokens: 1500,
        thinking: { type: "enabled", budget_tokens: 1024 },
        messages: [{ role: "user", content: "Think about queues." }],
      },
      {
        max_tokens: 200,
        tools: [WEATHER_TOOL],
        tool_choice: { type: "any" },
        messages: [{ role: "user", content: "Weather in Oslo?" }],
      },
    ];
    const seen = new Set<string>();
    for (const ask of asks) {
      const json = await (await post(ask)).json();
      checkMessageBody(json);
      const res = await post({ ...ask, stream: true });
      assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
      const events = checkMessageStream(await res.text());
      for (const e of events) {
        seen.add(String(e.type));
        if (e.type === "content_block_start") seen.add((e.content_block as { type: string }).type);
        if (e.type === "content_block_delta") seen.add((e.delta as { type: string }).type);
      }
      const start = (events[0].message as { usage: Record<string, number> }).usage;
      assert.deepEqual(
        { ...start, output_tokens: 0 },
        { ...json.usage, output_tokens: 0 },
        "stream usage = non-stream usage",
      );
      const { cache_creation: _, ...counts } = json.usage;
      const final = events.find((e) => e.type === "message_delta")!.usage;
      assert.deepEqual(final, counts, "message_delta: the whole cumulative usage");
      const counted = await (await fetch(`${server.url}/v1/messages/count_tokens`, {
        method: "POST",
        headers: { "content-type": "application/json", "anthropic-version": "2023-06-01" },
        body: JSON.stringify({
          model: MODEL,
          messages: ask.messages,
          ...(ask.tools ? { tools: ask.tools } : {}),
        }),
      })).json();
      assert.equal(start.input_tokens, counted.input_tokens, "= count_tokens");
    }
    const failed = await post({ ...asks[0], stream: true }, { "x-fakeai-fault": "error:3" });
    const events = checkMessageStream(await failed.text());
    assert.equal(events.at(-1)!.type, "error");
    seen.add("error");
    assert.deepEqual([...seen].sort(), [
      "content_block_delta",
      "content_block_start",
      "content_block_stop",
      "error",
      "input_json_delta",
      "message_delta",
      "message_start",
      "message_stop",
      "ping",
      "signature_delta",
      "text",
      "text_delta",
      "thinking",
      "thinking_delta",
      "tool_use",
    ]);
  });
});
