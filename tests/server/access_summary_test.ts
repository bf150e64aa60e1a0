/** accessSummary: the level and msg an access line starts with, and its error_type. */
import assert from "node:assert/strict";
import { accessSummary } from "../../src/server/access_summary.ts";

Deno.test("access summary: level by status class; msg and error_type name the failure", () => {
  const cases: Array<[number, string | undefined, string, string, string | undefined]> = [
    [200, undefined, "info", "request", undefined],
    [201, undefined, "info", "request", undefined],
    [304, undefined, "info", "request", undefined],
    // A type set on a success (a dropped stream) does not make it a failure.
    [200, "timeout", "info", "request", undefined],
    [
      400,
      "invalid_request_error",
      "warn",
      "client error: invalid_request_error",
      "invalid_request_error",
    ],
    [404, "model_not_found", "warn", "client error: model_not_found", "model_not_found"],
    [499, undefined, "warn", "client error: http_499", "http_499"],
    [429, "rate_limit_exceeded", "warn", "rate limit exceeded", "rate_limit_exceeded"],
    [429, "insufficient_quota", "warn", "rate limit exceeded", "insufficient_quota"],
    [429, undefined, "warn", "rate limit exceeded", "http_429"],
    [500, "internal_error", "error", "server error: internal_error", "internal_error"],
    [503, undefined, "error", "server error: http_503", "http_503"],
  ];
  for (const [status, given, level, msg, errorType] of cases) {
    assert.deepEqual(accessSummary(status, given), { level, msg, errorType }, `${status} ${given}`);
  }
});

Deno.test("access summary: grep -i error finds every failure, grep 'rate limit' every 429", () => {
  for (let status = 200; status < 600; status++) {
    const { level, msg, errorType } = accessSummary(status, undefined);
    // What request_context.ts writes around the request's own fields.
    const text = JSON.stringify({ level, msg, status, error_type: errorType });
    assert.equal(/error/i.test(text), status >= 400, String(status));
    assert.equal(text.includes("rate limit"), status === 429, String(status));
  }
});
