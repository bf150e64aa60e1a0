/** createLogger: what the access log writes, and whether it writes at all. */
import assert from "node:assert/strict";
import { createLogger } from "../../src/util/logger.ts";

const NOW = Date.UTC(2025, 9, 5, 12, 0, 0, 7);

function capture(options: { accessLog: boolean; readableAccess?: boolean }) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const logger = createLogger("info", {
    ...options,
    sink: { stderr: (l) => stderr.push(l), stdout: (l) => stdout.push(l) },
    now: () => NOW,
  });
  return { logger, stdout, stderr };
}

Deno.test("logger.logsAccess says whether access() writes anything", () => {
  const lines: string[] = [];
  const sink = { stderr: (l: string) => lines.push(l), stdout: (l: string) => lines.push(l) };
  const off = createLogger("info", { accessLog: false, sink });
  assert.equal(off.logsAccess, false);
  off.access("info", "request", { request_id: "req_1" });
  assert.deepEqual(lines, []);
  assert.equal(createLogger("info", { accessLog: true, sink }).logsAccess, true);
  assert.equal(
    createLogger("info", { accessLog: false, readableAccess: true, sink }).logsAccess,
    true,
  );
});

Deno.test("logger: access lines start with timestamp, level and msg, like diagnostics", () => {
  const { logger, stdout, stderr } = capture({ accessLog: true });
  logger.warn("slow disk", { path: "/tmp" });
  logger.access("warn", "rate limit exceeded", {
    request_id: "req_1",
    method: "POST",
    path: "/v1/chat/completions",
    status: 429,
    error_type: "rate_limit_exceeded",
    latency_ms: 0.5,
  });
  assert.equal(
    stderr[0],
    '{"timestamp":"2025-10-05T12:00:00.007Z","level":"warn","msg":"slow disk","path":"/tmp"}',
  );
  assert.equal(
    stdout[0],
    '{"timestamp":"2025-10-05T12:00:00.007Z","level":"warn","msg":"rate limit exceeded",' +
      '"request_id":"req_1","method":"POST","path":"/v1/chat/completions","status":429,' +
      '"error_type":"rate_limit_exceeded","latency_ms":0.5}',
  );
});

Deno.test("logger: access lines are written whatever the diagnostic level", () => {
  const stdout: string[] = [];
  const logger = createLogger("error", {
    accessLog: true,
    sink: { stderr: () => {}, stdout: (l) => stdout.push(l) },
  });
  logger.access("info", "request", { status: 200 });
  logger.access("warn", "client error: model_not_found", { status: 404 });
  assert.deepEqual(stdout.map((l) => JSON.parse(l).level), ["info", "warn"]);
});

Deno.test("logger: the readable --debug line starts with the level of a failure", () => {
  const { logger, stderr } = capture({ accessLog: false, readableAccess: true });
  const fields = { method: "GET", path: "/v1/models", latency_ms: 0.3, request_id: "req_1" };
  logger.access("info", "request", { ...fields, status: 200 });
  logger.access("warn", "client error: unknown_url", {
    ...fields,
    status: 404,
    error_type: "unknown_url",
  });
  logger.access("error", "server error: internal_error", {
    ...fields,
    status: 500,
    error_type: "internal_error",
  });
  assert.deepEqual(stderr, [
    "GET /v1/models 200 0.3ms id=req_1",
    "warn GET /v1/models 404 0.3ms error=unknown_url id=req_1",
    "error GET /v1/models 500 0.3ms error=internal_error id=req_1",
  ]);
});
