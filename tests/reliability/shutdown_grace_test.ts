/**
 * SIGTERM exits at the end of the grace period whatever is still open: a client that sent half
 * of its body once kept the server alive forever.
 */
import assert from "node:assert/strict";
import { FAST_ARGS, startFakeAI } from "../support/fakeai_process.ts";

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
