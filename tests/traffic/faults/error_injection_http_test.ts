/** Injected errors through HTTP: exact OpenAI bodies, the header control, rates and seeds. */
import assert from "node:assert/strict";
import type { Config } from "../../../src/config/schema.ts";
import { ConnectionDropped } from "../../../src/streaming/connection_drop.ts";
import { testApp } from "../../support/in_process.ts";
import { tick } from "../../support/wait.ts";

const CHAT = "/v1/chat/completions";
const chat = { model: "gpt-4o", messages: [{ role: "user", content: "hello" }], max_tokens: 4 };

async function forced(value: string, path = CHAT, body: unknown = chat) {
  const t = testApp();
  const res = await t.post(path, body, { "x-fakeai-error": value });
  return { res, body: await res.json() };
}

Deno.test("x-fakeai-error forces each kind, even with injection off, as OpenAI answers it", async () => {
  let { res, body } = await forced("internal_error");
  assert.equal(res.status, 500);
  assert.deepEqual(body, {
    error: {
      message: "The server had an error while processing your request. Sorry about that!",
      type: "server_error",
      param: null,
      code: null,
    },
  });

  ({ res, body } = await forced("502"));
  assert.equal(res.status, 502);
  assert.equal(
    JSON.stringify(body),
    '{"error":{"code":502,"message":"Bad gateway.","param":null,"type":"cf_bad_gateway"}}',
  );

  ({ res, body } = await forced("gateway_timeout"));
  assert.equal(res.status, 504);
  assert.deepEqual(body.error, {
    code: 504,
    message: "Gateway timeout.",
    param: null,
    type: "cf_gateway_timeout",
  });

  ({ res, body } = await forced("service_unavailable"));
  assert.equal(res.status, 503);
  assert.equal(res.headers.get("retry-after"), "1");
  assert.equal(body.error.type, "server_error");
  assert.equal(body.error.code, null);
  assert.ok(
    body.error.message.startsWith("That model is currently overloaded with other requests.") &&
      body.error.message.includes(`request ID ${res.headers.get("x-request-id")} in your message`),
  );

  ({ res, body } = await forced("insufficient_quota"));
  assert.equal(res.status, 429);
  assert.deepEqual(body.error, {
    message: "You exceeded your current quota, please check your plan and billing details. For " +
      "more information on this error, read the docs: " +
      "https://platform.openai.com/docs/guides/error-codes/api-errors.",
    type: "insufficient_quota",
    param: null,
    code: "insufficient_quota",
  });
});

Deno.test("rate_limit_quota: OpenAI's RPM 429 with x-ratelimit-* and retry-after headers", async () => {
  const { res, body } = await forced("429");
  assert.equal(res.status, 429);
  assert.equal(body.error.type, "requests");
  assert.equal(body.error.code, "rate_limit_exceeded");
  // tier-1 by default: 500 RPM, a request frees up every 120 ms.
  assert.match(
    body.error.message,
    /^Rate limit reached for gpt-4o in organization org-\w{24} on requests per min \(RPM\): Limit 500, Used 500, Requested 1\. Please try again in 120ms\./,
  );
  assert.equal(res.headers.get("x-ratelimit-limit-requests"), "500");
  assert.equal(res.headers.get("x-ratelimit-remaining-requests"), "0");
  assert.equal(res.headers.get("x-ratelimit-reset-requests"), "1m0s");
  assert.equal(res.headers.get("x-ratelimit-limit-tokens"), "30000");
  assert.equal(res.headers.get("retry-after"), "1");
  assert.equal(res.headers.get("retry-after-ms"), "120");
});

