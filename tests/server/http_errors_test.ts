/** Request errors in OpenAI's envelope: JSON, validation, semantic checks, routing, body limits. */
import assert from "node:assert/strict";
import { testApp } from "../support/in_process.ts";

const PATH = "/v1/chat/completions";
const MESSAGES = [{ role: "user", content: "hi" }];
const chat = (extra: Record<string, unknown> = {}) => ({
  model: "gpt-4o",
  messages: MESSAGES,
  ...extra,
});
// Zero latency: a non-streamed reply is sent without advancing the clock.
const app = (over = {}) => testApp({ ttftMs: 0, itlMs: 0, ...over });

async function expectError(
  res: Response,
  status: number,
  expected: { param?: string | null; code?: string | null; message?: RegExp | string } = {},
) {
  assert.equal(res.status, status);
  assert.match(res.headers.get("content-type")!, /^application\/json/);
  const body = await res.json();
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.deepEqual(Object.keys(body.error), ["message", "type", "param", "code"]);
  assert.equal(typeof body.error.message, "string");
  assert.equal(body.error.type, "invalid_request_error");
  if ("param" in expected) assert.equal(body.error.param, expected.param);
  if ("code" in expected) assert.equal(body.error.code, expected.code);
  if (typeof expected.message === "string") assert.equal(body.error.message, expected.message);
  else if (expected.message) assert.match(body.error.message, expected.message);
  return body.error;
}

Deno.test("malformed JSON and empty bodies: 400 in the OpenAI envelope", async () => {
  const t = app();
  for (const raw of ["{bad", "", '{"model":'] as const) {
    await expectError(await t.post(PATH, raw), 400, {
      param: null,
      message: /parse the JSON body/,
    });
  }
});

Deno.test("a body that is JSON but not an object: 400", async () => {
  const t = app();
  for (const raw of ["[1,2]", "null", "42", '"text"']) {
    await expectError(await t.post(PATH, raw), 400, { param: null, message: /JSON object/ });
  }
});

Deno.test("invalid field types: 400 naming the parameter", async () => {
  const t = app();
  const cases: Array<[Record<string, unknown>, string, string]> = [
    [{ messages: [{ role: "user", content: 5 }] }, "messages[0].content", "invalid_type"],
    [{ temperature: "hot" }, "temperature", "invalid_type"],
    [{ temperature: 2.5 }, "temperature", "decimal_above_max_value"],
    [{ n: 0 }, "n", "integer_below_min_value"],
    [{ n: 1.5 }, "n", "invalid_type"],
    [{ stop: 5 }, "stop", "invalid_type"],
    [{ max_tokens: "ten" }, "max_tokens", "invalid_type"],
    [{ stream: "yes" }, "stream", "invalid_type"],
  ];
  for (const [extra, param, code] of cases) {
    const err = await expectError(await t.post(PATH, chat(extra)), 400, { param, code });
    assert.ok(err.message.includes(param), `${param}: ${err.message}`);
  }
});

Deno.test("an unknown role: 400 listing the supported roles", async () => {
  const t = app();
  const res = await t.post(PATH, chat({ messages: [{ role: "wizard", content: "x" }] }));
  const err = await expectError(res, 400, { param: "messages[0].role", code: "invalid_value" });
  assert.match(err.message, /^Invalid value: 'wizard'\. Supported values are: /);
  for (const role of ["system", "user", "assistant", "tool", "developer"]) {
    assert.ok(err.message.includes(`'${role}'`), role);
  }
});

Deno.test("missing model or messages: missing_required_parameter", async () => {
  const t = app();
  for (const param of ["model", "messages"]) {
    const body: Record<string, unknown> = chat();
    delete body[param];
    await expectError(await t.post(PATH, body), 400, {
      param,
      code: "missing_required_parameter",
      message: `Missing required parameter: '${param}'.`,
    });
  }
  const noRole = await t.post(PATH, chat({ messages: [{ content: "x" }] }));
  await expectError(noRole, 400, { param: "messages[0].role", code: "missing_required_parameter" });
});

