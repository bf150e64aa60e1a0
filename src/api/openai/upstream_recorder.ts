/**
 * Record mode (FAKEAI_RECORD_UPSTREAM): a chat completion, completion, Responses or Anthropic
 * Messages request no scenario rule matches is forwarded to a real server of that API; its answer,
 * streamed or not, goes back to the client unchanged and is written as a rule (matching this exact
 * request, see request_digest.ts) with the timing measured. Nothing of the request's headers or
 * keys is written.
 */
import type { Context } from "hono";
import type { ScenarioBook, ScenarioRequest } from "../../engine/scenarios/scenario_book.ts";
import { appendRecordedRule } from "../../engine/scenarios/recorded_rules.ts";
import { requestDigest } from "../../engine/scenarios/request_digest.ts";
import type { AppEnv } from "../../server/app_env.ts";
import type { Clock } from "../../util/clock.ts";
import type { Logger } from "../../util/logger.ts";
import { MESSAGES_PATH } from "../anthropic/anthropic_errors.ts";
import { MESSAGE_READER } from "../anthropic/message_reader.ts";
import { compact, emptyReply, type EndpointReader, OPENAI_READERS } from "./upstream_readers.ts";

type Json = Record<string, unknown>;

/** The endpoints recorded, each with the reader of its answers. */
const READERS: Readonly<Record<string, EndpointReader>> = {
  ...OPENAI_READERS,
  [MESSAGES_PATH]: MESSAGE_READER,
};

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
        ...read.upstreamHeaders(c.req.raw.headers, apiKey),
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
  let json: Json = {};
  try {
    json = JSON.parse(text);
  } catch { /* not JSON: recorded as an error below */ }
  if (status >= 400) {
    const error = (json.error ?? {}) as Json;
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

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** The request's x-fakeai-* test controls (seed, latency, faults): an upstream FakeAI obeys them. */
function testControls(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) if (name.startsWith("x-fakeai-")) out[name] = value;
  return out;
}
