/**
 * An open stream keeps only what it still sends (its plan and writer), not the request's context:
 * the Hono context holds the request, the response, the headers and the parsed body. A closure
 * made in a route's handler or in a middleware after `next()` shares its scope with `c`, so one
 * such closure kept by the stream kept all of that for the stream's whole life.
 */
import assert from "node:assert/strict";

Deno.test("an open stream does not keep its request in memory, on every streaming route", async () => {
  const script = new URL("../support/stream_context_release.ts", import.meta.url);
  const config = new URL("../../deno.json", import.meta.url);
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--quiet",
      "--config",
      config.pathname,
      "--v8-flags=--expose-gc",
      script.href,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const { retained, inFlight, held } = JSON.parse(new TextDecoder().decode(out.stdout));
  assert.equal(held, 4);
  assert.equal(inFlight, 4, "every stream is still open");
  assert.deepEqual(retained, []);
});
