/**
 * Access-log lines through the whole app: level and msg for every status class, so the operations
 * guide's `grep -i error` finds every failure and `grep "rate limit"` every 429, while a success
 * line holds neither.
 */
import assert from "node:assert/strict";
import { testApp } from "../support/in_process.ts";

const CHAT = "/v1/chat/completions";
const chat = { model: "gpt-4o", messages: [{ role: "user", content: "hi" }], max_tokens: 4 };

type App = ReturnType<typeof testApp>;

/** The access lines of `requests`, sent one after the other, with a limit of `rpm` on /v1/. */
async function linesFor(rpm: number, requests: Array<(t: App) => Response | Promise<Response>>) {
  const t = testApp({ ttftMs: 0, itlMs: 0, rateLimitEnabled: true, rateLimitRpm: rpm });
  for (const send of requests) await (await send(t)).text();
  return t.logger.stdout;
}

Deno.test("access log: level, msg and error_type by status; the request's fields are kept", async () => {
  const lines = await linesFor(3, [
    (t) => t.post(CHAT, chat, { "x-request-id": "ok-1" }),
    (t) => t.post(CHAT, { model: "gpt-4o" }, { "x-request-id": "bad-1" }),
    (t) => t.app.request("/nope", { headers: { "x-request-id": "missing-1" } }),
    (t) => t.post(CHAT, chat, { "x-request-id": "crash-1", "x-fakeai-error": "500" }),
    (t) => t.post(CHAT, chat, { "x-request-id": "limited-1" }), // the 4th to /v1/: over 3 a minute
  ]);
  const byId = new Map(lines.map((l) => [JSON.parse(l).request_id, l]));
  const parsed = (id: string) => JSON.parse(byId.get(id)!);
  for (const line of lines) {
    assert.deepEqual(Object.keys(JSON.parse(line)).slice(0, 3), ["timestamp", "level", "msg"]);
  }

  const ok = parsed("ok-1");
  assert.equal(ok.level, "info");
  assert.equal(ok.msg, "request");
  assert.equal(ok.status, 200);
  assert.equal(ok.method, "POST");
  assert.equal(ok.path, CHAT);
  assert.equal(ok.model, "gpt-4o");
  assert.equal(typeof ok.latency_ms, "number");
  assert.equal(typeof ok.prompt_tokens, "number");
  assert.equal(ok.completion_tokens, 4);
  assert.ok(!("error_type" in ok));

  const bad = parsed("bad-1");
  assert.equal(bad.status, 400);
  assert.equal(bad.level, "warn");
  assert.match(bad.msg, /^client error: \w+$/);
  assert.equal(bad.msg, `client error: ${bad.error_type}`);

  const missing = parsed("missing-1");
  assert.equal(missing.status, 404);
  assert.equal(missing.level, "warn");
  assert.equal(missing.msg, `client error: ${missing.error_type}`);

  const crash = parsed("crash-1");
  assert.equal(crash.status, 500);
  assert.equal(crash.level, "error");
  assert.equal(crash.msg, `server error: ${crash.error_type}`);
  assert.equal(crash.error_type, "server_error"); // OpenAI's type for a 500

  const limited = parsed("limited-1");
  assert.equal(limited.status, 429);
  assert.equal(limited.level, "warn");
  assert.equal(limited.msg, "rate limit exceeded");
  assert.equal(limited.error_type, "rate_limit_exceeded");
});

Deno.test("access log: grep -i error matches every 4xx/5xx line and no 2xx line", async () => {
  const lines = await linesFor(5, [
    (t) => t.post(CHAT, chat),
    (t) => t.post(CHAT, { ...chat, stream: true }),
    (t) => t.app.request("/health"),
    (t) => t.app.request("/nope"),
    (t) => t.post(CHAT, "{not json"),
    (t) => t.post(CHAT, chat, { "x-fakeai-error": "503" }),
    (t) => t.post(CHAT, chat, { "x-fakeai-error": "429" }),
    (t) => t.post(CHAT, chat), // the 6th request to /v1/: over 5 a minute
  ]);
  const statuses = lines.map((l) => JSON.parse(l).status);
  assert.deepEqual(statuses, [200, 200, 200, 404, 400, 503, 429, 429]);
  for (const line of lines) {
    const status = JSON.parse(line).status;
    assert.equal(/error/i.test(line), status >= 400, line);
    assert.equal(line.includes("rate limit"), status === 429, line);
  }
});
