/**
 * SIGTERM exits at the end of the grace period whatever is still open: a client that sent half
 * of its body once kept the server alive forever.
 */
import assert from "node:assert/strict";
import { FAST_ARGS, startFakeAI } from "../support/fakeai_process.ts";
import { waitFor } from "../support/wait.ts";

Deno.test("shutdown: SIGTERM with a half-sent body exits after the grace period", async () => {
  const server = await startFakeAI({ args: [...FAST_ARGS, "--shutdown-grace-seconds", "1"] });
  const { hostname, port } = new URL(server.url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  try {
    const head = "POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\n" +
      'content-type: application/json\r\ncontent-length: 1000\r\n\r\n{"model":';
    await conn.write(new TextEncoder().encode(head));
    // The request is in: the server has parsed its headers and waits for the body.
    await new Promise((r) => setTimeout(r, 200));
    const exited = server.stop("SIGTERM");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const watchdog = new Promise<"hung">((r) => timer = setTimeout(() => r("hung"), 15_000));
    const outcome = await Promise.race([exited, watchdog]);
    clearTimeout(timer);
    assert.equal(outcome, 0, "the server never exited");
    const lines = server.stderr.join("\n");
    assert.match(lines, /grace period over/);
    assert.match(lines, /"msg":"stopped"/);
  } finally {
    conn.close();
    try {
      server.child.kill("SIGKILL");
    } catch { /* already gone */ }
  }
});

Deno.test("shutdown: while a stream finishes, new connections get /health 503 and a clean 503", async () => {
  const server = await startFakeAI({
    args: ["--response-delay", "0", "--ttft", "0", "--itl", "100"],
  });
  const fresh = () => Deno.createHttpClient({ poolMaxIdlePerHost: 0 });
  const client = fresh();
  try {
    const stream = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "Drain" }],
        max_tokens: 15,
        ignore_eos: true,
        stream: true,
      }),
      client,
    });
    const body = stream.text();
    const exited = server.stop("SIGTERM");
    await waitFor(
      "the drain to start",
      () => server.stderr.some((l) => l.includes("shutting down")),
    );
    const probe = fresh();
    const health = await fetch(`${server.url}/health`, { client: probe });
    assert.equal(health.status, 503, "still listening: a load balancer sees 503, not a refusal");
    assert.equal((await health.json()).status, "shutting_down");
    const late = await fetch(`${server.url}/v1/models`, { client: probe });
    assert.equal(late.status, 503);
    assert.equal(late.headers.get("connection"), "close");
    assert.equal(late.headers.get("retry-after"), "1");
    assert.equal((await late.json()).error.code, "shutting_down");
    probe.close();
    assert.ok((await body).trimEnd().endsWith("data: [DONE]"), "the running stream finished");
    assert.equal(await exited, 0);
  } finally {
    client.close();
  }
});