Deno.test("context_length: worded per endpoint, code context_length_exceeded", async () => {
  let { res, body } = await forced("context_length");
  assert.equal(res.status, 400);
  assert.equal(body.error.code, "context_length_exceeded");
  assert.equal(body.error.param, "messages");
  assert.match(body.error.message, /^This model's maximum context length is 128000 tokens\./);

  ({ body } = await forced("400", "/v1/responses", { model: "gpt-4", input: "hi" }));
  assert.equal(body.error.param, "input");
  assert.equal(body.error.code, "context_length_exceeded");

  ({ body } = await forced("400", "/v1/completions", { model: "gpt-4", prompt: "hi" }));
  assert.equal(body.error.param, null);
  assert.match(body.error.message, /maximum context length is 8192 tokens, however you requested/);
});

Deno.test("only /v1 routes: /health and /metrics ignore x-fakeai-error", async () => {
  const t = testApp();
  for (const path of ["/health", "/metrics"]) {
    const res = await t.app.request(path, { headers: { "x-fakeai-error": "500" } });
    assert.equal(res.status, 200, path);
    await res.body?.cancel();
  }
  const models = await t.app.request("/v1/models", { headers: { "x-fakeai-error": "503" } });
  assert.equal(models.status, 503);
});

Deno.test("a bad x-fakeai-error is a 400 naming the header", async () => {
  const { res, body } = await forced("teapot");
  assert.equal(res.status, 400);
  assert.equal(body.error.param, "x-fakeai-error");
  assert.match(body.error.message, /expected one of internal_error, .*, none, got "teapot"/);
});

Deno.test("x-fakeai-error naming an Object.prototype member is a 400, not a 500", async () => {
  // Found by the request fuzzer (tests/reliability): "constructor" looked up a function.
  for (const value of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) {
    const { res, body } = await forced(value);
    assert.equal(res.status, 400, value);
    assert.equal(body.error.param, "x-fakeai-error");
  }
});

const injecting = (rate: number, types: string[], seed = 0): Partial<Config> => ({
  errorInjectionEnabled: true,
  errorInjectionRate: rate,
  errorInjectionTypes: types,
  seed,
});

Deno.test("FAKEAI_ERROR_INJECTION_*: rate 1 hits every /v1 request; `none` opts out", async () => {
  const t = testApp(injecting(1, ["insufficient_quota"]));
  assert.equal((await t.post(CHAT, chat)).status, 429);
  assert.equal((await t.app.request("/v1/models")).status, 429);
  assert.equal((await t.app.request("/health")).status, 200);
  const clean = await t.app.request("/v1/models", { headers: { "x-fakeai-error": "none" } });
  assert.equal(clean.status, 200);
  const batchLine = await t.app.request("/v1/models", { headers: { "x-fakeai-batch": "1" } });
  assert.equal(batchLine.status, 200, "lines of the in-process batch runner are left alone");
  const off = testApp({ ...injecting(1, ["internal_error"]), errorInjectionEnabled: false });
  assert.equal((await off.app.request("/v1/models")).status, 200, "disabled: no injection");
});

Deno.test("injected errors are deterministic under the server seed", async () => {
  const statuses = async (seed: number) => {
    const t = testApp(
      injecting(0.5, ["internal_error", "bad_gateway", "insufficient_quota"], seed),
    );
    const out: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await t.app.request("/v1/models");
      out.push(res.status);
      await res.body?.cancel();
    }
    return out;
  };
  const first = await statuses(42);
  assert.deepEqual(await statuses(42), first);
  assert.notDeepEqual(await statuses(43), first);
  const injected = first.filter((s) => s !== 200).length;
  assert.ok(injected > 8 && injected < 32, `about half are injected (${injected}/40)`);
  assert.deepEqual(new Set(first.filter((s) => s !== 200)), new Set([500, 502, 429]));
});

Deno.test("timeout: the request hangs for the configured time, then the connection drops", async () => {
  const t = testApp({ errorInjectionTimeoutSeconds: 5 });
  let settled = false;
  const pending = t.post(CHAT, chat, { "x-fakeai-error": "timeout" }).then((res) => {
    settled = true;
    return res;
  });
  await tick();
  t.clock.advance(4999);
  await tick();
  assert.equal(settled, false, "still hanging");
  t.clock.advance(1);
  const res = await pending;
  await assert.rejects(res.text(), ConnectionDropped);
  assert.equal(t.lifecycle.inFlight, 0);
});
