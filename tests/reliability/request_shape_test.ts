/** Fields the real API rejects are rejected here too: an empty model, a malformed `include`. */
import assert from "node:assert/strict";
import { testApp } from "../support/in_process.ts";

const EMPTY_MODEL: Array<[string, Record<string, unknown>]> = [
  ["/v1/embeddings", { model: "", input: "x" }],
  ["/v1/moderations", { model: "", input: "x" }],
  ["/v1/images/generations", { model: "", prompt: "x" }],
  ["/v1/audio/speech", { model: "", input: "x", voice: "alloy" }],
  ["/v1/ranking", { model: "", query: { text: "x" }, passages: [{ text: "y" }] }],
];

for (const [path, body] of EMPTY_MODEL) {
  Deno.test(`request shape: ${path} refuses an empty model`, async () => {
    const res = await testApp({ responseDelay: 0 }).post(path, body);
    assert.equal(res.status, 400);
    const { error } = await res.json();
    assert.equal(error.param, "model");
    assert.equal(error.type, "invalid_request_error");
  });
}

Deno.test("request shape: Responses `include` takes only OpenAI's values", async () => {
  const { post } = testApp({ responseDelay: 0, ttftMs: 0, itlMs: 0 });
  for (const include of [5, "reasoning.encrypted_content", ["bogus"], [{}]]) {
    const res = await post("/v1/responses", { model: "gpt-4o", input: "x", include });
    assert.equal(res.status, 400, JSON.stringify(include));
    assert.match((await res.json()).error.param, /^include/);
  }
  const ok = await post("/v1/responses", {
    model: "gpt-4o",
    input: "x",
    include: ["reasoning.encrypted_content", "message.output_text.logprobs"],
  });
  assert.equal(ok.status, 200);
});

Deno.test("request shape: a trailing slash is an unknown URL, not a 405 that allows GET", async () => {
  const { app } = testApp();
  for (const path of ["/metrics/", "/health/", "/v1/models/"]) {
    const res = await app.request(path);
    assert.equal(res.status, 404, path);
    assert.equal((await res.json()).error.code, "unknown_url");
  }
});
