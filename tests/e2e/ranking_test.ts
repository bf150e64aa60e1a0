/** The NIM reranker endpoint against the real CLI, driven with fetch like NIM clients do. */
import assert from "node:assert/strict";
import { startFakeAI } from "../support/fakeai_process.ts";

const MODEL = "nvidia/nv-rerankqa-mistral-4b-v3";

Deno.test("e2e ranking: relevant passages first, usage, truncation and errors", async () => {
  const server = await startFakeAI({ args: ["--response-delay", "0"] });
  const rank = async (body: unknown) => {
    const res = await fetch(`${server.baseURL}/ranking`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  };
  try {
    const passages = [
      "A100 provides up to 20X higher performance over the prior generation.",
      "Accelerated servers with H100 deliver 3 terabytes per second of memory bandwidth per GPU.",
      "The Hopper GPU is paired with the Grace CPU using a chip-to-chip interconnect.",
      "Bananas are an excellent source of potassium.",
    ];
    const body = {
      model: MODEL,
      query: { text: "What is the GPU memory bandwidth of H100?" },
      passages: passages.map((text) => ({ text })),
      truncate: "END",
    };
    const first = await rank(body);
    assert.equal(first.status, 200);
    assert.equal(first.json.rankings.length, 4);
    assert.equal(first.json.rankings[0].index, 1);
    assert.equal(first.json.rankings.at(-1).index, 3);
    assert.ok(first.json.usage.prompt_tokens > 0);
    assert.equal(first.json.usage.total_tokens, first.json.usage.prompt_tokens);
    assert.deepEqual((await rank(body)).json, first.json, "deterministic");

    const long = { ...body, passages: [{ text: "bandwidth ".repeat(700) }], truncate: "NONE" };
    const refused = await rank(long);
    assert.equal(refused.status, 400);
    assert.equal(refused.json.error.code, "context_length_exceeded");
    const cut = await rank({ ...long, truncate: "END" });
    assert.equal(cut.status, 200);
    assert.equal(cut.json.usage.prompt_tokens, 512);

    const bad = await rank({ model: MODEL, query: { text: "q" }, passages: "p" });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.param, "passages");
  } finally {
    assert.equal(await server.stop(), 0);
  }
});
