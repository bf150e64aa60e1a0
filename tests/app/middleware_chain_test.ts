/**
 * The middleware chain holds only layers with work to do: each composed layer costs every request
 * a promise and a closure, so traffic checks that are off are left out, not passed through.
 */
import assert from "node:assert/strict";
import { passThrough } from "../../src/server/pass_through.ts";
import { testApp } from "../support/in_process.ts";

/** How many middlewares a chat completion passes through (every app-wide layer). */
function chatLayers(overrides: Parameters<typeof testApp>[0]): { count: number; idle: number } {
  const { app } = testApp(overrides);
  const layers = app.routes.filter((r) => r.path === "/*" && r.method === "ALL");
  return { count: layers.length, idle: layers.filter((r) => r.handler === passThrough).length };
}

Deno.test("middleware chain: no pass-through layer, and one more layer per traffic check turned on", () => {
  const defaults = chatLayers({});
  assert.equal(defaults.idle, 0);
  const cases = [
    { requireApiKey: true, apiKeys: ["sk-test-1"] },
    { enableAbuseDetection: true },
    { rateLimitEnabled: true },
  ];
  for (const overrides of cases) {
    const on = chatLayers(overrides);
    assert.equal(on.idle, 0, JSON.stringify(overrides));
    assert.equal(on.count, defaults.count + 1, JSON.stringify(overrides));
  }
});

Deno.test("middleware chain: traffic checks that are off still answer as before", async () => {
  const t = testApp({ ttftMs: 0, itlMs: 0 });
  const res = await t.post("/v1/chat/completions", {
    model: "gpt-4o",
    messages: [{ role: "user", content: "hi" }],
    max_tokens: 3,
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("x-ratelimit-limit-requests"), null);
  const keyed = testApp({ requireApiKey: true, apiKeys: ["sk-test-1"] });
  const refused = await keyed.post("/v1/chat/completions", { model: "gpt-4o", messages: [] });
  assert.equal(refused.status, 401);
});
