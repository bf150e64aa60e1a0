/**
 * A cancelled stream (a client that left) must not stay in memory until the time it was next due:
 * its token-clock entry waits for the heap to reach it, but holds nothing of the stream.
 */
import assert from "node:assert/strict";

Deno.test("cancelled token-clock entries release their tickers at once", async () => {
  const script = new URL("../support/token_clock_release.ts", import.meta.url);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--no-config", "--v8-flags=--expose-gc", script.href],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const { bytesPerEntry, queued } = JSON.parse(new TextDecoder().decode(out.stdout));
  assert.equal(queued, 1, "only the live entry counts");
  // Each ticker held 65,536 bytes; a released entry is a few dozen.
  assert.ok(bytesPerEntry < 2_048, `cancelled entries still hold ${bytesPerEntry} bytes each`);
});
