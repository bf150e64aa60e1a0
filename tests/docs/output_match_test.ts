import assert from "node:assert/strict";
import { compareJson, compareLines, compareOutput } from "./output_match.ts";
import { examples, shellWords, splitServerLine } from "./markdown_examples.ts";

Deno.test("json: equal documents match; a changed value, a missing or extra key do not", () => {
  const actual = { id: "chatcmpl-abc", n: 1, ok: true, list: [1, 2] };
  assert.deepEqual(compareJson({ id: "chatcmpl-…", n: 1, ok: true, list: [1, 2] }, actual), []);
  assert.deepEqual(compareJson({ id: "chatcmpl-…", n: 2, ok: true, list: [1, 2] }, actual), [
    "$.n: expected 2, got 1",
  ]);
  assert.equal(compareJson({ id: "chatcmpl-…", n: 1, ok: true }, actual).length, 1);
  assert.equal(compareJson({ ...actual, more: 1 }, actual).length, 1);
  assert.equal(compareJson({ ...actual, id: "resp_…" }, actual).length, 1);
});

Deno.test("json: ellipses elide keys, array tails and whole values; time keys keep their type", () => {
  const actual = { a: 1, b: [1, 2, 3], c: { deep: true }, created: 1796223093 };
  assert.deepEqual(compareJson({ a: 1, "…": "…" }, actual), []);
  assert.deepEqual(compareJson({ a: 1, b: [1, "…"], c: "…", created: 1700000000 }, actual), []);
  assert.equal(compareJson({ a: 1, b: [2, "…"], c: "…", created: 1 }, actual).length, 1);
  assert.equal(compareJson({ a: 1, b: "…", c: "…", created: "now" }, actual).length, 1);
});

Deno.test("text: lines, ellipsis lines, JSON and SSE data lines", () => {
  const actual = 'a 1\ndata: {"id":"x-1","v":2}\n\nb\nc\nd\ndata: [DONE]\n';
  assert.deepEqual(
    compareLines('a …\ndata: { "id": "x-…", "v": 2 }\n\n…\ndata: [DONE]', actual),
    [],
  );
  assert.equal(compareLines('a …\ndata: {"id":"x-…","v":3}\n\n…\ndata: [DONE]', actual).length, 1);
  assert.equal(compareLines("a 1\n…\nd", actual).length, 1);
  assert.equal(compareLines("a 2", "a 1").length, 1);
});

Deno.test("http: status, the documented headers (volatile ones by presence) and the body", () => {
  const actual =
    'HTTP/1.1 429 Too Many Requests\r\nretry-after: 1\r\nx-request-id: req_1\r\ndate: now\r\n\r\n{"error":{"code":"x"}}';
  const doc =
    'HTTP/1.1 429 Too Many Requests\nretry-after: 1\nx-request-id: req_…\n\n{"error":{"code":"x"}}';
  assert.deepEqual(compareOutput("http", doc, actual), []);
  assert.equal(compareOutput("http", doc.replace("429", "400"), actual).length, 1);
  assert.equal(
    compareOutput("http", doc.replace("retry-after: 1", "retry-after: 2"), actual).length,
    1,
  );
  assert.equal(compareOutput("http", doc.replace('"x"', '"y"'), actual).length, 1);
  assert.equal(
    compareOutput("http", `${doc.split("\n\n")[0]}\nx-missing: 1\n\n{"error":{"code":"x"}}`, actual)
      .length,
    1,
  );
});

Deno.test("markdown: request and output blocks pair up; server lines become the server spec", () => {
  const page = [
    "```bash",
    "FAKEAI_SEED=7 fakeai server --port 9000 --api-key 'sk 1' &",
    "curl -s localhost:9000/health",
    "```",
    "",
    "```json",
    '{"status":"healthy"}',
    "```",
    "",
    "```bash",
    "curl -s localhost:8000/v1/models",
    "```",
    "Text between: not an example.",
    "```json",
    "{}",
    "```",
  ].join("\n");
  const found = examples("x.md", page);
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].server, {
    explicit: true,
    args: ["--api-key", "sk 1"],
    env: { FAKEAI_SEED: "7" },
    port: 9000,
  });
  assert.equal(found[0].code.trim(), "curl -s localhost:9000/health");
  assert.equal(found[0].output.line, 6);
  // A server command that ends the block in the foreground is run as it is.
  assert.equal(splitServerLine("fakeai server --port x").server.args.length, 0);
  assert.deepEqual(shellWords(`a 'b c' "d \\"e\\"" f\\ g`), ["a", "b c", 'd "e"', "f g"]);
});
