/**
 * The shared-memory store: the memory store's bucket cases, instances over one buffer sharing
 * buckets, the table's degraded and reuse paths, and a real race of three isolates.
 */
import assert from "node:assert/strict";
import { SharedMemoryRateLimitStore } from "../../../src/traffic/rate_limit/shared_memory_store.ts";
import {
  ADMITTED,
  limitsPerMinute,
  SHORT_OF_REQUESTS,
} from "../../../src/traffic/rate_limit/token_bucket.ts";
import { ManualClock } from "../../../src/util/clock.ts";
import { testStoreBehaviours } from "./store_behaviours.ts";
import { hammer, type HammerOrder } from "./shared_store_hammer.ts";
import type { WorkerReport } from "./shared_store_worker.ts";

const one = { requests: 1, tokens: 10 };

testStoreBehaviours(
  "shared-memory store",
  (clock) => new SharedMemoryRateLimitStore(SharedMemoryRateLimitStore.allocate(1_024), clock),
);

Deno.test("shared-memory store: two instances over one buffer draw from the same buckets", () => {
  const clock = new ManualClock();
  const buffer = SharedMemoryRateLimitStore.allocate(64);
  const a = new SharedMemoryRateLimitStore(buffer, clock);
  const b = new SharedMemoryRateLimitStore(buffer, clock);
  const limits = limitsPerMinute(10, 1_000);
  const statuses = Array.from({ length: 14 }, (_, i) => (i % 2 ? a : b).admit("k", limits, one));
  assert.equal(statuses.filter((o) => o.status === ADMITTED).length, 10);
  assert.equal(statuses.at(-1)?.status, SHORT_OF_REQUESTS);
  a.settle("k", limits, -100); // refunds what ten requests were charged
  assert.equal(b.admit("k", limits, { requests: 0, tokens: 0 }).tokens, 1_000);
  assert.equal(a.size, 1);
  assert.equal(b.size, 1);
  a.close();
  assert.throws(() => a.admit("k", limits, one), /closed/);
  assert.equal(b.admit("k", limits, one).status, SHORT_OF_REQUESTS);
});

Deno.test("shared-memory store: a crowded table admits a new key as fresh; expired slots are reused", () => {
  const clock = new ManualClock();
  const store = new SharedMemoryRateLimitStore(SharedMemoryRateLimitStore.allocate(4), clock);
  const limits = limitsPerMinute(1, 1_000); // one request a minute
  for (const key of ["k0", "k1", "k2", "k3"]) {
    assert.equal(store.admit(key, limits, one).status, ADMITTED);
  }
  assert.equal(store.size, 4);
  // No room for k4: admitted as if full every time, and not stored.
  assert.equal(store.admit("k4", limits, one).status, ADMITTED);
  assert.equal(store.admit("k4", limits, one).status, ADMITTED);
  assert.equal(store.size, 4);
  for (const key of ["k0", "k1", "k2", "k3"]) {
    assert.equal(store.admit(key, limits, one).status, SHORT_OF_REQUESTS);
  }
  clock.advance(60_000);
  assert.equal(store.size, 0);
  assert.equal(store.admit("k4", limits, one).status, ADMITTED);
  assert.equal(store.admit("k4", limits, one).status, SHORT_OF_REQUESTS);
  assert.equal(store.admit("k0", limits, one).status, ADMITTED);
  assert.equal(store.size, 2);
});

Deno.test("shared-memory store: only buffers of a power-of-two slot count", () => {
  for (const slots of [0, 3, 1.5, 1_000]) {
    assert.throws(() => SharedMemoryRateLimitStore.allocate(slots), RangeError);
  }
  assert.equal(SharedMemoryRateLimitStore.allocate().byteLength, 8 + 65_536 * 40);
  const foreign = new SharedArrayBuffer(1_000);
  assert.throws(() => new SharedMemoryRateLimitStore(foreign, new ManualClock()), RangeError);
});

Deno.test("shared-memory store: a lock never released makes admit throw, not spin forever", () => {
  const buffer = SharedMemoryRateLimitStore.allocate(4);
  const store = new SharedMemoryRateLimitStore(buffer, new ManualClock());
  Atomics.store(new Int32Array(buffer, 0, 1), 0, 1); // a holder that died mid-update
  const limits = limitsPerMinute(10, 1_000);
  assert.throws(() => store.admit("k", limits, one), /lock held/);
});

Deno.test("shared-memory store: the main thread and two Workers racing never over-admit", async () => {
  const order: HammerOrder = {
    store: SharedMemoryRateLimitStore.allocate(),
    startLine: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT),
    parties: 3,
    key: "hammer",
    rpm: 1_000,
    attempts: 600,
    nowMs: 1_700_000_000_000,
  };
  const workers = [0, 1].map(() =>
    new Worker(new URL("./shared_store_worker.ts", import.meta.url), { type: "module" })
  );
  try {
    const reports = workers.map(listen);
    for (const worker of workers) worker.postMessage(order);
    await Promise.all(reports.map((r) => r.ready));
    const mine = hammer(order);
    const theirs = await Promise.all(reports.map((r) => r.left));
    const left = [mine, ...theirs].flat().sort((x, y) => x - y);
    // Each admission saw a different count left: they were serialized and none was lost.
    assert.deepEqual(left, Array.from({ length: 1_000 }, (_, i) => i));
  } finally {
    for (const worker of workers) worker.terminate();
  }
});

function listen(worker: Worker): { ready: Promise<void>; left: Promise<number[]> } {
  let markReady = () => {};
  let fail: (error: Error) => void = () => {};
  const ready = new Promise<void>((resolve) => markReady = resolve);
  const left = new Promise<number[]>((resolve, reject) => {
    fail = reject;
    worker.onmessage = (event: MessageEvent<WorkerReport>) => {
      if ("ready" in event.data) markReady();
      else resolve(event.data.left);
    };
  });
  worker.onerror = (event) => {
    event.preventDefault();
    fail(new Error(event.message));
    markReady();
  };
  return { ready, left };
}
