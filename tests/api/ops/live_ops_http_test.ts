/** /health/detailed and the non-WebSocket answers of /metrics/streaming, in process. */
import assert from "node:assert/strict";
import { type Config, defaultConfig } from "../../../src/config/schema.ts";
import { Engine } from "../../../src/engine/engine.ts";
import { createApp } from "../../../src/app/create_app.ts";
import { memoryLogger } from "../../../src/util/logger.ts";
import { ManualClock } from "../../../src/util/clock.ts";
import { IdGenerator } from "../../../src/util/ids.ts";

function setup(overrides: Partial<Config> = {}) {
  const config = { ...defaultConfig(), responseDelay: 0, ttftMs: 0, itlMs: 0, ...overrides };
  const clock = new ManualClock();
  const engine = new Engine({ config: config as Config, clock, ids: new IdGenerator(1) });
  const { app, lifecycle } = createApp({
    config: config as Config,
    engine,
    logger: memoryLogger(),
  });
  const chat = (body: unknown) =>
    app.request("/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const detailed = async () => {
    const res = await app.request("/health/detailed");
    return { status: res.status, headers: res.headers, body: await res.json() };
  };
  return { app, clock, lifecycle, chat, detailed };
}

const GOOD = { model: "gpt-4o", messages: [{ role: "user", content: "hi" }], max_tokens: 2 };

Deno.test("/health/detailed: healthy after good requests, with the figures behind it", async () => {
  const t = setup();
  for (let i = 0; i < 25; i++) assert.equal((await t.chat(GOOD)).status, 200);
  t.clock.advance(5000);
  const { status, body } = await t.detailed();
  assert.equal(status, 200);
  assert.equal(body.status, "healthy");
  assert.equal(body.checks.error_rate.value, 0);
  assert.equal(body.checks.error_rate.requests_in_window, 25);
  assert.equal(body.checks.error_rate.window_seconds, 300);
  assert.equal(body.endpoints["/v1/chat/completions"].requests_per_second, 2.5);
  assert.ok(body.checks.memory.rss_bytes > 0);
  assert.match(body.timestamp, /^\d{4}-\d\d-\d\dT/);
  assert.equal(body.uptime, 5);
});

Deno.test("/health/detailed: 30 invalid requests make it unhealthy → 503", async () => {
  const t = setup();
  for (let i = 0; i < 30; i++) {
    const res = await t.chat({ model: "gpt-4o", messages: "not a list" });
    assert.equal(res.status, 400);
    await res.body?.cancel();
  }
  const { status, headers, body } = await t.detailed();
  assert.equal(status, 503);
  assert.equal(headers.get("retry-after"), "1");
  assert.equal(body.status, "unhealthy");
  assert.equal(body.checks.error_rate.value, 1);
});

Deno.test("/health/detailed: a few errors among many requests → degraded, still 200", async () => {
  const t = setup();
  for (let i = 0; i < 27; i++) await t.chat(GOOD);
  for (let i = 0; i < 2; i++) await t.chat({ model: "gpt-4o" });
  // 2 errors among 29 requests: 6.9 % (the probe itself is recorded once it has answered).
  const { status, body } = await t.detailed();
  assert.equal(body.checks.error_rate.requests_in_window, 29);
  assert.equal(body.status, "degraded");
  assert.equal(status, 200);
});

Deno.test("/health/detailed: 503 while draining", async () => {
  const t = setup();
  t.lifecycle.beginDrain();
  const res = await t.app.request("/health/detailed");
  assert.equal(res.status, 503);
  assert.match(await res.text(), /shutting_down/);
});

Deno.test("/health/detailed with metrics disabled: healthy, metric checks null", async () => {
  const t = setup({ metricsEnabled: false });
  const { status, body } = await t.detailed();
  assert.equal(status, 200);
  assert.equal(body.status, "healthy");
  assert.equal(body.checks.error_rate, null);
});

Deno.test("/metrics/streaming and /metrics/stream: a plain GET → 426 in OpenAI's shape", async () => {
  const t = setup();
  for (const path of ["/metrics/streaming", "/metrics/stream"]) {
    const res = await t.app.request(path);
    assert.equal(res.status, 426);
    assert.equal(res.headers.get("upgrade"), "websocket");
    const body = await res.json();
    assert.equal(body.error.type, "invalid_request_error");
    assert.equal(body.error.code, "upgrade_required");
    assert.equal(body.error.param, null);
  }
});

Deno.test("/metrics/streaming: a broken handshake → 400, never a 500", async () => {
  const t = setup();
  const res = await t.app.request("/metrics/streaming", { headers: { upgrade: "websocket" } });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.code, "invalid_websocket_handshake");
});

Deno.test("/metrics/streaming with metrics disabled → 404 metrics_disabled", async () => {
  const t = setup({ metricsEnabled: false });
  const res = await t.app.request("/metrics/streaming", { headers: { upgrade: "websocket" } });
  assert.equal(res.status, 404);
  assert.equal((await res.json()).error.code, "metrics_disabled");
});
