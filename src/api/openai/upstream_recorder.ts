/**
 * Record mode (FAKEAI_RECORD_UPSTREAM): a chat completion, completion or Responses request no
 * scenario rule matches is forwarded to a real OpenAI-compatible server; its answer, streamed or
 * not, goes back to the client unchanged and is written as a rule (matching this exact request,
 * see request_digest.ts) with the timing measured. Nothing of the request's headers or keys is
 * written.
 */
import type { Context } from "hono";
import type { ScenarioBook, ScenarioRequest } from "../../engine/scenarios/scenario_book.ts";
import { appendRecordedRule } from "../../engine/scenarios/recorded_rules.ts";
import { requestDigest } from "../../engine/scenarios/request_digest.ts";
import type { AppEnv } from "../../server/app_env.ts";
import type { Clock } from "../../util/clock.ts";
import type { Logger } from "../../util/logger.ts";

export interface UpstreamRecorderDeps {
  upstream: string;
  apiKey: string | null;
  file: string;
  book: ScenarioBook | null;
  clock: Clock;
  logger: Logger;
}

interface Recorded {
  reply: Record<string, unknown>;
  /** Clock times of the first and last content-bearing events (streams). */
  times: number[];
}

export class UpstreamRecorder {
  constructor(private readonly deps: UpstreamRecorderDeps) {}

  /** Whether answers of this endpoint can be read and recorded. */
  supports(endpoint: string): boolean {
    return endpoint in READERS;
  }

  /** Forwards `body` to the same endpoint upstream and records the answer for `request`. */
  async forward(
    c: Context<AppEnv>,
    body: unknown,
    request: Omit<ScenarioRequest, "header">,
    stream: boolean,
  ): Promise<Response> {
    const { upstream, apiKey, clock } = this.deps;
    const { endpoint } = request;
    const digest = requestDigest(endpoint, request.model, request.messages, request.tools);
    const read = READERS[endpoint];
    const sentAt = clock.now();
    const answer = await fetch(`${upstream.replace(/\/+$/, "")}${endpoint.slice("/v1".length)}`, {
      method: "POST",
      headers: {
        ...testControls(c.req.raw.headers),
        "content-type": "application/json",
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
      },
      body: JSON.stringify(body),
      signal: c.req.raw.signal,
    });
    const contentType = answer.headers.get("content-type") ?? "application/json";
    if (!stream || !answer.ok || !answer.body) {
      const text = await answer.text();
      this.#save(
        endpoint,
        digest,
        { reply: replyOfJson(answer.status, text, read), times: [] },
        sentAt,
      );
      return new Response(text, {
        status: answer.status,
        headers: { "content-type": contentType },
      });
    }
    const [toClient, toRecord] = answer.body.tee();
    void replyOfStream(toRecord, clock, read).then((recorded) =>
      this.#save(endpoint, digest, recorded, sentAt)
    );
    return new Response(toClient, {
      status: answer.status,
      headers: { "content-type": contentType, "cache-control": "no-cache" },
    });
  }

  #save(endpoint: string, digest: string, recorded: Recorded, sentAt: number): void {
    const { file, book, logger } = this.deps;
    const { times } = recorded;
    const timing = times.length > 0
      ? {
        recorded_timing: {
          ttft_ms: round(times[0] - sentAt),
          itl_ms: times.length > 1
            ? round((times[times.length - 1] - times[0]) / (times.length - 1))
            : 0,
        },
      }
      : {};
    const rule = {
      name: `recorded-${digest.slice(0, 12)}`,
      match: { endpoint, request_digest: digest },
      respond: { ...recorded.reply, ...timing },
    };
    appendRecordedRule(file, rule).then((written) => {
      if (!written) return;
      logger.info("scenario recorded", { rule: rule.name, file });
      book?.load();
    }).catch((err) => logger.error("recording failed", { file, error: String(err) }));
  }
}

/** The reply a non-streamed answer (or an error) describes. */
function replyOfJson(status: number, text: string, read: EndpointReader): Record<string, unknown> {
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text);
  } catch { /* not JSON: recorded as an error below */ }
  if (status >= 400) {
    const error = (json.error ?? {}) as Record<string, unknown>;
    return {
      error: {
        status,
        type: String(error.type ?? "server_error"),
        code: typeof error.code === "string" ? error.code : null,
        message: String(error.message ?? text.slice(0, 500)),
      },
    };
  }
  const reply = emptyReply();
  read.whole(json, reply);
  return compact(reply);
}

/** What an answer adds up to, filled in by an endpoint's reader. */
interface ReplyParts {
  content?: string;
  refusal?: string;
  toolCalls: Array<{ name: string; arguments: string }>;
  finishReason?: unknown;
}

const emptyReply = (): ReplyParts => ({ toolCalls: [] });

/** How one endpoint's answers are read: whole (JSON), and event by event (SSE data). */
interface EndpointReader {
  whole(json: Record<string, unknown>, reply: ReplyParts): void;
  /** Adds one streamed event; says whether it carried tokens. */
  event(json: Record<string, unknown>, reply: ReplyParts): boolean;
}

type Json = Record<string, unknown>;
const firstChoice = (json: Json) => (json.choices as Json[] | undefined)?.[0] ?? {};
const append = (text: string | undefined, more: unknown) =>
  typeof more === "string" && more !== "" ? (text ?? "") + more : text;

const READERS: Record<string, EndpointReader> = {
  "/v1/chat/completions": {
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
  },
  "/v1/completions": {
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
  },
  "/v1/responses": {
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
        READERS["/v1/responses"].whole((json.response ?? {}) as Json, reply);
        return false;
      }
      return typeof json.type === "string" && json.type.endsWith(".delta");
    },
  },
};

/** The reply a stream of events adds up to, and when its tokens came. */
async function replyOfStream(
  stream: ReadableStream<Uint8Array>,
  clock: Clock,
  read: EndpointReader,
): Promise<Recorded> {
  const reply = emptyReply();
  const times: number[] = [];
  let buffered = "";
  for await (const text of stream.pipeThrough(new TextDecoderStream())) {
    buffered += text;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
      let event: Json;
      try {
        event = JSON.parse(line.slice(6));
      } catch {
        continue;
      }
      if (read.event(event, reply)) times.push(clock.now());
    }
  }
  return { reply: compact(reply), times };
}

function compact(parts: ReplyParts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (parts.content !== undefined) out.content = parts.content;
  if (parts.refusal !== undefined) out.refusal = parts.refusal;
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

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** The request's x-fakeai-* test controls (seed, latency, faults): an upstream FakeAI obeys them. */
function testControls(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) if (name.startsWith("x-fakeai-")) out[name] = value;
  return out;
}
