import assert from "node:assert/strict";
import { MAX_REPORTED_ERRORS, parseBatchInput } from "../../src/batches/batch_input.ts";

const CHAT = "/v1/chat/completions";
const body = { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] };
const row = (custom_id: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ custom_id, method: "POST", url: CHAT, body, ...extra });

Deno.test("valid lines: custom ids, bodies and physical line numbers (blank lines skipped)", () => {
  const text = [row("a"), "", "   ", row("b"), ""].join("\n");
  const input = parseBatchInput(text, CHAT);
  assert.deepEqual(input.errors, []);
  assert.equal(input.model, "gpt-4o");
  assert.deepEqual(input.lines.map((l) => [l.line, l.custom_id]), [[1, "a"], [4, "b"]]);
  assert.deepEqual(input.lines[0].body, body);
});

Deno.test("CRLF line endings are accepted", () => {
  const input = parseBatchInput(`${row("a")}\r\n${row("b")}\r\n`, CHAT);
  assert.deepEqual(input.errors, []);
  assert.equal(input.lines.length, 2);
});

Deno.test("each bad line is one error with its line number, code and param", () => {
  const lines = [
    row("first"), // 1 (names the batch's model)
    "{not json", // 2
    "[1,2]", // 3
    JSON.stringify({ method: "POST", url: CHAT, body }), // 4
    JSON.stringify({ custom_id: "m", url: CHAT, body }), // 5
    JSON.stringify({ custom_id: "u", method: "POST", body }), // 6
    JSON.stringify({ custom_id: "b", method: "POST", url: CHAT }), // 7
    row(7), // 8
    row("g", { method: "GET" }), // 9
    row("e", { url: "/v1/embeddings" }), // 10
    row("s", { body: { ...body, stream: true } }), // 11
    row("n", { body: { messages: [] } }), // 12
    row("o", { body: { ...body, model: "gpt-4o-mini" } }), // 13
    row("ok"), // 14
    row("ok"), // 15
    row("x", { body: "text" }), // 16
  ];
  const input = parseBatchInput(lines.join("\n"), CHAT);
  assert.deepEqual(input.errors.map((e) => [e.line, e.code, e.param]), [
    [2, "invalid_json_line", null],
    [3, "invalid_request", null],
    [4, "missing_required_parameter", "custom_id"],
    [5, "missing_required_parameter", "method"],
    [6, "missing_required_parameter", "url"],
    [7, "missing_required_parameter", "body"],
    [8, "invalid_type", "custom_id"],
    [9, "invalid_value", "method"],
    [10, "invalid_url", "url"],
    [11, "streaming_unsupported", "body.stream"],
    [12, "invalid_request", "body.model"],
    [13, "mismatched_model", "body.model"],
    [15, "duplicate_custom_id", "custom_id"],
    [16, "invalid_type", "body"],
  ]);
  const byLine = new Map(input.errors.map((e) => [e.line, e.message]));
  assert.equal(byLine.get(2), "This line is not parseable as valid JSON.");
  assert.equal(byLine.get(4), "Missing required parameter: 'custom_id'.");
  assert.match(byLine.get(8)!, /expected a string, but got an integer/);
  assert.equal(
    byLine.get(10),
    "The URL provided for this request does not match the batch endpoint.",
  );
  assert.equal(byLine.get(11), "Chat Completions: Streaming is not supported in the Batch API.");
  assert.match(byLine.get(15)!, /custom_id for this request is a duplicate of another request/);
});

Deno.test("models a strict server does not know are rejected per line", () => {
  const text = [row("a"), row("b", { body: { ...body, model: "nope" } })].join("\n");
  const input = parseBatchInput(text, CHAT, (model) => model === "gpt-4o");
  assert.deepEqual(input.errors, [{
    code: "model_not_found",
    line: 2,
    message: "The provided model 'nope' is not supported by the Batch API.",
    param: "body.model",
  }]);
});

Deno.test("streaming is named after the endpoint's API", () => {
  const line = JSON.stringify({
    custom_id: "r",
    method: "POST",
    url: "/v1/responses",
    body: { model: "gpt-4o", input: "x", stream: true },
  });
  const input = parseBatchInput(line, "/v1/responses");
  assert.equal(input.errors[0].message, "Responses: Streaming is not supported in the Batch API.");
});

Deno.test("an empty file is one error without a line", () => {
  const input = parseBatchInput("\n \n", CHAT);
  assert.deepEqual(input.errors.map((e) => [e.code, e.line]), [["empty_file", null]]);
  assert.deepEqual(input.lines, []);
});

Deno.test("at most MAX_REPORTED_ERRORS errors are kept", () => {
  const text = Array.from({ length: MAX_REPORTED_ERRORS + 50 }, () => "nope").join("\n");
  assert.equal(parseBatchInput(text, CHAT).errors.length, MAX_REPORTED_ERRORS);
});
