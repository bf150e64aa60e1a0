/**
 * Record mode in process against a fake upstream that answers as the real APIs do: /v1/messages
 * is forwarded with the record key as x-api-key and the client's anthropic-version and
 * anthropic-beta (chat completions keep the bearer token), nothing of keys or headers is written,
 * a Message, a tool_use Message, an event stream and an error become rules, and a replay from the
 * file answers with the same text, tool call and stop_reason on the strict Anthropic wire.
 */
import assert from "node:assert/strict";
import { parse as parseYaml } from "yaml";
import { ScenarioBook } from "../../../src/engine/scenarios/scenario_book.ts";
import { testApp } from "../../support/in_process.ts";
import { withTempDir } from "../../support/temp_dir.ts";
import { waitFor } from "../../support/wait.ts";
import { checkMessageBody, checkMessageStream } from "../../support/anthropic_wire.ts";

type Json = Record<string, unknown>;

const MODEL = "claude-sonnet-4-5";
const WEATHER = {
  name: "get_weather",
  input_schema: { type: "object", properties: { city: { type: "string" } } },
};
const ASKS = {
  text: { max_tokens: 64, messages: [{ role: "user", content: "Say hello." }] },
  tool: {
    max_tokens: 64,
    tools: [WEATHER],
    messages: [{ role: "user", content: "Weather in San Francisco?" }],
  },
  stream: { max_tokens: 64, stream: true, messages: [{ role: "user", content: "Queues?" }] },
  error: { max_tokens: 64, messages: [{ role: "user", content: "overload" }] },
};

const message = (content: Json[], stopReason: string) => ({
  id: "msg_01",
  type: "message",
  role: "assistant",
  model: MODEL,
  content,
  stop_reason: stopReason,
  stop_sequence: null,
  usage: { input_tokens: 12, output_tokens: 9 },
});
const sse = (events: Json[]) =>
  events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join("");
const STREAM = sse([
  { type: "message_start", message: { ...message([], "end_turn"), stop_reason: null } },
  { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
  { type: "ping" },
  ...["A queue", " is a line", " of waiting"].map((text) => ({
    type: "content_block_delta",
    index: 0,
    delta: { type: "text_delta", text },
  })),
  { type: "content_block_stop", index: 0 },
  {
    type: "message_delta",
    delta: { stop_reason: "max_tokens", stop_sequence: null },
    usage: { input_tokens: 12, output_tokens: 3 },
  },
  { type: "message_stop" },
]);

/** An upstream speaking the real APIs' wire; it remembers what it was sent. */
function fakeUpstream() {
  const seen: Array<{ path: string; headers: Headers; body: Json }> = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = new URL(req.url).pathname;
    const body = await req.json();
    seen.push({ path, headers: req.headers, body });
    if (path === "/v1/chat/completions") {
      return Response.json({
        id: "chatcmpl-1",
        object: "chat.completion",
        choices: [{
          index: 0,
          message: { role: "assistant", content: "Hi." },
          finish_reason: "stop",
        }],
      });
    }
    if (body.stream) {
      return new Response(STREAM, { headers: { "content-type": "text/event-stream" } });
    }
    if (body.tools) {
      return Response.json(message([
        { type: "text", text: "Let me check." },
        { type: "tool_use", id: "toolu_01", name: "get_weather", input: { city: "San Francisco" } },
      ], "tool_use"));
    }
    if (JSON.stringify(body.messages).includes("overload")) {
      return Response.json(
        { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
        { status: 529 },
      );
    }
    return Response.json(message([{ type: "text", text: "Hello there!" }], "end_turn"));
  });
  return { seen, url: `http://127.0.0.1:${server.addr.port}/v1`, close: () => server.shutdown() };
}

const CLIENT_HEADERS = {
  "anthropic-version": "2023-06-01",
  "anthropic-beta": "fine-grained-tool-streaming-2025-05-14",
  "x-api-key": "sk-client-key",
  "x-fakeai-seed": "5",
};

