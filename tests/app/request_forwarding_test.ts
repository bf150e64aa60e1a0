/** RequestForwarder: a body over the forwarded routes' limit is refused while it arrives, never sent on. */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { RequestForwarder } from "../../src/app/request_forwarding.ts";
import { IsolateLink, type MessageEndpoint } from "../../src/app/isolate_link.ts";
import { type ApiError, errorResponse } from "../../src/server/errors.ts";
import type { AppEnv } from "../../src/server/app_env.ts";

Deno.test("request forwarding: an oversized body is a 413 and nothing reaches the owner", async () => {
  const posted: unknown[] = [];
  const endpoint: MessageEndpoint = { postMessage: (m) => posted.push(m), onmessage: null };
  const forwarder = new RequestForwarder((_m, path) => path.startsWith("/v1/files"), 1024);
  forwarder.connect(new IsolateLink(endpoint, {}));
  const app = new Hono<AppEnv>();
  app.use((c, next) => {
    c.set("requestId", "req_1");
    c.set("access", {});
    return next();
  });
  app.use(forwarder.middleware);
  app.onError((err) => errorResponse(err as ApiError));
  const res = await app.request("/v1/files", { method: "POST", body: "x".repeat(4096) });
  assert.equal(res.status, 413);
  await Promise.resolve();
  assert.deepEqual(posted, [], "no forwarded request");
});
