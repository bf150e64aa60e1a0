import assert from "node:assert/strict";
import { isViolation } from "../../../src/traffic/security/violations.ts";

Deno.test("violations: client errors count; success, 404, 5xx, quota and context length do not", () => {
  for (const status of [400, 401, 403, 413, 415, 422]) {
    assert.ok(isViolation(status, undefined, false));
  }
  for (const status of [200, 201, 204, 404, 405, 409, 499, 500, 502, 503, 504]) {
    assert.ok(!isViolation(status, undefined, true), String(status));
  }
  assert.ok(!isViolation(400, "context_length_exceeded", true));
  assert.ok(!isViolation(429, "insufficient_quota", true));
});

Deno.test("violations: 429 counts only when the rate limiter is on (else it was injected)", () => {
  assert.ok(isViolation(429, "rate_limit_exceeded", true));
  assert.ok(!isViolation(429, "rate_limit_exceeded", false));
});
