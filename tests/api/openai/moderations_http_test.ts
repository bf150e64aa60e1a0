/** /v1/moderations in process: OpenAI's shape, one result per input, threshold, bad input. */
import assert from "node:assert/strict";
import { MODERATION_CATEGORIES } from "../../../src/modalities/moderation/moderation.ts";
import { testApp } from "../../support/in_process.ts";

async function moderations(body: unknown, overrides = {}) {
  const res = await testApp(overrides).post("/v1/moderations", body);
  return { status: res.status, json: await res.json() };
}

Deno.test("moderations: OpenAI's response shape with the default model", async () => {
  const { status, json } = await moderations({ input: "I will kill you" });
  assert.equal(status, 200);
  assert.match(json.id, /^modr-[A-Za-z0-9]+$/);
  assert.equal(json.model, "omni-moderation-latest");
  assert.equal(json.results.length, 1);
  const [result] = json.results;
  assert.deepEqual(Object.keys(result), [
    "flagged",
    "categories",
    "category_scores",
    "category_applied_input_types",
  ]);
  assert.equal(result.flagged, true);
  for (const key of ["categories", "category_scores", "category_applied_input_types"]) {
    assert.deepEqual(Object.keys(result[key]), [...MODERATION_CATEGORIES]);
  }
  assert.deepEqual(result.category_applied_input_types.violence, ["text"]);
});

Deno.test("moderations: a string array gives one result each; parts give one together", async () => {
  const many = await moderations({
    input: ["hello", "I want to die"],
    model: "text-moderation-latest",
  });
  assert.equal(many.json.model, "text-moderation-latest");
  assert.deepEqual(many.json.results.map((r: { flagged: boolean }) => r.flagged), [false, true]);
  const parts = await moderations({
    input: [
      { type: "text", text: "what is in this picture?" },
      { type: "image_url", image_url: { url: "https://example.com/photos/gore.jpg" } },
    ],
  });
  assert.equal(parts.json.results.length, 1);
  const [result] = parts.json.results;
  assert.deepEqual(result.category_applied_input_types["violence/graphic"], ["text", "image"]);
  assert.deepEqual(result.category_applied_input_types.illicit, ["text"]);
  assert.equal(result.categories["violence/graphic"], true);
});

Deno.test("moderations: FAKEAI_MODERATION_THRESHOLD decides flagged", async () => {
  const text = "kill the process";
  assert.equal((await moderations({ input: text })).json.results[0].flagged, false);
  const low = await moderations({ input: text }, { moderationThreshold: 0.3 });
  assert.equal(low.json.results[0].flagged, true);
  assert.equal(low.json.results[0].categories.violence, true);
});

Deno.test("moderations: bad input is a 400 naming the parameter", async () => {
  const missing = await moderations({});
  assert.equal(missing.status, 400);
  assert.equal(missing.json.error.code, "missing_required_parameter");
  const empty = await moderations({ input: [] });
  assert.equal(empty.status, 400);
  assert.equal(empty.json.error.code, "empty_array");
  for (
    const input of [42, [1, 2], [{ type: "audio" }], [{ type: "text" }], ["a", {
      type: "text",
      text: "b",
    }]]
  ) {
    const { status, json } = await moderations({ input });
    assert.equal(status, 400, JSON.stringify(input));
    assert.equal(json.error.type, "invalid_request_error");
    assert.ok(json.error.param?.startsWith("input"), JSON.stringify(json.error));
  }
  assert.equal((await moderations({ input: "x", model: 5 })).json.error.param, "model");
});
