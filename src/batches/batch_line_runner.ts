/**
 * Runs one batch line for real: an in-process POST to the app's own route, with the per-request
 * latency headers zeroed (a batch has no client waiting for tokens), and records the answer.
 */
import type { BatchLine } from "./batch_input.ts";
import type { LineResult } from "./batch_output.ts";

export type Dispatch = (request: Request) => Promise<Response>;

/** Headers every batch line carries: marks it as internal and skips the simulated latency. */
export const BATCH_LINE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "application/json",
  "x-fakeai-batch": "1",
  "x-fakeai-ttft-ms": "0",
  "x-fakeai-itl-ms": "0",
  "x-fakeai-response-delay-ms": "0",
};

const SERVER_ERROR_BODY = {
  error: {
    message: "The server had an error while processing your request. Sorry about that!",
    type: "server_error",
    param: null,
    code: null,
  },
};

export interface LineContext {
  endpoint: string;
  /** Headers of the batch creator that the line requests carry too (authorization). */
  forwarded: Record<string, string>;
  signal?: AbortSignal;
}

export async function runLine(
  dispatch: Dispatch,
  line: BatchLine,
  id: string,
  ctx: LineContext,
  newRequestId: () => string,
): Promise<LineResult> {
  const request = new Request(`http://internal${ctx.endpoint}`, {
    method: "POST",
    headers: { ...ctx.forwarded, ...BATCH_LINE_HEADERS },
    body: JSON.stringify(line.body),
    signal: ctx.signal,
  });
  const base = { line: line.line, id, custom_id: line.custom_id };
  try {
    const response = await dispatch(request);
    const text = await response.text();
    return {
      ...base,
      status_code: response.status,
      request_id: response.headers.get("x-request-id") ?? newRequestId(),
      body: parseBody(text),
    };
  } catch {
    return { ...base, status_code: 500, request_id: newRequestId(), body: SERVER_ERROR_BODY };
  }
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
