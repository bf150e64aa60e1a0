/**
 * The kit's nginx and HAProxy configurations, as written, in front of three real FakeAI servers
 * (fakeai-1..3:8000) in a private network namespace: a streamed completion comes through whole,
 * and its first token reaches the client while the stream is still running (no buffering).
 */
import assert from "node:assert/strict";
import { canUnshare, hasCommand, run } from "../support/kit_support.ts";

const INNER = new URL("./lb_proxy_inner.ts", import.meta.url).pathname;
const possible = canUnshare() && hasCommand("ip");

for (const proxy of ["nginx", "haproxy"]) {
  Deno.test({
    name: `load balancer: ${proxy} streams SSE from FakeAI unbuffered`,
    ignore: !possible,
    fn: async () => {
      const r = await run("unshare", ["-mn", Deno.execPath(), "run", "-A", INNER, proxy]);
      assert.equal(r.code, 0, r.output);
      assert.match(r.stdout, new RegExp(`^OK ${proxy}$`, "m"));
    },
  });
}
