/**
 * Record mode's reader of Anthropic Messages answers (upstream_recorder.ts): text blocks are the
 * reply's content, thinking blocks its reasoning, tool_use blocks its tool calls (the input as
 * JSON), and stop_reason the finish reason a scenario rule names — read from a Message, or from
 * its event stream (text_delta, thinking_delta, input_json_delta, the tool_use block's start for
 * the name, message_delta for stop_reason). An Anthropic upstream takes its key as `x-api-key`
 * with the client's `anthropic-version` (and `anthropic-beta`), not as a bearer token.
 */
import type { FinishReason } from "../../engine/plan.ts";
import { append, type EndpointReader, type ReplyParts } from "../openai/upstream_readers.ts";
import { STOP_REASONS } from "./messages_render.ts";

type Json = Record<string, unknown>;

/**
 * The finish reason of each stop_reason: the inverse of STOP_REASONS (the replay's rendering),
 * and the API's other reasons, which a scenario reply cannot name, as the nearest one.
 */
const FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  ...Object.fromEntries(Object.entries(STOP_REASONS).map(([finish, stop]) => [stop, finish])),
  stop_sequence: "stop",
  pause_turn: "stop",
  model_context_window_exceeded: "length",
};

/** The client's headers an Anthropic upstream needs as they are. */
const PASSED_HEADERS = ["anthropic-version", "anthropic-beta"];

export const MESSAGE_READER: EndpointReader = {
  upstreamHeaders(client, apiKey) {
    const out: Record<string, string> = apiKey ? { "x-api-key": apiKey } : {};
    for (const name of PASSED_HEADERS) {
      const value = client.get(name);
      if (value !== null) out[name] = value;
    }
    return out;
  },
  whole(json, reply) {
    for (const block of (json.content ?? []) as Json[]) {
      if (block.type === "tool_use") {
        reply.toolCalls.push({
          name: String(block.name),
          arguments: JSON.stringify(block.input ?? {}),
        });
      } else addText(block, reply);
    }
    finish(json.stop_reason, reply);
  },
  event(json, reply) {
    const index = Number(json.index ?? 0);
    switch (json.type) {
      case "content_block_start": {
        const block = (json.content_block ?? {}) as Json;
        if (block.type !== "tool_use") return addText(block, reply);
        reply.toolCalls[index] = { name: String(block.name), arguments: "" };
        return true; // the name: a token of its own, as the replay streams it
      }
      case "content_block_delta": {
        const delta = (json.delta ?? {}) as Json;
        const call = reply.toolCalls[index];
        if (delta.type !== "input_json_delta" || !call) return addText(delta, reply);
        const more = delta.partial_json;
        if (typeof more !== "string" || more === "") return false;
        call.arguments += more;
        return true;
      }
      case "content_block_stop": {
        // The streamed JSON, as a Message's JSON.stringify(input) writes it.
        const call = reply.toolCalls[index];
        if (call) call.arguments = canonicalJson(call.arguments);
        return false;
      }
      case "message_delta":
        finish(((json.delta ?? {}) as Json).stop_reason, reply);
        return false;
    }
    return false;
  },
};

/** Adds a text or thinking block (or delta) to the reply; says whether it carried any text. */
function addText(part: Json, reply: ReplyParts): boolean {
  const text = part.type === "text" || part.type === "text_delta" ? part.text : undefined;
  const thinking = part.type === "thinking" || part.type === "thinking_delta"
    ? part.thinking
    : undefined;
  if (part.type === "text") reply.content ??= ""; // a text block, even an empty one
  reply.content = append(reply.content, text);
  reply.reasoning = append(reply.reasoning, thinking);
  return (typeof text === "string" && text !== "") ||
    (typeof thinking === "string" && thinking !== "");
}

function finish(stopReason: unknown, reply: ReplyParts): void {
  if (typeof stopReason === "string" && stopReason in FINISH_REASONS) {
    reply.finishReason = FINISH_REASONS[stopReason];
  }
}

function canonicalJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text === "" ? "{}" : text));
  } catch {
    return text; // cut by max_tokens: kept as it came
  }
}
