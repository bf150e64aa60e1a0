/** The limiter's identity and up-front charge, as pure functions. */
import assert from "node:assert/strict";
import { readJsonBody } from "../../../src/server/body.ts";
import { createHash } from "node:crypto";
import {
  clientIp,
  limiterIdentity,
  organizationId,
} from "../../../src/traffic/rate_limit/rate_limit_identity.ts";
import { presentedKey } from "../../../src/traffic/auth/auth_middleware.ts";
import {
  estimateCharge,
  outputAllowance,
} from "../../../src/traffic/rate_limit/rate_limit_charge.ts";

Deno.test("identity: a verified key's SHA-256, else the client IP, else anonymous", () => {
  const keyed = limiterIdentity("sk-test", "10.0.0.1");
  assert.equal(keyed, `key:${createHash("sha256").update("sk-test").digest("hex")}`);
  assert.equal(limiterIdentity("sk-test", null), keyed);
  assert.equal(limiterIdentity(undefined, "10.0.0.1"), "ip:10.0.0.1");
  assert.equal(limiterIdentity(undefined, "::1"), "ip:::1");
  assert.equal(limiterIdentity(undefined, null), "anonymous");
  assert.equal(clientIp({ remoteAddr: { hostname: "192.0.2.7", port: 5000 } }), "192.0.2.7");
  assert.equal(clientIp(undefined), null);
});

Deno.test("presented keys: Bearer or Basic with a blank user, nothing else", () => {
  assert.equal(presentedKey("Bearer sk-test"), "sk-test");
  assert.equal(presentedKey("bearer   sk-test "), "sk-test");
  assert.equal(presentedKey(`Basic ${btoa(":sk-test")}`), "sk-test");
  assert.equal(presentedKey(`Basic ${btoa("user:sk-test")}`), null);
  assert.equal(presentedKey("sk-test"), null);
  assert.equal(presentedKey("Bearer "), null);
  assert.equal(presentedKey(undefined), null);
});

Deno.test("organization ids are OpenAI-shaped and stable per identity", () => {
  const org = organizationId("key:abc");
  assert.match(org, /^org-[0-9A-Za-z]{24}$/);
  assert.equal(organizationId("key:abc"), org);
  assert.notEqual(organizationId("key:abd"), org);
});

Deno.test("output allowance: the request's max tokens times n; nothing when unset", () => {
  assert.equal(outputAllowance({ max_tokens: 100 }), 100);
  assert.equal(outputAllowance({ max_completion_tokens: 50, max_tokens: 100, n: 3 }), 150);
  assert.equal(outputAllowance({ max_output_tokens: 64 }), 64);
  assert.equal(outputAllowance({ n: 4 }), 0);
  assert.equal(outputAllowance({ max_tokens: "9", n: 2 }), 0);
  assert.equal(outputAllowance({ max_tokens: -1 }), 0);
});

Deno.test("charge: body length / 4 plus the allowance, on token endpoints only", async () => {
  const body = JSON.stringify({ model: "gpt-4o", messages: [], max_tokens: 10 });
  const post = (path: string, text: string, headers: Record<string, string> = {}) =>
    new Request(`http://x${path}`, {
      method: "POST",
      body: text,
      headers: { "content-type": "application/json", ...headers },
    });
  const request = post("/v1/chat/completions", body);
  assert.deepEqual(await estimateCharge(request, "/v1/chat/completions", 1 << 20), {
    tokens: Math.ceil(body.length / 4) + 10,
    model: "gpt-4o",
    metered: true,
  });
  // The route reads the same parsed body (one parse per request).
  assert.deepEqual(await readJsonBody(request, 1 << 20), JSON.parse(body));
  assert.deepEqual(
    await estimateCharge(post("/v1/images/generations", body), "/v1/images/generations", 1 << 20),
    {
      tokens: 0,
      model: null,
      metered: false,
    },
  );
  assert.deepEqual(
    await estimateCharge(post("/v1/embeddings", "{not json"), "/v1/embeddings", 1 << 20),
    { tokens: 0, model: null, metered: true }, // the route answers 400; nothing is charged
  );
  // Over the body limit: nothing charged (the route answers 413).
  assert.equal(
    (await estimateCharge(post("/v1/completions", body), "/v1/completions", 8)).tokens,
    0,
  );
  const get = new Request("http://x/v1/chat/completions");
  assert.equal((await estimateCharge(get, "/v1/chat/completions", 1 << 20)).metered, false);
});
