/**
 * Errors that end a stream after its 200 headers: one SSE error event, then the stream closes.
 * Chat and legacy completions use OpenAI's mid-stream shape `data: {"error":{...}}` (the SDKs
 * raise it as an APIError); the Responses API renders its own `event: error` (see its writer).
 */

export interface StreamErrorInfo {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** The error event of chat / completions streams. */
export function dataErrorEvent(error: StreamErrorInfo): string {
  return `data: ${JSON.stringify({ error })}\n\n`;
}

/** The `error:N` stream fault: what OpenAI sends when generation fails mid-stream. */
export const MID_STREAM_SERVER_ERROR: StreamErrorInfo = {
  message: "The server had an error while processing your request. Sorry about that!",
  type: "server_error",
  param: null,
  code: null,
};

export function streamTimeoutError(limitSeconds: number): StreamErrorInfo {
  return {
    message: `The stream exceeded the maximum duration of ${limitSeconds} seconds ` +
      "(FAKEAI_STREAM_TIMEOUT_SECONDS) and was ended. Please retry your request.",
    type: "server_error",
    param: null,
    code: "stream_timeout",
  };
}

export function tokenTimeoutError(limitSeconds: number): StreamErrorInfo {
  return {
    message: `No token was generated for ${limitSeconds} seconds ` +
      "(FAKEAI_STREAM_TOKEN_TIMEOUT_SECONDS) and the stream was ended. Please retry your request.",
    type: "server_error",
    param: null,
    code: "token_timeout",
  };
}

/**
 * The `malformed` stream fault: a copy of the first `data:` line of `text`, cut in the middle of
 * its JSON, as an event of its own. The real events follow intact.
 */
export function malformedCopy(text: string): string {
  const start = text.indexOf("data: ");
  const end = start === -1 ? -1 : text.indexOf("\n", start);
  const payload = start === -1 ? '{"id":"' : text.slice(start + 6, end === -1 ? undefined : end);
  return `data: ${payload.slice(0, Math.max(1, Math.floor(payload.length / 2)))}\n\n`;
}
