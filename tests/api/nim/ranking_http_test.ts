/** /v1/ranking (NIM reranker) in process: ordering, usage, truncation, errors. */
import assert from "node:assert/strict";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { testApp } from "../../support/in_process.ts";

const MODEL = "nvidia/nv-rerankqa-mistral-4b-v3";

async function rank(body: unknown) {
  const res = await testApp().post("/v1/ranking", body);
  return { status: res.status, json: await res.json() };
}

Deno.test("ranking: rankings sorted by logit with token usage", async () => {
  const query = "which way should i go?";
  const passages = [
    "two roads diverged in a yellow wood",
    "bananas are yellow",
    "which way should you go? take the road to the left",
  ];
  const { status, json } = await rank({
    model: MODEL,
    query: { text: query },
    passages: passages.map((text) => ({ text })),
  });
  assert.equal(status, 200);
  assert.deepEqual(Object.keys(json), ["rankings", "usage"]);
  assert.equal(json.rankings[0].index, 2);
  assert.deepEqual(json.rankings.map((r: { index: number }) => r.index).sort(), [0, 1, 2]);
  for (let i = 1; i < json.rankings.length; i++) {
    assert.ok(json.rankings[i - 1].logit >= json.rankings[i].logit);
  }
  const tokens = passages.reduce((sum, p) => sum + encode(query).length + encode(p).length, 0);
  assert.deepEqual(json.usage, { prompt_tokens: tokens, total_tokens: tokens });
});

Deno.test("ranking: over the pair limit, NONE (the default) is a 400 and END truncates", async () => {
  const long = { text: "word ".repeat(600) };
  const body = { model: MODEL, query: { text: "a word" }, passages: [{ text: "short" }, long] };
  for (const truncate of [undefined, "NONE"]) {
    const { status, json } = await rank({ ...body, truncate });
    assert.equal(status, 400);
    assert.equal(json.error.param, "passages[1].text");
    assert.equal(json.error.code, "context_length_exceeded");
  }
  const { status, json } = await rank({ ...body, truncate: "END" });
  assert.equal(status, 200);
  const shortPair = encode("a word").length + encode("short").length;
  assert.equal(json.usage.prompt_tokens, shortPair + 512);
  const big = await rank({ ...body, model: "nvidia/llama-3.2-nv-rerankqa-1b-v2" });
  assert.equal(big.status, 200, "8192-token models take it whole");
});

Deno.test("ranking: malformed requests are 400s in the OpenAI envelope", async () => {
  const cases: Array<[unknown, string]> = [
    [{ query: { text: "q" }, passages: [{ text: "p" }] }, "model"],
    [{ model: MODEL, passages: [{ text: "p" }] }, "query"],
    [{ model: MODEL, query: "q", passages: [{ text: "p" }] }, "query"],
    [{ model: MODEL, query: { text: "" }, passages: [{ text: "p" }] }, "query.text"],
    [{ model: MODEL, query: { text: "q" }, passages: [] }, "passages"],
    [{ model: MODEL, query: { text: "q" }, passages: ["p"] }, "passages[0]"],
    [
      { model: MODEL, query: { text: "q" }, passages: [{ text: "p" }], truncate: "START" },
      "truncate",
    ],
  ];
  for (const [body, param] of cases) {
    const { status, json } = await rank(body);
    assert.equal(status, 400, JSON.stringify(body));
    assert.equal(json.error.type, "invalid_request_error");
    assert.equal(json.error.param, param);
  }
});
