/**
 * Record mode's reader of Anthropic answers: a Message and its event stream (shaped as the real
 * API sends them: an empty first input_json_delta, JSON with spaces, pings, signatures) add up to
 * the same scenario reply; which events carried tokens; every stop_reason the replay renders is
 * read back as the finish reason it came from; and the upstream's key goes as x-api-key.
 */
import assert from "node:assert/strict";
import { MESSAGE_READER } from "../../../src/api/anthropic/message_reader.ts";
import { STOP_REASONS } from "../../../src/api/anthropic/messages_render.ts";
import { compact, emptyReply } from "../../../src/api/openai/upstream_readers.ts";

type Json = Record<string, unknown>;

function readWhole(message: Json) {
  const reply = emptyReply();
  MESSAGE_READER.whole(message, reply);
  return { parts: reply, rule: compact(reply) };
}

function readStream(events: Json[]) {
  const reply = emptyReply();
  const carried = events.map((event) => MESSAGE_READER.event(event, reply));
  return { rule: compact(reply), carried };
}

const start = (index: number, block: Json) => ({
  type: "content_block_start",
  index,
  content_block: block,
});
const delta = (index: number, d: Json) => ({ type: "content_block_delta", index, delta: d });
const stop = (index: number) => ({ type: "content_block_stop", index });
const messageStart = {
  type: "message_start",
  message: { id: "msg_01", type: "message", role: "assistant", content: [], stop_reason: null },
};
const end = (stopReason: string) => [
  { type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage: {} },
  { type: "message_stop" },
];

Deno.test("message reader: text then tool_use, whole and streamed, give the same rule", () => {
  const whole = readWhole({
    type: "message",
    content: [
      { type: "text", text: "Let me check the weather." },
      { type: "tool_use", id: "toolu_01", name: "get_weather", input: { city: "San Francisco" } },
    ],
    stop_reason: "tool_use",
  });
  const expected = {
    content: "Let me check the weather.",
    tool_calls: [{ name: "get_weather", arguments: '{"city":"San Francisco"}' }],
  };
  assert.deepEqual(whole.rule, expected);
  assert.equal(whole.parts.finishReason, "tool_calls");

  const streamed = readStream([
    messageStart,
    start(0, { type: "text", text: "" }),
    { type: "ping" },
    delta(0, { type: "text_delta", text: "Let me check" }),
    delta(0, { type: "text_delta", text: " the weather." }),
    stop(0),
    start(1, { type: "tool_use", id: "toolu_01", name: "get_weather", input: {} }),
    delta(1, { type: "input_json_delta", partial_json: "" }),
    delta(1, { type: "input_json_delta", partial_json: '{"city": "San' }),
    delta(1, { type: "input_json_delta", partial_json: ' Francisco"}' }),
    stop(1),
    ...end("tool_use"),
  ]);
  assert.deepEqual(streamed.rule, expected, "the streamed JSON as JSON.stringify(input) writes it");
  assert.deepEqual(
    streamed.carried,
    [false, false, false, true, true, false, true, false, true, true, false, false, false],
    "text deltas, the tool's name (its block start) and non-empty JSON pieces carry tokens",
  );
});

Deno.test("message reader: thinking is the reasoning; max_tokens and refusal are named", () => {
  const streamed = readStream([
    messageStart,
    start(0, { type: "thinking", thinking: "" }),
    delta(0, { type: "thinking_delta", thinking: "Queues first." }),
    delta(0, { type: "signature_delta", signature: "c2lnbmVk" }),
    stop(0),
    start(1, { type: "text", text: "" }),
    delta(1, { type: "text_delta", text: "A queue is" }),
    stop(1),
    ...end("max_tokens"),
  ]);
  const expected = { content: "A queue is", reasoning: "Queues first.", finish_reason: "length" };
  assert.deepEqual(streamed.rule, expected);
  assert.deepEqual(streamed.carried, [
    false,
    false,
    true,
    false,
    false,
    false,
    true,
    false,
    false,
    false,
  ]);
  assert.deepEqual(
    readWhole({
      content: [
        { type: "thinking", thinking: "Queues first.", signature: "c2lnbmVk" },
        { type: "text", text: "A queue is" },
      ],
      stop_reason: "max_tokens",
    }).rule,
    expected,
  );
  assert.deepEqual(readWhole({ content: [], stop_reason: "refusal" }).rule, {
    content: "",
    finish_reason: "content_filter",
  });
  assert.deepEqual(
    readWhole({ content: [{ type: "text", text: "Done" }], stop_reason: "stop_sequence" }).rule,
    { content: "Done" },
    "a stop sequence replays as end_turn (a rule cannot name it)",
  );
  const emptyInput = readStream([
    start(0, { type: "tool_use", id: "toolu_02", name: "now", input: {} }),
    delta(0, { type: "input_json_delta", partial_json: "" }),
    stop(0),
  ]);
  assert.deepEqual(emptyInput.rule, { tool_calls: [{ name: "now", arguments: "{}" }] });
});

Deno.test("message reader: each stop_reason the replay renders reads back as its finish reason", () => {
  for (const [finish, stopReason] of Object.entries(STOP_REASONS)) {
    assert.equal(readWhole({ content: [], stop_reason: stopReason }).parts.finishReason, finish);
    const reply = emptyReply();
    for (const event of end(stopReason)) MESSAGE_READER.event(event, reply);
    assert.equal(reply.finishReason, finish, `streamed ${stopReason}`);
  }
});

Deno.test("message reader: the upstream key goes as x-api-key, with the client's version and beta", () => {
  const client = new Headers({
    "x-api-key": "sk-client",
    authorization: "Bearer sk-client",
    "anthropic-version": "2023-06-01",
    "anthropic-beta": "prompt-caching-2024-07-31",
    "x-fakeai-seed": "5",
  });
  assert.deepEqual(MESSAGE_READER.upstreamHeaders(client, "sk-record"), {
    "x-api-key": "sk-record",
    "anthropic-version": "2023-06-01",
    "anthropic-beta": "prompt-caching-2024-07-31",
  });
  assert.deepEqual(
    MESSAGE_READER.upstreamHeaders(new Headers({ "anthropic-version": "2023-06-01" }), null),
    { "anthropic-version": "2023-06-01" },
  );
});
