/**
 * Responses API input → (a) the input items as stored and listed (each with an id) and (b) the
 * equivalent chat messages, which the engine counts and plans from.
 */
import type { ChatMessageLike } from "../../engine/prompt_tokens.ts";
import type { InputItem } from "./responses_schema.ts";

export type StoredItem = Record<string, unknown> & { id: string; type: string };

export interface ConvertedInput {
  items: StoredItem[];
  messages: ChatMessageLike[];
}

export function convertInput(
  input: string | readonly InputItem[] | null | undefined,
  newId: (prefix: string) => string,
): ConvertedInput {
  const list: readonly InputItem[] = typeof input === "string"
    ? [{ type: "message", role: "user", content: input }]
    : input ?? [];
  const items: StoredItem[] = [];
  const messages: ChatMessageLike[] = [];
  for (const item of list) {
    switch (item.type) {
      case undefined:
      case "message": {
        const msg = item as Extract<InputItem, { role: string }>;
        const parts = typeof msg.content === "string"
          ? [{ type: msg.role === "assistant" ? "output_text" : "input_text", text: msg.content }]
          : msg.content;
        items.push({
          id: msg.id ?? newId("msg_"),
          type: "message",
          role: msg.role,
          content: parts,
          status: "completed",
        });
        messages.push({ role: msg.role, content: parts.map(toChatPart) });
        break;
      }
      case "function_call": {
        const call = item as Extract<InputItem, { type: "function_call" }>;
        items.push({ ...call, id: call.id ?? newId("fc_"), status: "completed" });
        messages.push({
          role: "assistant",
          content: null,
          tool_calls: [{
            id: call.call_id,
            type: "function",
            function: { name: call.name, arguments: call.arguments },
          }],
        });
        break;
      }
      case "function_call_output": {
        const out = item as Extract<InputItem, { type: "function_call_output" }>;
        items.push({ ...out, id: out.id ?? newId("fco_"), status: "completed" });
        const text = typeof out.output === "string"
          ? out.output
          : out.output.map((p) => ("text" in p ? p.text : "")).join("");
        messages.push({ role: "tool", tool_call_id: out.call_id, content: text });
        break;
      }
      default:
        // Reasoning items and item references carry no countable text of their own.
        items.push({
          ...(item as Record<string, unknown>),
          id: item.id ?? newId("ref_"),
          type: item.type,
        });
    }
  }
  return { items, messages };
}

function toChatPart(part: Record<string, unknown>): Record<string, unknown> {
  switch (part.type) {
    case "input_text":
    case "output_text":
      return { type: "text", text: part.text };
    case "input_image":
      return { type: "image_url", image_url: { url: part.image_url ?? "", detail: part.detail } };
    case "input_file":
      return {
        type: "file",
        file: { file_data: part.file_data, file_id: part.file_id, filename: part.filename },
      };
    case "refusal":
      return { type: "refusal", refusal: part.refusal };
    default:
      return { type: "text", text: "" };
  }
}
