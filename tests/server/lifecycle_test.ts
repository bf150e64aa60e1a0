/** Lifecycle.onAbortAll: the cheap per-request subscription to the end of the grace period. */
import assert from "node:assert/strict";
import { Lifecycle } from "../../src/server/lifecycle.ts";

Deno.test("onAbortAll: runs each subscriber once at abortAll, not the unsubscribed ones", () => {
  const lifecycle = new Lifecycle();
  const calls: string[] = [];
  lifecycle.onAbortAll(() => calls.push("a"));
  const off = lifecycle.onAbortAll(() => calls.push("b"));
  off();
  lifecycle.abortAll();
  lifecycle.abortAll();
  assert.deepEqual(calls, ["a"]);
  assert.equal(lifecycle.shutdownSignal.aborted, true);
});

Deno.test("onAbortAll after the grace period ran out: the callback runs at once", () => {
  const lifecycle = new Lifecycle();
  lifecycle.abortAll();
  let ran = 0;
  const off = lifecycle.onAbortAll(() => ran++);
  off();
  assert.equal(ran, 1);
});
