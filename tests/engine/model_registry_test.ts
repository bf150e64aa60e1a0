/** The model list: configured models, models named by requests, strict mode, owned_by. */
import assert from "node:assert/strict";
import { ModelRegistry, ownerOf } from "../../src/engine/model_registry.ts";

const CREATED = 1_700_000_000;

Deno.test("lists the configured models in order with OpenAI's model shape", () => {
  const reg = new ModelRegistry(["gpt-4o", "meta-llama/Llama-3.1-8B-Instruct"], CREATED, false);
  assert.deepEqual(reg.list(), [
    { id: "gpt-4o", object: "model", created: CREATED, owned_by: "openai" },
    {
      id: "meta-llama/Llama-3.1-8B-Instruct",
      object: "model",
      created: CREATED,
      owned_by: "meta-llama",
    },
  ]);
  assert.deepEqual(reg.get("gpt-4o")?.id, "gpt-4o");
  assert.equal(reg.get("nope"), undefined);
});

Deno.test("non-strict: admit() accepts and lists an unknown model", () => {
  const reg = new ModelRegistry(["gpt-4o"], CREATED, false);
  assert.equal(reg.admit("gpt-4o"), true);
  assert.equal(reg.admit("my-org/custom-model"), true);
  assert.deepEqual(reg.get("my-org/custom-model"), {
    id: "my-org/custom-model",
    object: "model",
    created: CREATED,
    owned_by: "my-org",
  });
  assert.deepEqual(reg.list().map((m) => m.id), ["gpt-4o", "my-org/custom-model"]);
  assert.equal(reg.admit("my-org/custom-model"), true);
  assert.equal(reg.list().length, 2, "admitting twice lists once");
});

Deno.test("strict: only configured models are admitted; rejected ids are not listed", () => {
  const reg = new ModelRegistry(["gpt-4o"], CREATED, true);
  assert.equal(reg.admit("gpt-4o"), true);
  assert.equal(reg.admit("gpt-4o-unknown"), false);
  assert.equal(reg.get("gpt-4o-unknown"), undefined);
  assert.deepEqual(reg.list().map((m) => m.id), ["gpt-4o"]);
});

Deno.test("ids are case-sensitive", () => {
  const reg = new ModelRegistry(["gpt-4o"], CREATED, true);
  assert.equal(reg.admit("GPT-4O"), false);
});

Deno.test("models added by requests are bounded; admission still succeeds past the bound", () => {
  const reg = new ModelRegistry(["gpt-4o"], CREATED, false);
  for (let i = 0; i < 10_050; i++) assert.equal(reg.admit(`m-${i}`), true);
  assert.equal(reg.list().length, 1 + 10_000);
  assert.ok(reg.get("m-9999"));
  assert.equal(reg.get("m-10000"), undefined);
});

Deno.test("owned_by: the org before a slash", () => {
  assert.equal(ownerOf("meta-llama/Llama-3.1-8B-Instruct"), "meta-llama");
  assert.equal(ownerOf("openai/gpt-oss-120b"), "openai");
  assert.equal(ownerOf("nvidia/nv-rerankqa-mistral-4b-v3"), "nvidia");
  assert.equal(ownerOf("/leading-slash"), "fakeai");
});

Deno.test("owned_by: OpenAI families", () => {
  for (
    const id of [
      "gpt-4o",
      "o1",
      "o3-mini",
      "text-embedding-3-small",
      "dall-e-3",
      "tts-1",
      "whisper-1",
      "omni-moderation-latest",
      "chatgpt-4o-latest",
      "davinci-002",
      "babbage-002",
      "GPT-4",
    ]
  ) {
    assert.equal(ownerOf(id), "openai", id);
  }
});

Deno.test("owned_by: fine-tunes name their org; anything else is fakeai", () => {
  assert.equal(ownerOf("ft:gpt-4o-mini:acme-corp:custom:abc123"), "acme-corp");
  assert.equal(ownerOf("ft:gpt-4o"), "fakeai");
  assert.equal(ownerOf("mistral-7b"), "fakeai");
  assert.equal(ownerOf("llama3"), "fakeai");
  assert.equal(ownerOf("ollama"), "fakeai");
});