Deno.test("unknown fields are ignored", async () => {
  const t = app();
  const res = await t.post(PATH, chat({ foo: 1, bar: { nested: true }, max_tokens: 3 }));
  assert.equal(res.status, 200);
  assert.equal((await res.json()).object, "chat.completion");
});

Deno.test("semantic checks: stream_options, top_logprobs, tool_choice, strict schema", async () => {
  const t = app();
  const tools = [{ type: "function", function: { name: "a" } }];
  const strictSchema = {
    type: "json_schema",
    json_schema: {
      name: "x",
      strict: true,
      schema: { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
    },
  };
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ stream_options: { include_usage: true } }, "stream_options"],
    [{ stream: false, stream_options: { include_usage: true } }, "stream_options"],
    [{ top_logprobs: 3 }, "top_logprobs"],
    [{ tools, tool_choice: { type: "function", function: { name: "b" } } }, "tool_choice"],
    [{ tool_choice: "required" }, "tool_choice"],
    [{ response_format: strictSchema }, "response_format"],
  ];
  for (const [extra, param] of cases) {
    await expectError(await t.post(PATH, chat(extra)), 400, { param });
  }
});

Deno.test("unknown route: 404 `Invalid URL (METHOD path)`", async () => {
  const t = app();
  for (const [method, path] of [["GET", "/v1/nope"], ["POST", "/v2/chat/completions"]]) {
    const res = await t.app.request(path, { method });
    await expectError(res, 404, {
      message: `Invalid URL (${method} ${path})`,
      code: "unknown_url",
    });
  }
});

Deno.test("wrong method on a known route: 405 with an allow header", async () => {
  const t = app();
  const res = await t.app.request(PATH, { method: "GET" });
  assert.equal(res.headers.get("allow"), "POST");
  await expectError(res, 405, { code: "method_not_allowed" });
  const health = await t.app.request("/health", { method: "DELETE" });
  assert.equal(health.headers.get("allow"), "GET");
  await expectError(health, 405);
});

Deno.test("a non-JSON content type: 415", async () => {
  const t = app();
  const res = await t.post(PATH, JSON.stringify(chat()), { "content-type": "text/plain" });
  await expectError(res, 415, { code: "unsupported_media_type" });
  const ok = await t.post(PATH, chat({ max_tokens: 1 }), {
    "content-type": "application/json; charset=utf-8",
  });
  assert.equal(ok.status, 200);
});

Deno.test("a body over maxRequestSize with a content-length: 413", async () => {
  const t = app({ maxRequestSize: 1024 });
  const big = JSON.stringify(chat({ user: "x".repeat(2000) }));
  const res = await t.post(PATH, big, { "content-length": String(big.length) });
  await expectError(res, 413, { code: "request_too_large" });
  const small = await t.post(PATH, chat({ max_tokens: 1 }));
  assert.equal(small.status, 200);
});

Deno.test("a streamed body without content-length: 413, and the server stops reading", async () => {
  const t = app({ maxRequestSize: 4096 });
  const CHUNKS = 100_000; // 100 MB if read to the end
  let pulled = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled++ === 0) controller.enqueue(new TextEncoder().encode('{"user":"'));
      else if (pulled < CHUNKS) controller.enqueue(new Uint8Array(1024).fill(0x61));
      else controller.close();
    },
    cancel() {
      cancelled = true;
    },
  }, { highWaterMark: 0 });
  const init = {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    duplex: "half",
  } as RequestInit;
  const req = new Request("http://localhost" + PATH, init);
  assert.equal(req.headers.get("content-length"), null);
  const res = await t.app.request(req);
  await expectError(res, 413, { code: "request_too_large" });
  assert.ok(pulled < 20, `read ${pulled} chunks of a ${CHUNKS}-chunk body`);
  assert.ok(cancelled, "the body stream was cancelled");
});
