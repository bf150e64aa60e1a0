/**
 * How record mode (upstream_recorder.ts) reads an upstream's answers: each endpoint's reader adds
 * a whole answer (JSON) or its events (SSE data) up to the parts of a scenario reply — content,
 * refusal, reasoning, tool calls, finish reason — and says how that upstream takes its key. These
 * are the OpenAI endpoints' readers; Anthropic's is in ../anthropic/message_reader.ts.
 */

type Json = Record<string, unknown>;

/** What an answer adds up to, filled in by an endpoint's reader. */
export interface ReplyParts {
  content?: string;
  refusal?: string;
  reasoning?: string;
  /** By position (a stream's index); holes are left out of the reply. */
  toolCalls: Array<{ name: string; arguments: string }>;
  finishReason?: unknown;
}

export const emptyReply = (): ReplyParts => ({ toolCalls: [] });

/** How one endpoint's answers are read: whole (JSON), and event by event (SSE data). */
export interface EndpointReader {
  /** The headers that carry the upstream key (and the API's own, from the client's request). */
  upstreamHeaders(client: Headers, apiKey: string | null): Record<string, string>;
  whole(json: Json, reply: ReplyParts): void;
  /** Adds one streamed event; says whether it carried tokens (their times are the timing). */
  event(json: Json, reply: ReplyParts): boolean;
}

/** `text` with `more` appended (a string that is not empty), else `text` as it was. */
export const append = (text: string | undefined, more: unknown): string | undefined =>
  typeof more === "string" && more !== "" ? (text ?? "") + more : text;

const firstChoice = (json: Json) => (json.choices as Json[] | undefined)?.[0] ?? {};
const bearer = (_client: Headers, apiKey: string | null): Record<string, string> =>
  apiKey ? { authorization: `Bearer ${apiKey}` } : {};

const chatReader: EndpointReader = {
  upstreamHeaders: bearer,
  whole(json, reply) {
    const choice = firstChoice(json);
    const message = (choice.message ?? {}) as Json;
    if (typeof message.content === "string") reply.content = message.content;
    if (typeof message.refusal === "string") reply.refusal = message.refusal;
    for (const call of (message.tool_calls ?? []) as Array<{ function: Json }>) {
      reply.toolCalls.push({
        name: String(call.function.name),
        arguments: String(call.function.arguments),
      });
    }
    reply.finishReason = choice.finish_reason;
  },
  event(json, reply) {
    const choice = firstChoice(json);
    const delta = (choice.delta ?? {}) as Json;
    const before = [reply.content, reply.refusal];
    reply.content = append(reply.content, delta.content);
    reply.refusal = append(reply.refusal, delta.refusal);
    let carried = before[0] !== reply.content || before[1] !== reply.refusal;
    for (const part of (delta.tool_calls ?? []) as Json[]) {
      const index = Number(part.index ?? 0);
      const fn = (part.function ?? {}) as { name?: string; arguments?: string };
      reply.toolCalls[index] ??= { name: "", arguments: "" };
      if (fn.name) reply.toolCalls[index].name += fn.name;
      if (fn.arguments) reply.toolCalls[index].arguments += fn.arguments;
      carried = true;
    }
    if (choice.finish_reason) reply.finishReason = choice.finish_reason;
    return carried;
  },
};

const completionsReader: EndpointReader = {
  upstreamHeaders: bearer,
  whole(json, reply) {
    const choice = firstChoice(json);
    if (typeof choice.text === "string") reply.content = choice.text;
    reply.finishReason = choice.finish_reason;
  },
  event(json, reply) {
    const choice = firstChoice(json);
    const before = reply.content;
    reply.content = append(reply.content, choice.text);
    if (choice.finish_reason) reply.finishReason = choice.finish_reason;
    return before !== reply.content;
  },
};

const responsesReader: EndpointReader = {
  upstreamHeaders: bearer,
  whole(json, reply) {
    for (const item of (json.output ?? []) as Json[]) {
      if (item.type === "function_call") {
        reply.toolCalls.push({ name: String(item.name), arguments: String(item.arguments) });
      }
      if (item.type !== "message") continue;
      for (const part of (item.content ?? []) as Json[]) {
        if (part.type === "output_text") reply.content = append(reply.content, part.text) ?? "";
        if (part.type === "refusal") reply.refusal = append(reply.refusal, part.refusal);
      }
    }
  },
  event(json, reply) {
    // The last event holds the whole response; the deltas before it only time the tokens.
    if (json.type === "response.completed" || json.type === "response.incomplete") {
      responsesReader.whole((json.response ?? {}) as Json, reply);
      return false;
    }
    return typeof json.type === "string" && json.type.endsWith(".delta");
  },
};

export const OPENAI_READERS: Readonly<Record<string, EndpointReader>> = {
  "/v1/chat/completions": chatReader,
  "/v1/completions": completionsReader,
  "/v1/responses": responsesReader,
};

/** A scenario rule's reply of the parts (what a rule says without saying it is left out). */
export function compact(parts: ReplyParts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (parts.content !== undefined) out.content = parts.content;
  if (parts.refusal !== undefined) out.refusal = parts.refusal;
  if (parts.reasoning !== undefined) out.reasoning = parts.reasoning;
  const calls = parts.toolCalls.filter((call) => call !== undefined);
  if (calls.length > 0) out.tool_calls = calls;
  // The default finish reasons need no saying.
  const finish = parts.finishReason;
  if (typeof finish === "string" && finish !== "stop" && finish !== "tool_calls") {
    out.finish_reason = finish;
  }
  if (out.content === undefined && out.tool_calls === undefined && out.refusal === undefined) {
    out.content = "";
  }
  return out;
}
