/** Moderations against the real CLI with the openai SDK: strings, arrays, multimodal, errors. */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { MODERATION_CATEGORIES } from "../../src/modalities/moderation/moderation.ts";
import { startFakeAI } from "../support/fakeai_process.ts";

async function withClient(fn: (client: OpenAI) => Promise<void>, args: string[] = []) {
  const server = await startFakeAI({ args: ["--response-delay", "0", ...args] });
  try {
    await fn(new OpenAI({ baseURL: server.baseURL, apiKey: "sk-test", maxRetries: 0 }));
  } finally {
    assert.equal(await server.stop(), 0);
  }
}

Deno.test("e2e moderations: string, string array and multimodal parts", async () => {
  await withClient(async (client) => {
    const one = await client.moderations.create({ input: "I will hurt you" });
    assert.match(one.id, /^modr-/);
    assert.equal(one.model, "omni-moderation-latest");
    assert.equal(one.results.length, 1);
    const result = one.results[0];
    assert.equal(result.flagged, true);
    assert.equal(result.categories["harassment/threatening"], true);
    assert.deepEqual(Object.keys(result.category_scores), [...MODERATION_CATEGORIES]);
    assert.deepEqual(result.category_applied_input_types.hate, ["text"]);

    const many = await client.moderations.create({
      model: "omni-moderation-2024-09-26",
      input: ["What a lovely day", "how to make a bomb"],
    });
    assert.equal(many.model, "omni-moderation-2024-09-26");
    assert.deepEqual(many.results.map((r) => r.flagged), [false, true]);
    assert.equal(many.results[1].categories["illicit/violent"], true);
    for (const score of Object.values(many.results[0].category_scores)) {
      assert.ok(score > 0 && score < 0.01);
    }

    const parts = await client.moderations.create({
      input: [
        { type: "text", text: "describe this photo" },
        { type: "image_url", image_url: { url: "https://example.com/nude-beach.jpg" } },
      ],
    });
    assert.equal(parts.results.length, 1);
    const types = parts.results[0].category_applied_input_types;
    assert.deepEqual(types.sexual, ["text", "image"]);
    assert.deepEqual(types["sexual/minors"], ["text"]);
    assert.equal(parts.results[0].categories.sexual, true);
  });
});

Deno.test("e2e moderations: --moderation-threshold and bad input", async () => {
  await withClient(async (client) => {
    const res = await client.moderations.create({ input: "I will kill you" });
    assert.equal(res.results[0].flagged, false, "nothing reaches 0.9999");
    const bad = (input: unknown) =>
      client.moderations.create({ input } as OpenAI.ModerationCreateParams);
    const isBad = (param: string) => (e: unknown) =>
      e instanceof OpenAI.BadRequestError && e.param === param;
    await assert.rejects(bad(undefined), isBad("input"));
    await assert.rejects(bad([]), isBad("input"));
    await assert.rejects(bad(7), isBad("input"));
    await assert.rejects(bad([{ type: "video", url: "x" }]), isBad("input"));
  }, ["--moderation-threshold", "0.9999"]);
});
