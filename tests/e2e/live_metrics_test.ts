/** Live metrics over a real WebSocket against the real CLI, and /health/detailed. */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { LIVE_FIELDS } from "../../src/metrics/live_snapshot.ts";
import { type FakeAIProcess, FAST_ARGS, startFakeAI } from "../support/fakeai_process.ts";
import { type Frame, WsFrames } from "../support/ws_frames.ts";

const wsUrl = (server: FakeAIProcess, path: string) => server.url.replace(/^http/, "ws") + path;

Deno.test("e2e live metrics: snapshot, subscribe with a filter, ping, bad input, live traffic", async () => {
  const server = await startFakeAI({ args: FAST_ARGS });
  try {
    const plain = await fetch(`${server.url}/metrics/streaming`);
    assert.equal(plain.status, 426);
    assert.equal((await plain.json()).error.code, "upgrade_required");

    const ws = new WsFrames(wsUrl(server, "/metrics/streaming"));
    await ws.opened;
    const first = await ws.next();
    assert.equal(first.type, "metrics");
    for (const field of LIVE_FIELDS) assert.ok(field in first, field);
    // What the operations guide's Python example reads.
    assert.equal(typeof first.requests_per_second, "number");
    assert.equal(typeof first.avg_latency_ms, "number");

    const fields = ["requests_per_second", "tokens_per_second", "models"];
    ws.send({ type: "subscribe", interval_ms: 100, metrics: fields, models: ["gpt-4o"] });
    const ack = await ws.until((f) => f.type === "subscribed");
    assert.equal(ack.interval_ms, 100);
    const filtered = await ws.next();
    assert.deepEqual(Object.keys(filtered), ["type", "timestamp", ...fields]);

    ws.send({ type: "ping" });
    assert.match(String((await ws.until((f) => f.type === "pong")).timestamp), /^\d{4}-/);
    ws.send("{not json");
    assert.match(String((await ws.until((f) => f.type === "error")).message), /Invalid JSON/);
    ws.send({ type: "subscribe", interval_ms: 5 });
    assert.match(String((await ws.until((f) => f.type === "error")).message), /interval_ms/);
    assert.equal(ws.socket.readyState, WebSocket.OPEN);
    ws.send({ type: "ping" });
    await ws.until((f) => f.type === "pong");

    const client = new OpenAI({ baseURL: server.baseURL, apiKey: "sk", maxRetries: 0 });
    const body = { model: "gpt-4o", messages: [{ role: "user" as const, content: "hi" }] };
    for (let i = 0; i < 3; i++) await client.chat.completions.create({ ...body, max_tokens: 5 });
    const stream = await client.chat.completions.create({ ...body, max_tokens: 5, stream: true });
    for await (const _ of stream) { /* drain */ }

    const gpt4o = (f: Frame) => (f.models as Record<string, Record<string, number>>)["gpt-4o"];
    const live = await ws.until((f) => f.type === "metrics" && gpt4o(f)?.requests_total === 4);
    assert.deepEqual(Object.keys(live), ["type", "timestamp", ...fields]);
    assert.ok((live.requests_per_second as number) > 0);
    assert.ok((live.tokens_per_second as number) > 0);
    assert.ok(gpt4o(live).completion_tokens_total > 0);

    ws.send({ type: "unsubscribe" });
    await ws.until((f) => f.type === "unsubscribed");
    ws.socket.close(1000, "done");
    const closed = await ws.closed;
    assert.equal(closed.code, 1000);
    assert.equal(closed.wasClean, true);
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

Deno.test("e2e live metrics: /metrics/stream alias, subscriber bound, shutdown with a client open", async () => {
  const server = await startFakeAI({
    args: FAST_ARGS,
    env: { FAKEAI_METRICS_STREAM_MAX_CLIENTS: "1" },
  });
  let open: WsFrames | undefined;
  try {
    const a = new WsFrames(wsUrl(server, "/metrics/stream"));
    await a.opened;
    assert.equal((await a.next()).type, "metrics");
    const refused = new WsFrames(wsUrl(server, "/metrics/streaming"));
    await assert.rejects(refused.opened);
    assert.equal((await refused.closed).wasClean, false);
    a.socket.close();
    await a.closed;
    // The slot is freed on close: the next subscriber gets in.
    open = await connectWithin(server, 20);
    assert.equal((await open.next()).type, "metrics");
  } finally {
    assert.equal(await server.stop(), 0);
  }
  assert.equal((await open!.closed).code, 1001, "going away at shutdown");
});

/** The server frees a slot when it sees the close, which may trail the client's close event. */
async function connectWithin(server: FakeAIProcess, attempts: number): Promise<WsFrames> {
  for (let i = 0; i < attempts; i++) {
    const ws = new WsFrames(wsUrl(server, "/metrics/streaming"));
    try {
      await ws.opened;
      return ws;
    } catch {
      await ws.closed;
    }
  }
  throw new Error(`no slot after ${attempts} attempts`);
}

Deno.test("e2e /health/detailed: healthy with good traffic, unhealthy (503) under errors", async () => {
  const server = await startFakeAI({ args: FAST_ARGS });
  try {
    const client = new OpenAI({ baseURL: server.baseURL, apiKey: "sk", maxRetries: 0 });
    for (let i = 0; i < 5; i++) {
      await client.chat.completions.create({
        model: "gpt-4o",
        messages: [{ role: "user", content: "hi" }],
        max_tokens: 3,
      });
    }
    const ok = await fetch(`${server.url}/health/detailed`);
    assert.equal(ok.status, 200);
    const healthy = await ok.json();
    assert.equal(healthy.status, "healthy");
    assert.equal(healthy.checks.error_rate.value, 0);
    assert.ok(healthy.endpoints["/v1/chat/completions"].requests_per_second > 0);

    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${server.baseURL}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{broken",
      });
      assert.equal(res.status, 400);
      await res.body?.cancel();
    }
    const bad = await fetch(`${server.url}/health/detailed`);
    assert.equal(bad.status, 503);
    const unhealthy = await bad.json();
    assert.equal(unhealthy.status, "unhealthy");
    assert.ok(unhealthy.checks.error_rate.value > 0.1);
    assert.equal(unhealthy.checks.error_rate.requests_in_window, 36);
  } finally {
    assert.equal(await server.stop(), 0);
  }
});
