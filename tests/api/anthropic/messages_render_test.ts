/** Anthropic rendering: stop reasons, error envelope by status (503 → 529 overloaded). */
import assert from "node:assert/strict";
import { stopReason } from "../../../src/api/anthropic/messages_render.ts";
import { anthropicErrorResponse } from "../../../src/api/anthropic/anthropic_errors.ts";
import { errors } from "../../../src/server/errors.ts";

Deno.test("anthropic render: finish reasons map to Anthropic's stop reasons", () => {
  assert.equal(stopReason("stop"), "end_turn");
  assert.equal(stopReason("length"), "max_tokens");
  assert.equal(stopReason("tool_calls"), "tool_use");
  assert.equal(stopReason("content_filter"), "refusal");
  assert.equal(stopReason("stop", "END"), "stop_sequence");
});

Deno.test("anthropic errors: the envelope and types by status; an overloaded server says 529", async () => {
  const bad = anthropicErrorResponse(errors.anthropicVersionMissing());
  assert.equal(bad.status, 400);
  assert.deepEqual(await bad.json(), {
    type: "error",
    error: { type: "invalid_request_error", message: "anthropic-version: header is required" },
  });
  const busy = anthropicErrorResponse(errors.shuttingDown());
  assert.equal(busy.status, 529);
  assert.equal((await busy.json()).error.type, "overloaded_error");
  assert.equal(busy.headers.get("retry-after"), "1", "the error's headers are kept");
});
