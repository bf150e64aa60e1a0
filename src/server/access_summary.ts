/**
 * How an access-log line starts: its level and message, from the response status. The words are
 * chosen for the operations guide's greps: every 4xx/5xx line holds "error" (`grep -i error`),
 * every 429 line "rate limit" (`grep "rate limit"`), and a 2xx/3xx line neither.
 */
import type { LogLevel } from "../util/logger.ts";

export interface AccessSummary {
  level: LogLevel;
  msg: string;
  /**
   * A failure's OpenAI code or type, `http_STATUS` when none is known: the `type` label it counts
   * under in fakeai_errors_total. Undefined below 400 (the line then has no such field).
   */
  errorType: string | undefined;
}

const SUCCESS: AccessSummary = Object.freeze({
  level: "info",
  msg: "request",
  errorType: undefined,
});

/** `errorType`: what the request set (it may be set on a 2xx, e.g. a dropped stream: ignored). */
export function accessSummary(status: number, errorType: string | undefined): AccessSummary {
  if (status < 400) return SUCCESS;
  const type = errorType ?? `http_${status}`;
  if (status === 429) return { level: "warn", msg: "rate limit exceeded", errorType: type };
  return status >= 500
    ? { level: "error", msg: `server error: ${type}`, errorType: type }
    : { level: "warn", msg: `client error: ${type}`, errorType: type };
}
