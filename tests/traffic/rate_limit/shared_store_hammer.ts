/**
 * One party of shared_memory_store_test.ts's race: after every party has arrived at the start
 * line, admits against a SharedMemoryRateLimitStore as fast as it can. Runs on the main thread
 * and in shared_store_worker.ts.
 */
import { SharedMemoryRateLimitStore } from "../../../src/traffic/rate_limit/shared_memory_store.ts";
import { ADMITTED, limitsPerMinute } from "../../../src/traffic/rate_limit/token_bucket.ts";
import { ManualClock } from "../../../src/util/clock.ts";

export interface HammerOrder {
  store: SharedArrayBuffer;
  /** One Int32: how many parties have arrived at the start line. */
  startLine: SharedArrayBuffer;
  parties: number;
  key: string;
  rpm: number;
  attempts: number;
  /** Every party's clock stands still at this time: nothing refills during the race. */
  nowMs: number;
}

const START_TIMEOUT_MS = 10_000;

/** The requests left after each of this party's admissions. */
export function hammer(order: HammerOrder): number[] {
  const store = new SharedMemoryRateLimitStore(order.store, new ManualClock(order.nowMs));
  const limits = limitsPerMinute(order.rpm, 1_000_000);
  const cost = { requests: 1, tokens: 1 };
  waitForAll(new Int32Array(order.startLine), order.parties);
  const left: number[] = [];
  for (let i = 0; i < order.attempts; i++) {
    const outcome = store.admit(order.key, limits, cost);
    if (outcome.status === ADMITTED) left.push(outcome.requests);
  }
  store.close();
  return left;
}

/** A spinning barrier, so the parties start within microseconds of each other. */
function waitForAll(startLine: Int32Array, parties: number): void {
  Atomics.add(startLine, 0, 1);
  const deadline = performance.now() + START_TIMEOUT_MS;
  while (Atomics.load(startLine, 0) < parties) {
    if (performance.now() > deadline) throw new Error("the other parties never arrived");
  }
}
