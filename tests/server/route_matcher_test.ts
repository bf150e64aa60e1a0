/** routeMatcher asks the app's own router, so Hono's path syntax decides 405 vs 404. */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { routeMatcher } from "../../src/server/route_matcher.ts";

function app(): Hono {
  const a = new Hono();
  a.use(async (_c, next) => await next());
  a.use("/v1/*", async (_c, next) => await next());
  a.get("/v1/models/:model{.+}", (c) => c.text("model"));
  a.post("/v1/chat/completions", (c) => c.text("chat"));
  a.get("/v1/files/:id", (c) => c.text("file"));
  a.delete("/v1/files/:id", (c) => c.text("deleted"));
  a.get("/v1/files/:id/content", (c) => c.text("content"));
  return a;
}

Deno.test("route matcher: the methods of every route that matches, middleware left out", () => {
  const m = routeMatcher(app());
  assert.deepEqual(m.methodsFor("/v1/chat/completions"), {
    methods: ["POST"],
    routePath: "/v1/chat/completions",
  });
  assert.deepEqual(m.methodsFor("/v1/files/file-1"), {
    methods: ["GET", "DELETE"],
    routePath: "/v1/files/:id",
  });
  assert.deepEqual(m.methodsFor("/v1/files/file-1/content").methods, ["GET"]);
  // A custom-regex parameter spans slashes, as it does when the request is dispatched.
  assert.deepEqual(m.methodsFor("/v1/models/meta-llama/Llama-3.1-8B").methods, ["GET"]);
  // Paths that only middleware (app.use) matches are unknown.
  assert.deepEqual(m.methodsFor("/v1/nope"), { methods: [], routePath: null });
  assert.deepEqual(m.methodsFor("/"), { methods: [], routePath: null });
});

Deno.test("route matcher: works after the app has served requests", async () => {
  const a = app();
  assert.equal(await (await a.request("/v1/files/f", { method: "DELETE" })).text(), "deleted");
  assert.deepEqual(routeMatcher(a).methodsFor("/v1/files/f").methods, ["GET", "DELETE"]);
});