Deno.test("record mode: /v1/messages is forwarded with x-api-key, recorded, and replayed alike", async () => {
  await withTempDir({}, async (dir) => {
    const file = `${dir}/recorded.yaml`;
    const upstream = fakeUpstream();
    try {
      const t = testApp({
        recordUpstream: upstream.url,
        recordUpstreamApiKey: "sk-record-secret",
        recordFile: file,
        ttftMs: 0,
        itlMs: 0,
      });
      const answers: Record<string, { status: number; text: string }> = {};
      for (const [name, ask] of Object.entries(ASKS)) {
        const res = await t.post("/v1/messages", { model: MODEL, ...ask }, CLIENT_HEADERS);
        answers[name] = { status: res.status, text: await res.text() };
      }
      assert.equal(answers.stream.text, STREAM, "a stream is passed on unchanged");
      assert.equal(answers.error.status, 529);
      const chat = await t.post("/v1/chat/completions", {
        model: "gpt-4o",
        messages: [{ role: "user", content: "Hi" }],
      }, { authorization: "Bearer sk-client-key" });
      assert.equal((await chat.json()).choices[0].message.content, "Hi.");
      await waitFor(
        "five rules written",
        () => t.logger.stderr.filter((l) => l.includes("scenario recorded")).length === 5,
        { intervalMs: 10, attempts: 500 },
      );

      const forwarded = upstream.seen.filter((s) => s.path === "/v1/messages");
      assert.equal(forwarded.length, 4);
      for (const { headers, body } of forwarded) {
        assert.equal(
          headers.get("x-api-key"),
          "sk-record-secret",
          "the record key, not the client's",
        );
        assert.equal(headers.get("authorization"), null);
        assert.equal(headers.get("anthropic-version"), "2023-06-01");
        assert.equal(headers.get("anthropic-beta"), CLIENT_HEADERS["anthropic-beta"]);
        assert.equal(headers.get("x-fakeai-seed"), "5", "test controls pass");
        assert.equal(body.model, MODEL);
      }
      const chatHeaders = upstream.seen.find((s) => s.path === "/v1/chat/completions")!.headers;
      assert.equal(chatHeaders.get("authorization"), "Bearer sk-record-secret");
      assert.equal(chatHeaders.get("x-api-key"), null);
      assert.equal(chatHeaders.get("anthropic-version"), null);

      const text = Deno.readTextFileSync(file);
      assert.doesNotMatch(text, /sk-record-secret|sk-client-key|anthropic-|x-fakeai/);
      const rules = (parseYaml(text) as { rules: Array<{ match: Json; respond: Json }> }).rules;
      const messages = rules.filter((r) => r.match.endpoint === "/v1/messages");
      // A stream's rule is written once the stream has ended: compared without the order.
      assert.deepEqual(
        new Set(messages.map((r) => r.respond)),
        new Set([
          { content: "Hello there!" },
          {
            content: "Let me check.",
            tool_calls: [{ name: "get_weather", arguments: '{"city":"San Francisco"}' }],
          },
          {
            content: "A queue is a line of waiting",
            finish_reason: "length",
            recorded_timing: { ttft_ms: 0, itl_ms: 0 },
          },
          {
            error: { status: 529, type: "overloaded_error", code: null, message: "Overloaded" },
          },
        ]),
      );
    } finally {
      await upstream.close();
    }

    // The upstream is gone: the file answers.
    const book = new ScenarioBook([file]);
    assert.equal(book.load().ok, true);
    const replay = testApp({ ttftMs: 0, itlMs: 0 }, { scenarios: book });
    const post = (ask: Json) =>
      replay.post("/v1/messages", { model: MODEL, ...ask }, { "anthropic-version": "2023-06-01" });
    const hello = await (await post(ASKS.text)).json();
    checkMessageBody(hello);
    assert.deepEqual(hello.content, [{ type: "text", text: "Hello there!" }]);
    assert.equal(hello.stop_reason, "end_turn");
    const tool = await (await post(ASKS.tool)).json();
    checkMessageBody(tool);
    assert.deepEqual(
      tool.content.map((b: Json) => b.type === "text" ? b.text : [b.name, b.input]),
      [
        "Let me check.",
        ["get_weather", { city: "San Francisco" }],
      ],
    );
    assert.equal(tool.stop_reason, "tool_use");
    const events = checkMessageStream(await (await post(ASKS.stream)).text());
    const streamed = events.flatMap((e) =>
      e.type === "content_block_delta" ? [(e.delta as { text: string }).text] : []
    ).join("");
    assert.equal(streamed, "A queue is a line of waiting");
    const end = events.find((e) => e.type === "message_delta")!.delta as Json;
    assert.equal(end.stop_reason, "max_tokens");
    const failed = await post(ASKS.error);
    assert.equal(failed.status, 529);
    assert.deepEqual(await failed.json(), {
      type: "error",
      error: { type: "overloaded_error", message: "Overloaded" },
    });
  });
});
