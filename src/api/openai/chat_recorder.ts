/**
 * Record mode (FAKEAI_RECORD_UPSTREAM): a chat completion no scenario rule matches is forwarded to
 * a real OpenAI-compatible server; its answer, streamed or not, goes back to the client unchanged
 * and is written as a rule (matching this exact request, see request_digest.ts) with the timing
 * measured. Nothing of the request's headers or keys is written.
 */
import type { Context } from "hono";
import type { ChatMessageLike } from "../../engine/prompt_tokens.ts";
import type { ScenarioBook } from "../../engine/scenarios/scenario_book.ts";
import { appendRecordedRule } from "../../engine/scenarios/recorded_rules.ts";
import { requestDigest } from "../../engine/scenarios/request_digest.ts";
import type { AppEnv } from "../../server/app_env.ts";
import type { Clock } from "../../util/clock.ts";
import type { Logger } from "../../util/logger.ts";

const ENDPOINT = "/v1/chat/completions";

export interface ChatRecorderDeps {
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

export class ChatRecorder {
  constructor(private readonly deps: ChatRecorderDeps) {}

  async forward(
    c: Context<AppEnv>,
    body: unknown,
    request: {
      model: string;
      messages: readonly ChatMessageLike[];
      tools: readonly string[];
      stream: boolean;
    },
  ): Promise<Response> {
    const { upstream, apiKey, clock } = this.deps;
    const digest = requestDigest(ENDPOINT, request.model, request.messages, request.tools);
    const sentAt = clock.now();
    const answer = await fetch(`${upstream.replace(/\/+$/, "")}/chat/completions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
      },
      body: JSON.stringify(body),
      signal: c.req.raw.signal,
    });
    const contentType = answer.headers.get("content-type") ?? "application/json";
    if (!request.stream || !answer.ok || !answer.body) {
      const text = await answer.text();
      this.#save(digest, { reply: replyOfJson(answer.status, text), times: [] }, sentAt);
      return new Response(text, {
        status: answer.status,
        headers: { "content-type": contentType },
      });
    }
    const [toClient, toRecord] = answer.body.tee();
    void replyOfStream(toRecord, clock).then((recorded) => this.#save(digest, recorded, sentAt));
    return new Response(toClient, {
      status: answer.status,
      headers: { "content-type": contentType, "cache-control": "no-cache" },
    });
  }

  #save(digest: string, recorded: Recorded, sentAt: number): void {
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
      match: { endpoint: ENDPOINT, request_digest: digest },
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
function replyOfJson(status: number, text: string): Record<string, unknown> {
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
  const choice = (json.choices as Array<Record<string, unknown>> | undefined)?.[0] ?? {};
  const message = (choice.message ?? {}) as Record<string, unknown>;
  const calls = (message.tool_calls ?? []) as Array<
    { function: { name: string; arguments: string } }
  >;
  return compact({
    content: typeof message.content === "string" ? message.content : undefined,
    refusal: typeof message.refusal === "string" ? message.refusal : undefined,
    tool_calls: calls.length > 0
      ? calls.map((call) => ({ name: call.function.name, arguments: call.function.arguments }))
      : undefined,
    finish_reason: choice.finish_reason,
  });
}

/** The reply a stream of chat.completion.chunk events adds up to, and when its tokens came. */
async function replyOfStream(stream: ReadableStream<Uint8Array>, clock: Clock): Promise<Recorded> {
  let content: string | undefined;
  let refusal: string | undefined;
  let finish: unknown;
  const calls: Array<{ name: string; arguments: string }> = [];
  const times: number[] = [];
  let buffered = "";
  for await (const text of stream.pipeThrough(new TextDecoderStream())) {
    buffered += text;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
      let event: { choices?: Array<Record<string, unknown>> };
      try {
        event = JSON.parse(line.slice(6));
      } catch {
        continue;
      }
      const choice = event.choices?.[0];
      if (!choice) continue;
      const delta = (choice.delta ?? {}) as Record<string, unknown>;
      let carried = false;
      if (typeof delta.content === "string" && delta.content !== "") {
        content = (content ?? "") + delta.content;
        carried = true;
      }
      if (typeof delta.refusal === "string" && delta.refusal !== "") {
        refusal = (refusal ?? "") + delta.refusal;
        carried = true;
      }
      for (const part of (delta.tool_calls ?? []) as Array<Record<string, unknown>>) {
        const index = Number(part.index ?? 0);
        const fn = (part.function ?? {}) as { name?: string; arguments?: string };
        calls[index] ??= { name: "", arguments: "" };
        if (fn.name) calls[index].name += fn.name;
        if (fn.arguments) calls[index].arguments += fn.arguments;
        carried = true;
      }
      if (carried) times.push(clock.now());
      if (choice.finish_reason) finish = choice.finish_reason;
    }
  }
  return {
    reply: compact({
      content,
      refusal,
      tool_calls: calls.length > 0 ? calls : undefined,
      finish_reason: finish,
    }),
    times,
  };
}

function compact(reply: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(reply)) {
    if (value !== undefined && value !== null) out[key] = value;
  }
  // The default finish reasons need no saying.
  if (out.finish_reason === "stop" || out.finish_reason === "tool_calls") delete out.finish_reason;
  if (out.content === undefined && out.tool_calls === undefined && out.refusal === undefined) {
    out.content = "";
  }
  return out;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
