/** Headers, CORS, models, health, draining and the access log, in process. */
import assert from "node:assert/strict";
import { dataEvents, drainAvailable, testApp } from "../../support/in_process.ts";
import { tick } from "../../support/wait.ts";

const PATH = "/v1/chat/completions";
const chat = (extra: Record<string, unknown> = {}) => ({
  model: "gpt-4o",
  messages: [{ role: "user", content: "hi" }],
  max_tokens: 3,
  ...extra,
});
const app = (over = {}) => testApp({ ttftMs: 0, itlMs: 0, ...over });

Deno.test("x-request-id: echoed when valid, generated (req_…) otherwise", async () => {
  const t = app();
  const given = await t.post(PATH, chat(), { "x-request-id": "my-trace.id:42" });
  assert.equal(given.headers.get("x-request-id"), "my-trace.id:42");
  const made = await t.post(PATH, chat());
  assert.match(made.headers.get("x-request-id")!, /^req_[A-Za-z0-9]{24}$/);
  const bad = await t.post(PATH, chat(), { "x-request-id": "bad id\twith spaces" });
  assert.match(bad.headers.get("x-request-id")!, /^req_/);
  const err = await t.app.request("/v1/nope", { headers: { "x-request-id": "abc" } });
  assert.equal(err.headers.get("x-request-id"), "abc", "on errors too");
});

Deno.test("openai-processing-ms is present and counts the injected clock", async () => {
  const t = testApp({ responseDelay: 0.25, randomDelay: false, ttftMs: 0, itlMs: 0 });
  const pending = t.post(PATH, chat());
  await tick();
  t.clock.advance(250);
  const res = await pending;
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("openai-processing-ms"), "250");
  const err = await t.app.request("/v1/nope");
  assert.equal(err.headers.get("openai-processing-ms"), "0");
});

Deno.test("CORS preflight with an allowed origin: 204 with allow headers", async () => {
  const t = app();
  const res = await t.app.request(PATH, {
    method: "OPTIONS",
    headers: {
      origin: "https://app.example",
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization, content-type",
    },
  });
  assert.equal(res.status, 204);
  assert.match(res.headers.get("access-control-allow-methods")!, /POST/);
  assert.equal(res.headers.get("access-control-allow-headers"), "authorization, content-type");
  // "*" with credentials (the default) echoes the origin.
  assert.equal(res.headers.get("access-control-allow-origin"), "https://app.example");
  assert.equal(res.headers.get("access-control-allow-credentials"), "true");
  assert.match(res.headers.get("vary") ?? "", /Origin/);
});

Deno.test("CORS on simple requests: '*' without credentials; expose headers", async () => {
  const t = app({ corsAllowCredentials: false });
  const res = await t.post(PATH, chat(), { origin: "https://app.example" });
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
  assert.equal(res.headers.get("access-control-allow-credentials"), null);
  assert.match(res.headers.get("access-control-expose-headers")!, /x-request-id/);
});

Deno.test("CORS with an allow list: a listed origin is echoed, another gets nothing", async () => {
  const t = app({ corsAllowedOrigins: ["https://a.example"] });
  const preflight = (origin: string) =>
    t.app.request(PATH, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST" },
    });
  const ok = await preflight("https://a.example");
  assert.equal(ok.headers.get("access-control-allow-origin"), "https://a.example");
  const denied = await preflight("https://evil.example");
  assert.equal(denied.headers.get("access-control-allow-origin"), null);
  assert.equal(denied.headers.get("access-control-allow-methods"), null);
  const simple = await t.post(PATH, chat(), { origin: "https://evil.example" });
  assert.equal(simple.status, 200);
  assert.equal(simple.headers.get("access-control-allow-origin"), null);
});

Deno.test("strictModels: an unknown model is 404 model_not_found; a listed one works", async () => {
  const t = app({ strictModels: true });
  const res = await t.post(PATH, chat({ model: "no-such-model" }));
  assert.equal(res.status, 404);
  assert.deepEqual((await res.json()).error, {
    message: "The model `no-such-model` does not exist or you do not have access to it.",
    type: "invalid_request_error",
    param: "model",
    code: "model_not_found",
  });
  assert.equal((await t.post(PATH, chat({ model: "gpt-4o-mini" }))).status, 200);
  const list = await (await t.app.request("/v1/models")).json();
  assert.ok(!list.data.some((m: { id: string }) => m.id === "no-such-model"));
});

