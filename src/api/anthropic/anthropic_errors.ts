/**
 * Errors on /v1/messages in Anthropic's envelope, {"type":"error","error":{"type","message"}},
 * with its error types by status; an overloaded server answers 529 overloaded_error as Anthropic's
 * does. The same ApiErrors as everywhere else, only rendered differently.
 */
import type { ApiError } from "../../server/errors.ts";
import { ANTHROPIC_ERROR_TYPES } from "./messages_render.ts";

export const MESSAGES_PATH = "/v1/messages";

export function isMessagesPath(path: string): boolean {
  return path === MESSAGES_PATH || path.startsWith(`${MESSAGES_PATH}/`);
}

export function anthropicErrorResponse(err: ApiError): Response {
  const overloaded = err.status === 503;
  const status = overloaded ? 529 : err.status;
  const type = ANTHROPIC_ERROR_TYPES[status] ??
    (status >= 500 ? "api_error" : "invalid_request_error");
  return new Response(JSON.stringify({ type: "error", error: { type, message: err.message } }), {
    status,
    headers: { "content-type": "application/json", ...err.headers },
  });
}
