/**
 * The fingerprint of a chat request that a recorded rule matches (`match.request_digest`): the
 * endpoint, model, tools offered and the messages' roles, texts and tool calls. Tool-call ids are
 * left out: they are made up anew by whichever server answered the previous turn.
 */
import { createHash } from "node:crypto";
import { type ChatMessageLike, chatPromptText } from "../prompt_tokens.ts";

export function requestDigest(
  endpoint: string,
  model: string,
  messages: readonly ChatMessageLike[],
  tools: readonly string[],
): string {
  const canonical = messages.map((m) => ({
    role: m.role,
    content: chatPromptText([m]),
    tool_calls: Array.isArray(m.tool_calls)
      ? (m.tool_calls as Array<{ function?: { name?: string; arguments?: string } }>).map((c) => [
        c.function?.name ?? "",
        c.function?.arguments ?? "",
      ])
      : [],
  }));
  const text = JSON.stringify([endpoint, model, [...tools].sort(), canonical]);
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}
