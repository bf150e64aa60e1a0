/** The auth middleware in process: open vs protected routes, admin, exact 401 bodies, metrics. */
import assert from "node:assert/strict";
import { type Config, defaultConfig } from "../../../src/config/schema.ts";
import { Engine } from "../../../src/engine/engine.ts";
import { type AppDeps, createApp } from "../../../src/app/create_app.ts";
import { KeyStore } from "../../../src/traffic/auth/key_store.ts";
import { memoryLogger } from "../../../src/util/logger.ts";
import {
  type AuthDeps,
  isOpenRoute,
  OPEN_ROUTES,
} from "../../../src/traffic/auth/auth_middleware.ts";
import { ManualClock } from "../../../src/util/clock.ts";
import { IdGenerator } from "../../../src/util/ids.ts";
import { withTempDir } from "../../support/temp_dir.ts";
import { testApp } from "../../support/in_process.ts";

const KEY = "sk-test-key-0123456789abcdef";
const MISSING =
  "You didn't provide an API key. You need to provide your API key in an Authorization header " +
  "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank " +
  "username) if you're accessing the API from your browser and are prompted for a username and " +
  "password. You can obtain an API key from https://platform.openai.com/account/api-keys.";

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const withKeys = (over: Partial<Config> = {}) => testApp({ apiKeys: [KEY], ...over });

Deno.test("auth: no key → 401 with OpenAI's exact body, code null", async () => {
  const t = withKeys();
  const res = await t.app.request("/v1/models");
  assert.equal(res.status, 401);
  assert.equal(res.headers.get("content-type"), "application/json");
  assert.match(res.headers.get("x-request-id")!, /^req_/);
  assert.deepEqual(await res.json(), {
    error: { message: MISSING, type: "invalid_request_error", param: null, code: null },
  });
  for (const header of ["Bearer", "Token abc", KEY, `Basic ${btoa(`user:${KEY}`)}`]) {
    const other = await t.app.request("/v1/models", { headers: { authorization: header } });
    assert.equal((await other.json()).error.message, MISSING, header);
  }
});

Deno.test("auth: wrong key → 401 invalid_api_key with the key masked like OpenAI", async () => {
  const t = withKeys();
  const wrong = "sk-wrong-" + "x".repeat(30) + "tail";
  const res = await t.post(
    "/v1/chat/completions",
    { model: "gpt-4o", messages: [] },
    bearer(wrong),
  );
  assert.equal(res.status, 401);
  assert.deepEqual(await res.json(), {
    error: {
      message: `Incorrect API key provided: sk-wrong${"*".repeat(31)}tail. You can find your API ` +
        "key at https://platform.openai.com/account/api-keys.",
      type: "invalid_request_error",
      param: null,
      code: "invalid_api_key",
    },
  });
  assert.ok(
    t.logger.stderr.some((l) => /"msg":"unauthorized".*"reason":"invalid_api_key"/.test(l)),
  );
  assert.ok(!t.logger.stderr.some((l) => l.includes(wrong)), "the key is not logged");
});

Deno.test("auth: the right key (Bearer or Basic with blank user) passes", async () => {
  const t = withKeys({ apiKeys: [KEY, "sk-second"] });
  assert.equal((await t.app.request("/v1/models", { headers: bearer(KEY) })).status, 200);
  assert.equal((await t.app.request("/v1/models", { headers: bearer("sk-second") })).status, 200);
  const basic = { authorization: `Basic ${btoa(`:${KEY}`)}` };
  assert.equal((await t.app.request("/v1/models", { headers: basic })).status, 200);
});

