/** The dashboard's routes in process: page and assets, caching, CSP, the / redirect, key checks. */
import assert from "node:assert/strict";
import { ASSETS } from "../../../src/api/ops/dashboard_assets.ts";
import { prefersHtml } from "../../../src/api/ops/dashboard.ts";
import { PANELS } from "../../../src/api/ops/dashboard/panels.js";
import { SeriesStore } from "../../../src/api/ops/dashboard/series.js";
import { liveSnapshot } from "../../../src/metrics/live_snapshot.ts";
import { keySubprotocol, subprotocolKey } from "../../../src/traffic/auth/websocket_key.ts";
import { testApp } from "../../support/in_process.ts";

const BROWSER_ACCEPT =
  "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

Deno.test("dashboard: the page and every asset, with content types, ETag, no-cache and CSP", async () => {
  const { app } = testApp();
  const page = await app.request("/dashboard");
  assert.equal(page.status, 200);
  assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
  const csp = page.headers.get("content-security-policy")!;
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  const html = await page.text();
  assert.doesNotMatch(html, /<script>|<style|\sstyle=|\son[a-z]+=/i, "no inline script or style");
  for (const src of html.matchAll(/(?:src|href)="(\/dashboard\/assets\/[^"]+)"/g)) {
    const res = await app.request(src[1]);
    assert.equal(res.status, 200, src[1]);
    await res.body?.cancel();
  }
  for (const [name, asset] of ASSETS) {
    const res = await app.request(`/dashboard/assets/${name}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), asset.contentType);
    assert.equal(res.headers.get("cache-control"), "no-cache");
    const etag = res.headers.get("etag")!;
    assert.match(etag, /^"[0-9a-f]{32}"$/);
    assert.equal(await res.text(), asset.body);
    const again = await app.request(`/dashboard/assets/${name}`, {
      headers: { "if-none-match": etag },
    });
    assert.equal(again.status, 304);
  }
  const missing = await app.request("/dashboard/assets/nope.js");
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.type, "invalid_request_error");
});

Deno.test("dashboard: / redirects browsers, everything else keeps the unknown-route 404", async () => {
  const { app } = testApp();
  const browser = await app.request("/", { headers: { accept: BROWSER_ACCEPT } });
  assert.equal(browser.status, 302);
  assert.equal(browser.headers.get("location"), "/dashboard");
  for (
    const accept of [undefined, "*/*", "application/json", "application/json, text/html;q=0.5"]
  ) {
    const res = await app.request("/", { headers: accept ? { accept } : {} });
    assert.equal(res.status, 404, String(accept));
    assert.equal((await res.json()).error.code, "unknown_url");
  }
  assert.equal(prefersHtml("text/html"), true);
  assert.equal(prefersHtml("text/html;q=0, */*"), false);
});

Deno.test("dashboard: with keys, the page is open, /dashboard/info and a WebSocket key are checked", async () => {
  const { app } = testApp({ apiKeys: ["sk-right"] });
  assert.equal((await app.request("/dashboard")).status, 200);
  assert.equal((await app.request("/dashboard/assets/main.js")).status, 200);
  assert.equal((await app.request("/dashboard/info")).status, 401);
  const info = await app.request("/dashboard/info", {
    headers: { authorization: "Bearer sk-right" },
  });
  assert.equal(info.status, 200);
  const body = await info.json();
  assert.ok(body.features.includes("api_keys"));
  assert.equal(typeof body.ttft_ms, "number");
  // The live stream stays open without a key; a key offered in the subprotocol must be right.
  const ws = (protocols: string) =>
    app.request("/metrics/streaming", {
      headers: { upgrade: "websocket", "sec-websocket-protocol": protocols },
    });
  const wrong = await ws(`fakeai.metrics, ${keySubprotocol("sk-wrong")}`);
  assert.equal(wrong.status, 401);
  assert.equal((await wrong.json()).error.code, "invalid_api_key");
  const garbled = await ws("fakeai.metrics, fakeai.key.***");
  assert.equal(garbled.status, 401);
  await garbled.body?.cancel();
  // A right key passes auth (the in-process request is no real upgrade: the route then says so).
  const right = await ws(`fakeai.metrics, ${keySubprotocol("sk-right")}`);
  assert.notEqual(right.status, 401);
  await right.body?.cancel();
});

Deno.test("websocket key: base64url round trip, absent and unreadable offers", () => {
  for (const key of ["sk-right", "ключ/+=?", "a"]) {
    const offer = keySubprotocol(key);
    assert.match(offer, /^fakeai\.key\.[A-Za-z0-9_-]+$/);
    assert.equal(subprotocolKey(`fakeai.metrics, ${offer}`), key);
  }
  assert.equal(subprotocolKey(undefined), undefined);
  assert.equal(subprotocolKey("fakeai.metrics"), undefined);
  assert.equal(subprotocolKey("fakeai.key.%%"), null);
  assert.equal(subprotocolKey("fakeai.key._w"), null); // not UTF-8
});

Deno.test("dashboard: the timing ledger is a header feature; lateness shows its off message", async () => {
  for (const timingLedger of [false, true]) {
    const { app } = testApp({ timingLedger });
    const info = await (await app.request("/dashboard/info")).json();
    assert.equal(info.features.includes("timing_ledger"), timingLedger);
  }
  const frame = (timing_ledger: boolean, t: number) => ({
    timestamp: new Date(t * 1000).toISOString(),
    timing_ledger,
    lateness_p50_ms: 0.2,
    lateness_p99_ms: 1.5,
    lateness_max_ms: 4,
  });
  const off = new SeriesStore(PANELS);
  off.ingest(frame(false, 1), null);
  assert.equal(off.notes.get("lateness"), "timing ledger off — start with --timing-ledger");
  assert.deepEqual(off.latest("lateness"), []);
  assert.equal(off.points.get("lateness"), 0);
  const on = new SeriesStore(PANELS);
  on.ingest(frame(true, 1), null);
  assert.equal(on.notes.get("lateness"), null);
  assert.deepEqual(on.latest("lateness"), [["p50", 0.2], ["p99", 1.5], ["max", 4], ["on time", 0]]);
  assert.equal(on.points.get("lateness"), 1);
});

Deno.test("dashboard: tokens/s by endpoint (input, output) from real requests' usage", async () => {
  const t = testApp({ ttftMs: 0, itlMs: 0 });
  const registry = t.metrics!;
  const store = new SeriesStore(PANELS);
  store.ingest(liveSnapshot(registry), null);
  const chat = await (await t.post("/v1/chat/completions", {
    model: "gpt-4o",
    messages: [{ role: "user", content: "hello there" }],
    max_tokens: 4,
  })).json();
  const embedding = await (await t.post("/v1/embeddings", {
    model: "text-embedding-3-small",
    input: "some words",
  })).json();
  t.clock.advance(2000);
  const frame = liveSnapshot(registry);
  const CHAT = "/v1/chat/completions";
  assert.equal(frame.endpoints[CHAT].prompt_tokens_total, chat.usage.prompt_tokens);
  assert.equal(frame.endpoints[CHAT].completion_tokens_total, chat.usage.completion_tokens);
  assert.equal(
    frame.endpoints["/v1/embeddings"].prompt_tokens_total,
    embedding.usage.prompt_tokens,
  );
  assert.equal(frame.endpoints["/v1/embeddings"].completion_tokens_total, 0);
  store.ingest(frame, null);
  const latest = Object.fromEntries(store.latest("endpoint_tokens"));
  assert.equal(latest[`${CHAT} in`], chat.usage.prompt_tokens / 2);
  assert.equal(latest[`${CHAT} out`], chat.usage.completion_tokens / 2);
  assert.equal(latest["/v1/embeddings in"], embedding.usage.prompt_tokens / 2);
  // Only what carried tokens is drawn: embeddings have no output.
  assert.equal("/v1/embeddings out" in latest, false);
  assert.equal(store.points.get("endpoint_tokens"), 1);
});
