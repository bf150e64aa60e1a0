/**
 * Slow clients are not held forever: a body that stops half way (or trickles) gets a 408 once
 * FAKEAI_BODY_TIMEOUT_SECONDS have passed, and what it sent is released. (Deno then marks the
 * connection `close` but leaves the socket to the client: the runtime has no knob for that.)
 */
import assert from "node:assert/strict";
import { FAST_ARGS, startFakeAI } from "../support/fakeai_process.ts";
import { testApp } from "../support/in_process.ts";

Deno.test("slow clients: a half-sent body is answered 408 at the deadline (injected clock)", async () => {
  const t = testApp({ bodyTimeoutSeconds: 30 });
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"model":'));
    },
  });
  const pending = Promise.resolve(t.app.request("/v1/chat/completions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    duplex: "half",
  } as RequestInit));
  await new Promise((r) => setTimeout(r, 0));
  t.clock.advance(29_999);
  await new Promise((r) => setTimeout(r, 0));
  let settled = false;
  pending.then(() => (settled = true));
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(settled, false, "answered before the deadline");
  t.clock.advance(1);
  const res = await pending;
  assert.equal(res.status, 408);
  const { error } = await res.json();
  assert.equal(error.code, "request_timeout");
  assert.equal(error.message, "The request body did not arrive within 30 seconds.");
});

Deno.test("slow clients: over a real socket the server answers 408 at the deadline", async () => {
  const server = await startFakeAI({ args: [...FAST_ARGS, "--body-timeout-seconds", "1"] });
  const { hostname, port } = new URL(server.url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  try {
    await conn.write(new TextEncoder().encode(
      "POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n" +
        'content-length: 1000\r\n\r\n{"model":',
    ));
    let text = "";
    const buffer = new Uint8Array(4096);
    while (!text.includes("request_timeout")) {
      const n = await conn.read(buffer);
      if (n === null) break;
      text += new TextDecoder().decode(buffer.subarray(0, n));
    }
    assert.match(text, /^HTTP\/1\.1 408 /);
    assert.match(text, /\r\nconnection: close\r\n/);
    assert.match(text, /"message":"The request body did not arrive within 1 second\."/);
  } finally {
    conn.close();
    assert.equal(await server.stop(), 0);
  }
});
