/** Responses `tools`: function tools are validated as such; other types are built-in tools. */
import assert from "node:assert/strict";
import { testApp } from "../../support/in_process.ts";

const app = () => testApp({ ttftMs: 0, itlMs: 0 });
const request = (tools: unknown) => ({
  model: "gpt-4o",
  input: "Hi",
  max_output_tokens: 16,
  tools,
});

Deno.test("responses: a function tool without a valid name is a 400 naming the field, not a 500", async () => {
  // Found by the request fuzzer (tests/reliability): {"type":"function"} passed as a built-in
  // tool and the planner read the name it did not have.
  const cases: Array<[unknown, string, string]> = [
    [[{ type: "function" }], "tools[0].name", "Missing required parameter: 'tools[0].name'."],
    [[{ type: "web_search" }, { type: "function", name: 5 }], "tools[1].name", "Invalid type"],
    [[{ type: "function", name: "f", parameters: 1 }], "tools[0].parameters", "Invalid type"],
  ];
  for (const [tools, param, message] of cases) {
    const res = await app().post("/v1/responses", request(tools));
    assert.equal(res.status, 400, JSON.stringify(tools));
    const { error } = await res.json();
    assert.equal(error.param, param);
    assert.ok(error.message.startsWith(message), error.message);
  }
});

Deno.test("responses: built-in tools are accepted and never called; function tools work", async () => {
  for (const tools of [[{ type: "web_search" }], [{ type: "function", name: "get_weather" }]]) {
    const res = await app().post("/v1/responses", request(tools));
    assert.equal(res.status, 200, JSON.stringify(tools));
    await res.body?.cancel();
  }
});
