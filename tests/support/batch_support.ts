/** A BatchService on a ManualClock with a scripted dispatch, for stepping through statuses. */
import { BatchService } from "../../src/batches/batch_service.ts";
import type { Dispatch } from "../../src/batches/batch_line_runner.ts";
import { MemoryFileStore } from "../../src/files/file_store.ts";
import { ManualClock } from "../../src/util/clock.ts";
import { IdGenerator } from "../../src/util/ids.ts";

export const CHAT = "/v1/chat/completions";
/** Speed-up 1000: validating 2 ms, finalizing 2 ms, completion window 86 400 ms of clock time. */
export const SPEEDUP = 1000;

export function chatLine(customId: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    custom_id: customId,
    method: "POST",
    url: CHAT,
    body: { model: "gpt-4o", messages: [{ role: "user", content: customId }], ...extra },
  });
}

/** A chat-like answer whose usage encodes the line (prompt 10, completion = custom id length). */
export function okResponse(customId: string, status = 200): Response {
  const body = status === 200
    ? {
      object: "chat.completion",
      usage: {
        prompt_tokens: 10,
        completion_tokens: customId.length,
        total_tokens: 10 + customId.length,
        prompt_tokens_details: { cached_tokens: 2 },
        completion_tokens_details: { reasoning_tokens: 1 },
      },
    }
    : { error: { message: "bad", type: "invalid_request_error", param: null, code: null } };
  return Response.json(body, { status, headers: { "x-request-id": `req_${customId}` } });
}

/** Answers at once, each line by its custom id (a custom id starting with "bad" gets a 400). */
export const instantDispatch: Dispatch = async (request) => {
  const body = await request.json();
  const id = String(body.messages[0].content);
  return okResponse(id, id.startsWith("bad") ? 400 : 200);
};

/** Holds every request until the test releases it. */
export function gatedDispatch() {
  const waiting: Array<{ request: Request; release: () => void }> = [];
  const dispatch: Dispatch = (request) =>
    new Promise((resolve) => {
      waiting.push({
        request,
        release: () => {
          void request.clone().json().then((b) => resolve(okResponse(b.messages[0].content)));
        },
      });
    });
  return { dispatch, waiting };
}

export function setup(
  dispatch: Dispatch = instantDispatch,
  options: { maxTotalBytes?: number; signal?: AbortSignal } = {},
) {
  const clock = new ManualClock();
  const ids = new IdGenerator(1);
  const store = new MemoryFileStore(options.maxTotalBytes ?? 1e9);
  const calls: Request[] = [];
  const service = new BatchService({
    clock,
    ids,
    store,
    speedup: SPEEDUP,
    dispatch: (request) => {
      calls.push(request);
      return dispatch(request);
    },
    shutdownSignal: options.signal,
  });
  const upload = async (lines: string[]) =>
    (await store.put(ids.next("file-", 22), {
      filename: "in.jsonl",
      purpose: "batch",
      created_at: 1,
      expires_at: null,
    }, new TextEncoder().encode(lines.join("\n") + "\n"))).id;
  const create = async (lines: string[], forwardedHeaders: Record<string, string> = {}) =>
    service.create({
      input_file_id: await upload(lines),
      endpoint: CHAT,
      metadata: null,
      outputExpiresAfterSeconds: null,
      forwardedHeaders,
    });
  /** Moves the clock and lets every started line, validation and write finish. */
  const step = async (ms: number) => {
    clock.advance(ms);
    await service.settled();
  };
  const fileLines = async (id: string | null) =>
    id === null
      ? []
      : new TextDecoder().decode(await store.read(id)).trim().split("\n").map((l) => JSON.parse(l));
  return { clock, ids, store, service, calls, create, step, fileLines };
}