Deno.test("auth: the open routes answer without a key; everything else needs one", async () => {
  const t = withKeys();
  const open = [
    "/health",
    "/health/detailed",
    "/metrics",
    "/metrics/prometheus",
    "/metrics/vllm",
    "/dcgm/metrics",
    "/dcgm/metrics/json",
    "/kv-cache/metrics",
  ];
  for (const path of open) {
    const res = await t.app.request(path);
    assert.ok(res.status !== 401, `${path}: ${res.status}`);
  }
  const image = await t.app.request("/images/img-unknown.png");
  assert.equal(image.status, 404, "image URLs are open: the image is just not there");
  assert.equal((await image.json()).error.code, "image_not_found");
  const ws = await t.app.request("/metrics/streaming");
  assert.equal(ws.status, 426, "the metrics WebSocket is open (a plain GET gets 426)");
  for (
    const [method, path] of [
      ["GET", "/v1/models"],
      ["GET", "/v1/models/gpt-4o"],
      ["POST", "/v1/embeddings"],
      ["GET", "/kv-cache/events"],
      ["GET", "/v1/unknown"],
      ["POST", "/health"],
      ["POST", "/metrics"],
      ["DELETE", "/images/img-x.png"],
    ]
  ) {
    const res = await t.app.request(path, { method });
    assert.equal(res.status, 401, `${method} ${path}`);
  }
});

Deno.test("auth: /admin/* always needs a key when keys are configured", async () => {
  const t = withKeys();
  for (const path of ["/admin/clear-cache", "/admin/clear-kv-cache"]) {
    assert.equal((await t.app.request(path, { method: "POST" })).status, 401, path);
    const ok = await t.app.request(path, { method: "POST", headers: bearer(KEY) });
    assert.equal(ok.status, 200, path);
  }
});

Deno.test("auth: CORS preflight passes without a key", async () => {
  const t = withKeys();
  const res = await t.app.request("/v1/chat/completions", {
    method: "OPTIONS",
    headers: {
      origin: "https://app.example",
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization, content-type",
    },
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get("access-control-allow-headers"), "authorization, content-type");
});

Deno.test("auth: off without keys — every route answers without a key", async () => {
  const t = testApp();
  assert.equal((await t.app.request("/v1/models")).status, 200);
  assert.equal((await t.app.request("/admin/clear-cache", { method: "POST" })).status, 200);
});

Deno.test("auth: failures are counted as errors by code in the metrics", async () => {
  const t = withKeys();
  await t.app.request("/v1/models", { headers: bearer("sk-bad") });
  await t.app.request("/v1/models", { headers: bearer("sk-bad") });
  await t.app.request("/v1/models");
  const metrics = await (await t.app.request("/metrics")).json();
  assert.equal(metrics.errors.by_type.invalid_api_key, 2);
  assert.equal(metrics.errors.by_type.invalid_request_error, 1);
  assert.equal(metrics.responses["401"], 3);
});

Deno.test("auth: the app reads the store it was given, so a reload takes effect at once", async () => {
  await withTempDir({ "keys.txt": "sk-a\n" }, async (dir) => {
    const config = { ...defaultConfig(), apiKeysFile: [`${dir}/keys.txt`] } as Config;
    const loaded = KeyStore.load(config);
    assert.ok("store" in loaded);
    const engine = new Engine({ config, clock: new ManualClock(), ids: new IdGenerator(1) });
    const deps: AppDeps & AuthDeps = {
      config,
      engine,
      logger: memoryLogger(),
      keyStore: loaded.store,
    };
    const { app } = createApp(deps);
    assert.equal((await app.request("/v1/models", { headers: bearer("sk-a") })).status, 200);
    await Deno.writeTextFile(`${dir}/keys.txt`, "sk-b\n");
    assert.equal(loaded.store.reloadFiles().ok, true);
    assert.equal((await app.request("/v1/models", { headers: bearer("sk-b") })).status, 200);
    assert.equal((await app.request("/v1/models", { headers: bearer("sk-a") })).status, 401);
  });
});

Deno.test("OPEN_ROUTES: GET/HEAD only, exact paths and /x/* prefixes", () => {
  assert.ok(OPEN_ROUTES.includes("/health"));
  assert.equal(isOpenRoute("GET", "/metrics"), true);
  assert.equal(isOpenRoute("HEAD", "/health"), true);
  assert.equal(isOpenRoute("GET", "/metricsx"), false);
  assert.equal(isOpenRoute("GET", "/health/"), false);
  assert.equal(isOpenRoute("GET", "/kv-cache/events"), false);
  assert.equal(isOpenRoute("POST", "/images/x.png"), false);
  assert.equal(isOpenRoute("GET", "/admin/clear-cache"), false);
});
