/**
 * The kit's nginx and HAProxy configurations, as written, in front of three real FakeAI servers
 * (127.0.0.1:8001-8003, started with the trusted proxies the config names) in a private network
 * namespace: a streamed completion comes through whole, its first token reaches the client while
 * the stream is still running (no buffering), and with abuse detection on, one client's bad
 * requests ban that client only, not every client of the proxy.
 */
import assert from "node:assert/strict";
import { canUnshare, hasCommand, run } from "../support/kit_support.ts";

const INNER = new URL("./lb_proxy_inner.ts", import.meta.url).pathname;
const possible = canUnshare() && hasCommand("ip");

for (const proxy of ["nginx", "haproxy"]) {
  Deno.test({
    name: `load balancer: ${proxy} streams SSE unbuffered and passes on who the client is`,
    ignore: !possible,
    fn: async () => {
      const r = await run("unshare", ["-mn", Deno.execPath(), "run", "-A", INNER, proxy]);
      assert.equal(r.code, 0, r.output);
      assert.match(r.stdout, new RegExp(`^OK ${proxy}$`, "m"));
    },
  });
}
