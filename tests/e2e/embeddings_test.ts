/** Embeddings against the real CLI: the openai SDK, the Vercel AI SDK and LangChain. */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { embed, embedMany } from "ai";
import { createOpenAI } from "@ai-sdk/openai";
import { OpenAIEmbeddings } from "@langchain/openai";
import { encode } from "gpt-tokenizer/encoding/cl100k_base";
import { type FakeAIProcess, startFakeAI } from "../support/fakeai_process.ts";

const MODEL = "text-embedding-3-small";
const SIMILAR = ["the cat sat on the mat", "a cat sat on a mat", "quarterly revenue rose sharply"];

async function withServer(fn: (client: OpenAI, server: FakeAIProcess) => Promise<void>) {
  const server = await startFakeAI({ args: ["--response-delay", "0"] });
  try {
    await fn(new OpenAI({ baseURL: server.baseURL, apiKey: "sk-test", maxRetries: 0 }), server);
  } finally {
    assert.equal(await server.stop(), 0);
  }
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

function assertSimilarityOrder(vectors: readonly (readonly number[])[]) {
  const close = cosine(vectors[0], vectors[1]);
  const far = cosine(vectors[0], vectors[2]);
  assert.ok(close > far, `cos(similar)=${close} > cos(unrelated)=${far}`);
}

Deno.test("e2e embeddings: openai SDK, base64 (its default) and float agree", async () => {
  await withServer(async (client) => {
    const viaBase64 = await client.embeddings.create({ model: MODEL, input: SIMILAR });
    const viaFloat = await client.embeddings.create({
      model: MODEL,
      input: SIMILAR,
      encoding_format: "float",
    });
    assert.equal(viaBase64.object, "list");
    assert.equal(viaBase64.model, MODEL);
    assert.equal(viaBase64.data.length, 3);
    // The SDK asked for base64 and decoded float32 bytes: every value is float32-exact, unlike
    // the decimal float form.
    assert.ok(viaBase64.data[0].embedding.every((x) => Math.fround(x) === x));
    assert.ok(!viaFloat.data[0].embedding.every((x) => Math.fround(x) === x));
    for (const [i, item] of viaBase64.data.entries()) {
      assert.equal(item.object, "embedding");
      assert.equal(item.index, i);
      assert.equal(item.embedding.length, 1536);
      assert.ok(Math.abs(norm(item.embedding) - 1) < 1e-5);
      const float = viaFloat.data[i].embedding;
      item.embedding.forEach((x, j) => assert.ok(Math.abs(x - float[j]) < 1e-6));
    }
    const tokens = SIMILAR.reduce((sum, text) => sum + encode(text).length, 0);
    assert.deepEqual(viaBase64.usage, { prompt_tokens: tokens, total_tokens: tokens });
    assertSimilarityOrder(viaBase64.data.map((d) => d.embedding));
  });
});

Deno.test("e2e embeddings: dimensions, large model, token-id input", async () => {
  await withServer(async (client) => {
    const large = await client.embeddings.create({ model: "text-embedding-3-large", input: "x" });
    assert.equal(large.data[0].embedding.length, 3072);
    const cut = await client.embeddings.create({
      model: "text-embedding-3-large",
      input: SIMILAR,
      dimensions: 256,
    });
    for (const item of cut.data) {
      assert.equal(item.embedding.length, 256);
      assert.ok(Math.abs(norm(item.embedding) - 1) < 1e-5);
    }
    assertSimilarityOrder(cut.data.map((d) => d.embedding));
    const ids = encode(SIMILAR[0]);
    const fromIds = await client.embeddings.create({ model: MODEL, input: [ids] });
    const fromText = await client.embeddings.create({ model: MODEL, input: SIMILAR[0] });
    assert.deepEqual(fromIds.data[0].embedding, fromText.data[0].embedding);
    assert.equal(fromIds.usage.prompt_tokens, ids.length);
  });
});

Deno.test("e2e embeddings: bad requests are BadRequestErrors like OpenAI's", async () => {
  await withServer(async (client) => {
    const create = (body: Record<string, unknown>) =>
      client.embeddings.create({ model: MODEL, ...body } as OpenAI.EmbeddingCreateParams);
    const invalidInput = (err: unknown) =>
      err instanceof OpenAI.BadRequestError && err.message.includes("'$.input' is invalid");
    await assert.rejects(
      create({}),
      (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === "input",
    );
    await assert.rejects(create({ input: "" }), invalidInput);
    await assert.rejects(create({ input: 42 }), invalidInput);
    await assert.rejects(create({ input: [] }), invalidInput);
    await assert.rejects(create({ input: ["ok", { text: "x" }] }), invalidInput);
    await assert.rejects(
      create({ input: "word ".repeat(9000) }),
      (e: unknown) =>
        e instanceof OpenAI.BadRequestError && e.message.includes("maximum context length is 8192"),
    );
    await assert.rejects(
      create({ input: "x", dimensions: 0 }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === "dimensions",
    );
    await assert.rejects(
      create({ input: "x", dimensions: 99_999 }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === "dimensions",
    );
    await assert.rejects(
      create({ model: "text-embedding-ada-002", input: "x", dimensions: 64 }),
      (e: unknown) =>
        e instanceof OpenAI.BadRequestError && e.message.includes("does not support specifying"),
    );
    await assert.rejects(
      create({ input: "x", encoding_format: "int8" }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === "encoding_format",
    );
  });
});

Deno.test("e2e embeddings: Vercel AI SDK embed and embedMany", async () => {
  await withServer(async (_client, server) => {
    const openai = createOpenAI({ baseURL: server.baseURL, apiKey: "sk-test" });
    const model = openai.embedding(MODEL);
    const one = await embed({ model, value: SIMILAR[0], maxRetries: 0 });
    assert.equal(one.embedding.length, 1536);
    assert.equal(one.usage.tokens, encode(SIMILAR[0]).length);
    const many = await embedMany({ model, values: SIMILAR, maxRetries: 0 });
    assert.equal(many.embeddings.length, 3);
    assert.deepEqual(many.embeddings[0], one.embedding);
    assertSimilarityOrder(many.embeddings);
    const small = await embed({ model, value: "short", dimensions: 64, maxRetries: 0 });
    assert.equal(small.embedding.length, 64);
  });
});

Deno.test("e2e embeddings: LangChain OpenAIEmbeddings embedQuery and embedDocuments", async () => {
  await withServer(async (_client, server) => {
    const embeddings = new OpenAIEmbeddings({
      model: MODEL,
      apiKey: "sk-test",
      maxRetries: 0,
      configuration: { baseURL: server.baseURL },
    });
    const query = await embeddings.embedQuery(SIMILAR[0]);
    assert.equal(query.length, 1536);
    const docs = await embeddings.embedDocuments(SIMILAR);
    assert.equal(docs.length, 3);
    docs[0].forEach((x, i) => assert.ok(Math.abs(x - query[i]) < 1e-6));
    assertSimilarityOrder(docs);
    const reduced = new OpenAIEmbeddings({
      model: "text-embedding-3-large",
      dimensions: 512,
      apiKey: "sk-test",
      configuration: { baseURL: server.baseURL },
    });
    assert.equal((await reduced.embedQuery("hello")).length, 512);
  });
});
