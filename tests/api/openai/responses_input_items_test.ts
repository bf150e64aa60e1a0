/** GET /v1/responses/{id}/input_items: the shared list paging (after, limit 1-100, order). */
import assert from "node:assert/strict";
import { testApp } from "../../support/in_process.ts";

async function stored() {
  const t = testApp({ ttftMs: 0, itlMs: 0 });
  const input = ["one", "two", "three"].map((text) => ({ role: "user", content: text }));
  const res = await t.post("/v1/responses", { model: "gpt-4o", input, max_output_tokens: 16 });
  assert.equal(res.status, 200);
  const { id } = await res.json();
  const list = async (query: string) => {
    const answer = await t.app.request(`/v1/responses/${id}/input_items${query}`);
    return { status: answer.status, body: await answer.json() };
  };
  return { list };
}

Deno.test("input_items pages with after and limit, newest first by default", async () => {
  const { list } = await stored();
  const all = await list("");
  assert.equal(all.status, 200);
  assert.equal(all.body.data.length, 3);
  assert.equal(all.body.data[0].content[0].text, "three");
  assert.equal(all.body.has_more, false);
  const first = await list("?limit=2&order=asc");
  assert.deepEqual(first.body.data.map((i: { content: [{ text: string }] }) => i.content[0].text), [
    "one",
    "two",
  ]);
  assert.equal(first.body.has_more, true);
  const next = await list(`?limit=2&order=asc&after=${first.body.last_id}`);
  assert.equal(next.body.data.length, 1);
  assert.equal(next.body.data[0].content[0].text, "three");
  assert.equal(next.body.has_more, false);
  assert.equal((await list("?limit=")).status, 200, "an empty limit is the default");
});

Deno.test("input_items: an unknown after and a non-integer limit are 400s naming the parameter", async () => {
  // Found extending the request fuzzer (tests/reliability) to stored responses: an unknown cursor
  // restarted the list from the top (a paginating client looped forever), and limit=0x10 or 1e1
  // passed as integers.
  const { list } = await stored();
  for (
    const [query, param] of [
      ["?after=msg_nope", "after"],
      ["?limit=0x10", "limit"],
      ["?limit=1e1", "limit"],
      ["?limit=0", "limit"],
      ["?limit=101", "limit"],
      ["?order=up", "order"],
    ]
  ) {
    const { status, body } = await list(query);
    assert.equal(status, 400, query);
    assert.equal(body.error.param, param, query);
  }
});
