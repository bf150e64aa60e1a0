/**
 * The request event carries the route's token usage (its access fields) into the per-endpoint
 * token totals, once per request: a forwarded request is counted by the isolate that forwarded it
 * (from the fields the owner reports back), never by the owner that ran the route.
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { MetricsRegistry } from "../../src/metrics/registry.ts";
import type { AppEnv } from "../../src/server/app_env.ts";
import { type ForwardedOutcome, markForwarded } from "../../src/server/forwarded_requests.ts";
import { requestContext } from "../../src/server/request_context.ts";
import { ManualClock } from "../../src/util/clock.ts";
import { IdGenerator } from "../../src/util/ids.ts";
import { memoryLogger } from "../../src/util/logger.ts";

function app(metrics: MetricsRegistry, clock: ManualClock) {
  const app = new Hono<AppEnv>();
  app.use(requestContext({ clock, ids: new IdGenerator(1), logger: memoryLogger(), metrics }));
  app.post("/v1/chat/completions", (c) => {
    c.set("access", { model: "gpt-4o", prompt_tokens: 11, completion_tokens: 7 });
    return c.json({});
  });
  app.get("/v1/models", (c) => c.json({}));
  return app;
}

Deno.test("request context: the route's usage goes into the endpoint's token totals", async () => {
  const clock = new ManualClock();
  const metrics = new MetricsRegistry({ clock, windowSeconds: 60 });
  const a = app(metrics, clock);
  for (let i = 0; i < 2; i++) {
    await (await a.request("/v1/chat/completions", { method: "POST" })).body?.cancel();
  }
  await (await a.request("/v1/models")).body?.cancel();
  assert.deepEqual(metrics.endpointTokens("/v1/chat/completions"), { prompt: 22, completion: 14 });
  assert.deepEqual(metrics.endpointTokens("/v1/models"), { prompt: 0, completion: 0 });
});

Deno.test("request context: a forwarded request's tokens are reported, not counted by the owner", async () => {
  const clock = new ManualClock();
  const owner = new MetricsRegistry({ clock, windowSeconds: 60 });
  const reports: ForwardedOutcome[] = [];
  const request = new Request("http://x/v1/chat/completions", { method: "POST" });
  markForwarded(request, (outcome) => reports.push(outcome));
  await (await app(owner, clock).request(request)).body?.cancel();
  assert.deepEqual(owner.endpointTokens("/v1/chat/completions"), { prompt: 0, completion: 0 });
  assert.equal(owner.snapshot().endpoints.length, 0, "the owner records no request event");
  assert.equal(reports.length, 1);
  assert.deepEqual(reports[0].access, { model: "gpt-4o", prompt_tokens: 11, completion_tokens: 7 });
});
