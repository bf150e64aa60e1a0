/** sleep on the injected clock: a signal or a second abort hook cuts it short, and unsubscribes. */
import assert from "node:assert/strict";
import { ManualClock } from "../../src/util/clock.ts";
import { sleep } from "../../src/util/sleep.ts";

function hook() {
  const subscribers = new Set<() => void>();
  return {
    subscribers,
    subscribe: (fn: () => void) => {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
    fire: () => [...subscribers].forEach((fn) => fn()),
  };
}

Deno.test("sleep resolves at its time and leaves no subscription behind", async () => {
  const clock = new ManualClock();
  const controller = new AbortController();
  const h = hook();
  const done = sleep(clock, 100, controller.signal, h.subscribe);
  assert.equal(h.subscribers.size, 1);
  clock.advance(100);
  await done;
  assert.equal(h.subscribers.size, 0);
});

Deno.test("sleep rejects when the hook fires, and when the signal aborts (with its reason)", async () => {
  const clock = new ManualClock();
  const h = hook();
  const byHook = sleep(clock, 100, new AbortController().signal, h.subscribe);
  h.fire();
  await assert.rejects(byHook, (err: unknown) => err instanceof DOMException);
  assert.equal(h.subscribers.size, 0);

  const controller = new AbortController();
  const bySignal = sleep(clock, 100, controller.signal, h.subscribe);
  controller.abort("client left");
  await assert.rejects(bySignal, (err: unknown) => err === "client left");
  assert.equal(h.subscribers.size, 0);
  clock.advance(1000); // the cancelled timer does not fire anything
});
