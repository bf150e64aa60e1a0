/**
 * The Messages wire, strictly: every event MessageEventWriter writes (message_start, block starts
 * for thinking, text and tool_use, ping, text/input_json/thinking/signature deltas, block stops,
 * message_delta, message_stop, error) has exactly its documented keys and types, its `event:`
 * line names its type, the order is valid, and the stream's usage is the JSON body's.
 */
import assert from "node:assert/strict";
import { messageBody, MessageEventWriter } from "../../../src/api/anthropic/messages_render.ts";
import { planInputOf } from "../../../src/api/anthropic/messages_input.ts";
import {
  type MessagesRequest,
  messagesRequestSchema,
} from "../../../src/api/anthropic/messages_schema.ts";
import type { CompletionPlan } from "../../../src/engine/plan.ts";
import { checkMessageBody, checkMessageStream } from "../../support/anthropic_wire.ts";
import { testEngine } from "../../support/plan_inputs.ts";

const MODEL = "claude-sonnet-4-5";
const WEATHER = {
  name: "get_weather",
  input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

function plan(body: Record<string, unknown>): CompletionPlan {
  const req: MessagesRequest = messagesRequestSchema.parse({ model: MODEL, ...body });
  const engine = testEngine();
  return engine.planChat(planInputOf(req, {}), "/v1/messages");
}

function streamOf(p: CompletionPlan, error = false): string {
  const writer = new MessageEventWriter(p, "msg_0123");
  let text = "";
  for (let step = 0; step < p.steps; step++) text += writer.render(step);
  if (error) {
    return text.slice(0, text.indexOf("event: content_block_stop")) +
      writer.error({ message: "Overloaded", type: "server_error", param: null, code: null });
  }
  return text + writer.closing();
}

const ask = (content: string) => [{ role: "user", content }];

Deno.test("anthropic wire: thinking then text — every event strict, signature last, usage agrees", () => {
  const p = plan({
    max_tokens: 1500,
    thinking: { type: "enabled", budget_tokens: 1024 },
    messages: ask("Think about queues."),
  });
  const events = checkMessageStream(streamOf(p));
  const types = events.map((e) => e.type);
  assert.deepEqual(types.slice(0, 3), ["message_start", "content_block_start", "ping"]);
  assert.deepEqual(types.slice(-2), ["message_delta", "message_stop"]);
  const starts = events.filter((e) => e.type === "content_block_start");
  assert.deepEqual(starts.map((e) => (e.content_block as { type: string }).type), [
    "thinking",
    "text",
  ]);
  const deltaTypes = new Set(
    events.flatMap((e) =>
      e.type === "content_block_delta" ? [(e.delta as { type: string }).type] : []
    ),
  );
  assert.deepEqual([...deltaTypes].sort(), ["signature_delta", "text_delta", "thinking_delta"]);

  const body = messageBody(p, "msg_0123") as { usage: Record<string, unknown> };
  checkMessageBody(body);
  const start = (events[0].message as { usage: Record<string, unknown> }).usage;
  assert.deepEqual({ ...start, output_tokens: 0 }, { ...body.usage, output_tokens: 0 });
  assert.equal(start.output_tokens, 1, "message_start counts the first output token");
  const end = events.find((e) => e.type === "message_delta")!.usage;
  const { cache_creation: _, ...counts } = body.usage;
  assert.deepEqual(end, counts, "message_delta carries the whole usage, cumulative");
});

Deno.test("anthropic wire: tool_use — block start with toolu_ id and {} input, input_json deltas", () => {
  const p = plan({
    max_tokens: 200,
    tools: [WEATHER],
    tool_choice: { type: "any" },
    messages: ask("Weather in Paris?"),
  });
  const events = checkMessageStream(streamOf(p));
  const start = events.find((e) => e.type === "content_block_start")!;
  assert.equal((start.content_block as { type: string }).type, "tool_use");
  const json = events.flatMap((e) =>
    e.type === "content_block_delta" ? [(e.delta as { partial_json: string }).partial_json] : []
  ).join("");
  const body = messageBody(p, "msg_0123") as { content: Array<{ input: unknown }> };
  checkMessageBody(body);
  assert.deepEqual(JSON.parse(json), body.content[0].input);
  const delta = events.find((e) => e.type === "message_delta")!.delta as { stop_reason: string };
  assert.equal(delta.stop_reason, "tool_use");
});

Deno.test("anthropic wire: stop sequence named in message_delta; an error event ends a stream", () => {
  const p = plan({
    max_tokens: 200,
    stop_sequences: [".", ","],
    messages: ask("Write a few sentences about ships."),
  });
  const events = checkMessageStream(streamOf(p));
  const delta = events.find((e) => e.type === "message_delta")!.delta as Record<string, unknown>;
  assert.equal(delta.stop_reason, "stop_sequence");
  assert.ok([".", ","].includes(delta.stop_sequence as string));

  const broken = checkMessageStream(streamOf(p, true));
  assert.deepEqual(broken.at(-1), {
    type: "error",
    error: { type: "api_error", message: "Overloaded" },
  });
});

Deno.test("anthropic wire: the checker itself refuses extra keys, wrong event lines and bad order", () => {
  const good = streamOf(plan({ max_tokens: 5, messages: ask("hi") }));
  checkMessageStream(good);
  assert.throws(() => checkMessageStream(good.replace('"type":"ping"', '"type":"ping","x":1')));
  assert.throws(() => checkMessageStream(good.replace("event: ping", "event: pong")));
  const frames = good.trim().split("\n\n");
  assert.throws(() => checkMessageStream([frames[1], frames[0], ...frames.slice(2)].join("\n\n")));
  assert.throws(() => checkMessageStream(frames.slice(0, -1).join("\n\n") + "\n\n"));
});
