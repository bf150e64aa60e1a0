/** /v1/embeddings in process: wire shape, usage, encodings and OpenAI's exact 400s. */
import assert from "node:assert/strict";
import { encode } from "gpt-tokenizer/encoding/cl100k_base";
import { testApp } from "../../support/in_process.ts";

const MODEL = "text-embedding-3-small";
const INVALID_INPUT =
  "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.";

async function embeddings(body: unknown, overrides = {}) {
  const res = await testApp(overrides).post("/v1/embeddings", body);
  return { status: res.status, json: await res.json() };
}

function decodeBase64Floats(b64: string): number[] {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return Array.from(new Float32Array(bytes.buffer));
}

Deno.test("embeddings: list shape, one item per input, real token usage", async () => {
  const input = ["The quick brown fox.", "Vector search with embeddings"];
  const { status, json } = await embeddings({ model: MODEL, input });
  assert.equal(status, 200);
  assert.equal(json.object, "list");
  assert.equal(json.model, MODEL);
  assert.deepEqual(json.data.map((d: { index: number }) => d.index), [0, 1]);
  for (const item of json.data) {
    assert.equal(item.object, "embedding");
    assert.equal(item.embedding.length, 1536);
  }
  const tokens = encode(input[0]).length + encode(input[1]).length;
  assert.deepEqual(json.usage, { prompt_tokens: tokens, total_tokens: tokens });
});

Deno.test("embeddings: base64 is the float32 little-endian form of the float vector", async () => {
  const body = { model: "text-embedding-3-large", input: "same text", dimensions: 256 };
  const floats = (await embeddings(body)).json.data[0].embedding as number[];
  const b64 = (await embeddings({ ...body, encoding_format: "base64" })).json.data[0].embedding;
  assert.equal(typeof b64, "string");
  const decoded = decodeBase64Floats(b64);
  assert.equal(decoded.length, 256);
  decoded.forEach((x, i) => assert.ok(Math.abs(x - floats[i]) < 1e-6));
});

Deno.test("embeddings: token-id inputs embed the decoded text and count the ids", async () => {
  const text = "Token arrays are accepted too.";
  const ids = encode(text);
  const fromText = (await embeddings({ model: MODEL, input: text })).json;
  const fromIds = (await embeddings({ model: MODEL, input: ids })).json;
  const fromBatch = (await embeddings({ model: MODEL, input: [ids, ids.slice(0, 2)] })).json;
  assert.deepEqual(fromIds.data[0].embedding, fromText.data[0].embedding);
  assert.deepEqual(fromBatch.data[0].embedding, fromText.data[0].embedding);
  assert.equal(fromIds.usage.prompt_tokens, ids.length);
  assert.equal(fromBatch.usage.prompt_tokens, ids.length + 2);
});

Deno.test("embeddings: default sizes per model and the configured table", async () => {
  const size = async (model: string, overrides = {}) =>
    (await embeddings({ model, input: "x" }, overrides)).json.data[0].embedding.length;
  assert.equal(await size("text-embedding-3-large"), 3072);
  assert.equal(await size("text-embedding-ada-002"), 1536);
  assert.equal(await size("nomic-ai/nomic-embed-text-v1.5"), 768);
  assert.equal(await size("my-embedder", { embeddingDimensions: ["my-embedder=100"] }), 100);
  assert.equal(await size("other-embedder", { embeddingDefaultDimensions: 64 }), 64);
});

Deno.test("embeddings: malformed input gets OpenAI's '$.input' is invalid", async () => {
  const bad = [
    "",
    [],
    [""],
    ["ok", ""],
    [[]],
    ["a", 1],
    [1.5],
    [-1],
    [999_999_999],
    42,
    { text: "x" },
    null,
    Array(2049).fill("x"),
  ];
  for (const input of bad) {
    const { status, json } = await embeddings({ model: MODEL, input });
    assert.equal(status, 400, JSON.stringify(input).slice(0, 40));
    assert.deepEqual(json.error, {
      message: INVALID_INPUT,
      type: "invalid_request_error",
      param: null,
      code: null,
    });
  }
  assert.equal((await embeddings({ model: MODEL, input: Array(2048).fill("x") })).status, 200);
});

Deno.test("embeddings: missing fields, bad dimensions and encoding_format are named 400s", async () => {
  const missing = await embeddings({ model: MODEL });
  assert.equal(missing.json.error.code, "missing_required_parameter");
  assert.equal(missing.json.error.param, "input");
  assert.equal((await embeddings({ input: "x" })).json.error.param, "model");

  const zero = await embeddings({ model: MODEL, input: "x", dimensions: 0 });
  assert.equal(zero.status, 400);
  assert.equal(zero.json.error.param, "dimensions");
  const big = await embeddings({ model: MODEL, input: "x", dimensions: 1537 });
  assert.equal(big.json.error.code, "integer_above_max_value");
  assert.equal((await embeddings({ model: MODEL, input: "x", dimensions: 1.5 })).status, 400);
  assert.equal((await embeddings({ model: MODEL, input: "x", dimensions: "8" })).status, 400);
  const ada = await embeddings({ model: "text-embedding-ada-002", input: "x", dimensions: 8 });
  assert.equal(ada.status, 400);
  assert.equal(ada.json.error.message, "This model does not support specifying dimensions.");

  const format = await embeddings({ model: MODEL, input: "x", encoding_format: "int8" });
  assert.equal(format.status, 400);
  assert.equal(format.json.error.param, "encoding_format");
  assert.equal(
    format.json.error.message,
    "Invalid value: 'int8'. Supported values are: 'float', 'base64'.",
  );
});

Deno.test("embeddings: token limits per input and per request", async () => {
  const long = "hello ".repeat(8200);
  const tokens = encode(long).length;
  const one = await embeddings({ model: MODEL, input: long });
  assert.equal(one.status, 400);
  assert.equal(
    one.json.error.message,
    `This model's maximum context length is 8192 tokens, however you requested ${tokens} tokens ` +
      `(${tokens} in your prompt; 0 for the completion). Please reduce your prompt; or completion length.`,
  );
  const chunk = "hello ".repeat(8000); // 8000 tokens each, 38 of them: 304000 tokens
  const many = await embeddings({ model: MODEL, input: Array(38).fill(chunk) });
  assert.equal(many.status, 400);
  assert.deepEqual(many.json.error, {
    message: `Requested ${38 * encode(chunk).length} tokens, max 300000 tokens per request`,
    type: "max_tokens_per_request",
    param: null,
    code: "max_tokens_per_request",
  });
});

Deno.test("embeddings: strict models answer 404 for unlisted ids", async () => {
  const { status, json } = await embeddings({ model: "nope", input: "x" }, { strictModels: true });
  assert.equal(status, 404);
  assert.equal(json.error.code, "model_not_found");
});

Deno.test("embeddings: a token array over 8192 ids is refused by the token limit", async () => {
  const { status, json } = await embeddings({ model: MODEL, input: Array(9000).fill(15339) });
  assert.equal(status, 400);
  assert.match(json.error.message, /however you requested 9000 tokens/);
});
