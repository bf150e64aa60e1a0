/**
 * What every synchronous rate-limit store must do, as one table of cases run against each store
 * (the memory store in token_bucket_test.ts, the shared-memory one in
 * shared_memory_store_test.ts): refill, the three refusals, settlement, expiry.
 */
import assert from "node:assert/strict";
import type {
  AdmitOutcome,
  RateLimitStore,
} from "../../../src/traffic/rate_limit/rate_limit_store.ts";
import {
  ADMITTED,
  type Cost,
  limitsPerMinute,
  type PairLimits,
  SHORT_OF_REQUESTS,
  SHORT_OF_TOKENS,
  TOO_LARGE,
} from "../../../src/traffic/rate_limit/token_bucket.ts";
import { rateLimitHeaders } from "../../../src/traffic/rate_limit/rate_limit_headers.ts";
import { ManualClock } from "../../../src/util/clock.ts";

/** A store that decides inside the call, and counts the keys it holds. */
export interface SyncRateLimitStore extends RateLimitStore {
  admit(key: string, limits: PairLimits, cost: Cost): AdmitOutcome;
  settle(key: string, limits: PairLimits, tokensDelta: number): void;
  readonly size: number;
}

interface StoreCase {
  name: string;
  run: (store: SyncRateLimitStore, clock: ManualClock) => void;
}

const one = (tokens = 0) => ({ requests: 1, tokens });

const CASES: StoreCase[] = [
  {
    name: "a request takes from both buckets; the headers give exact remaining and reset",
    run: (store) => {
      const limits = limitsPerMinute(500, 30_000); // 1 request / 120 ms, 1 token / 2 ms
      const out = store.admit("k", limits, one(100));
      assert.equal(out.status, ADMITTED);
      assert.deepEqual(rateLimitHeaders(limits, out), {
        "x-ratelimit-limit-requests": "500",
        "x-ratelimit-limit-tokens": "30000",
        "x-ratelimit-remaining-requests": "499",
        "x-ratelimit-remaining-tokens": "29900",
        "x-ratelimit-reset-requests": "120ms",
        "x-ratelimit-reset-tokens": "200ms",
      });
    },
  },
  {
    name: "buckets refill continuously at limit/60 per second, never above the limit",
    run: (store, clock) => {
      const limits = limitsPerMinute(60, 6_000); // 1 request/s, 100 tokens/s
      for (let i = 0; i < 60; i++) assert.equal(store.admit("k", limits, one(50)).status, ADMITTED);
      const empty = store.admit("k", limits, one());
      assert.equal(empty.status, SHORT_OF_REQUESTS);
      assert.equal(rateLimitHeaders(limits, empty)["x-ratelimit-reset-requests"], "1m0s");
      clock.advance(999);
      assert.equal(store.admit("k", limits, one()).status, SHORT_OF_REQUESTS);
      clock.advance(1);
      const after = store.admit("k", limits, one());
      assert.equal(after.status, ADMITTED);
      assert.equal(rateLimitHeaders(limits, after)["x-ratelimit-remaining-requests"], "0");
      clock.advance(10 * 60_000);
      const full = store.admit("k", limits, one());
      assert.equal(rateLimitHeaders(limits, full)["x-ratelimit-remaining-requests"], "59");
      assert.equal(rateLimitHeaders(limits, full)["x-ratelimit-reset-requests"], "1s");
    },
  },
  {
    name: "short of tokens: nothing is taken from either bucket",
    run: (store) => {
      const limits = limitsPerMinute(100, 1_000);
      assert.equal(store.admit("k", limits, one(900)).status, ADMITTED);
      const refused = store.admit("k", limits, one(200));
      assert.equal(refused.status, SHORT_OF_TOKENS);
      assert.equal(refused.requests, 99);
      assert.equal(refused.tokens, 100);
      assert.equal(store.admit("k", limits, one(100)).status, ADMITTED);
      // More than the bucket can ever hold: refused as too large, whatever is left.
      assert.equal(store.admit("other", limits, one(1_001)).status, TOO_LARGE);
      assert.equal(store.admit("other", limits, one(1_000)).status, ADMITTED);
    },
  },
  {
    name: "requests that use no tokens pass while the token bucket is in debt",
    run: (store) => {
      const limits = limitsPerMinute(100, 1_000);
      store.admit("k", limits, one(1_000));
      store.settle("k", limits, 500); // the request used 500 more than it was charged
      assert.equal(store.admit("k", limits, one(0)).status, ADMITTED);
      const refused = store.admit("k", limits, one(1));
      assert.equal(refused.status, SHORT_OF_TOKENS);
      assert.equal(refused.tokens, -500);
      assert.equal(rateLimitHeaders(limits, refused)["x-ratelimit-remaining-tokens"], "0");
      assert.equal(rateLimitHeaders(limits, refused)["x-ratelimit-reset-tokens"], "1m30s");
    },
  },
  {
    name: "settlement refunds what was not used, up to the limit",
    run: (store) => {
      const limits = limitsPerMinute(100, 1_000);
      assert.equal(store.admit("k", limits, one(800)).tokens, 200);
      store.settle("k", limits, -700); // charged 800, used 100
      assert.equal(store.admit("k", limits, one(0)).tokens, 900);
      store.settle("k", limits, -5_000);
      assert.equal(store.admit("k", limits, one(0)).tokens, 1_000);
    },
  },
  {
    name: "keys are independent; full buckets are forgotten",
    run: (store, clock) => {
      const limits = limitsPerMinute(1, 1_000);
      assert.equal(store.admit("a", limits, one()).status, ADMITTED);
      assert.equal(store.admit("a", limits, one()).status, SHORT_OF_REQUESTS);
      assert.equal(store.admit("b", limits, one()).status, ADMITTED);
      assert.equal(store.size, 2);
      clock.advance(120_000);
      store.admit("c", limits, one());
      assert.equal(store.size, 1);
    },
  },
  {
    name: "a key starts fresh exactly when its buckets would be full again",
    run: (store, clock) => {
      const limits = limitsPerMinute(1, 1_000); // one request back after 60 s
      assert.equal(store.admit("k", limits, one(10)).status, ADMITTED);
      clock.advance(59_999);
      assert.equal(store.admit("k", limits, one()).status, SHORT_OF_REQUESTS);
      clock.advance(1);
      const fresh = store.admit("k", limits, one(10));
      assert.deepEqual(fresh, { status: ADMITTED, requests: 0, tokens: 990 });
    },
  },
  {
    name: "many synchronous admissions never take more than the capacity",
    run: (store) => {
      const limits = limitsPerMinute(100, 1_000_000);
      let admitted = 0;
      for (let i = 0; i < 10_000; i++) {
        if (store.admit("k", limits, one(10)).status === ADMITTED) admitted++;
      }
      assert.equal(admitted, 100);
    },
  },
];

/** Registers every case as a Deno test of the store `open` makes (one fresh store per case). */
export function testStoreBehaviours(
  storeName: string,
  open: (clock: ManualClock) => SyncRateLimitStore,
): void {
  for (const { name, run } of CASES) {
    Deno.test(`${storeName}: ${name}`, async () => {
      const clock = new ManualClock();
      const store = open(clock);
      try {
        run(store, clock);
      } finally {
        await store.close();
      }
    });
  }
}
