import assert from "node:assert/strict";
import { SETTINGS } from "../../../src/config/schema.ts";
import { EmbeddingModels } from "../../../src/modalities/embeddings/embedding_models.ts";

Deno.test("embedding model sizes: OpenAI's, the configured table, then the default", () => {
  const models = new EmbeddingModels(
    ["my/model=384", "text-embedding-3-small=512", "a=b=64"],
    1024,
  );
  assert.deepEqual(models.info("text-embedding-3-large"), {
    nativeDims: 3072,
    supportsDimensions: true,
    maxInputTokens: 8192,
  });
  assert.equal(models.info("openai/text-embedding-3-large").nativeDims, 3072);
  assert.equal(models.info("text-embedding-ada-002").nativeDims, 1536);
  assert.equal(models.info("text-embedding-ada-002").supportsDimensions, false);
  assert.equal(models.info("my/model").nativeDims, 384);
  assert.equal(models.info("a=b").nativeDims, 64);
  assert.equal(models.info("text-embedding-3-small").nativeDims, 512, "the table wins");
  assert.equal(models.info("unknown-embedder").nativeDims, 1024);
  assert.equal(models.info("unknown-embedder").supportsDimensions, true);
  for (const id of ["constructor", "__proto__", "openai/toString"]) {
    assert.deepEqual(models.info(id), models.info("unknown-embedder"), id);
  }
});

Deno.test("FAKEAI_EMBEDDING_DIMENSIONS accepts model=dims pairs and names a bad one", () => {
  const type = SETTINGS.embeddingDimensions.type;
  assert.deepEqual(type.fromString("a/b=384, c=2048"), { ok: true, value: ["a/b=384", "c=2048"] });
  for (const bad of ["a", "a=0", "a=1.5", "=384", "a=70000"]) {
    const parsed = type.fromString(bad);
    assert.equal(parsed.ok, false, bad);
  }
});