Deno.test("GET /v1/models lists models; /v1/models/{id} accepts ids with slashes", async () => {
  const t = app();
  const list = await (await t.app.request("/v1/models")).json();
  assert.equal(list.object, "list");
  assert.ok(list.data.some((m: { id: string }) => m.id === "gpt-4o"));
  const id = "meta-llama/Llama-3.1-8B-Instruct";
  for (const path of [`/v1/models/${id}`, `/v1/models/${encodeURIComponent(id)}`]) {
    const res = await t.app.request(path);
    assert.equal(res.status, 200, path);
    assert.deepEqual(await res.json(), {
      id,
      object: "model",
      created: 1_700_000_000,
      owned_by: "meta-llama",
    });
  }
  const missing = await t.app.request("/v1/models/acme/none");
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.code, "model_not_found");
});

Deno.test("/v1/models/{id}: an id is percent-decoded once; a malformed escape is an unknown id, not a 500", async () => {
  const t = app();
  // Found by the request fuzzer (tests/reliability): a second decodeURIComponent threw.
  for (
    const [path, id] of [["/v1/models/%ff", "%ff"], ["/v1/models/%zz", "%zz"], [
      "/v1/models/%",
      "%",
    ]]
  ) {
    const res = await t.app.request(path);
    assert.equal(res.status, 404, path);
    const body = await res.json();
    assert.equal(body.error.code, "model_not_found");
    assert.match(body.error.message, new RegExp(id));
  }
  const twice = await t.app.request("/v1/models/gpt%252D4o");
  assert.equal(twice.status, 404, "gpt%252D4o names the id 'gpt%2D4o', not gpt-4o");
  assert.equal((await t.app.request("/v1/models/gpt%2D4o")).status, 200);
});

Deno.test("/health: status, ISO timestamp, uptime, version", async () => {
  const t = app();
  t.clock.advance(12_340);
  const res = await t.app.request("/health");
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(Object.keys(body).sort(), ["status", "timestamp", "uptime", "version"]);
  assert.equal(body.status, "healthy");
  assert.equal(body.timestamp, new Date(t.clock.wallNow()).toISOString());
  assert.equal(typeof body.uptime, "number");
  assert.equal(body.uptime, 12.34);
  assert.match(body.version, /^\d+\.\d+\.\d+/);
});

Deno.test("draining: /health 503 shutting_down; other routes 503 with retry-after", async () => {
  const t = app();
  t.lifecycle.beginDrain();
  const health = await t.app.request("/health");
  assert.equal(health.status, 503);
  assert.equal((await health.json()).status, "shutting_down");
  for (const res of [await t.post(PATH, chat()), await t.app.request("/v1/models")]) {
    assert.equal(res.status, 503);
    assert.ok(res.headers.get("retry-after"));
    const err = (await res.json()).error;
    assert.equal(err.code, "shutting_down");
    assert.equal(err.type, "service_unavailable");
  }
});

Deno.test("access log: one JSON line per request with the documented fields", async () => {
  const t = app({ ttftMs: 10, itlMs: 10, ttftVariancePct: 0, itlVariancePct: 0 });
  const res = await t.post(PATH, chat({ stream: true, ignore_eos: true }), {
    "x-request-id": "log-me",
  });
  const reader = res.body!.getReader();
  t.clock.advance(30);
  assert.equal(dataEvents(await drainAvailable(reader)).at(-1), "[DONE]");
  await reader.read();
  await tick();
  await t.app.request("/v1/nope");
  const lines = t.logger.stdout.map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  const [line, notFound] = lines;
  assert.equal(line.request_id, "log-me");
  assert.equal(line.method, "POST");
  assert.equal(line.path, PATH);
  assert.equal(line.status, 200);
  assert.equal(line.latency_ms, 30);
  assert.equal(line.model, "gpt-4o");
  assert.equal(typeof line.prompt_tokens, "number");
  assert.equal(line.completion_tokens, 3);
  assert.equal(line.stream, true);
  assert.equal(line.outcome, "completed");
  assert.ok(!Number.isNaN(Date.parse(line.timestamp)));
  assert.equal(notFound.status, 404);
  assert.equal(notFound.path, "/v1/nope");
});
