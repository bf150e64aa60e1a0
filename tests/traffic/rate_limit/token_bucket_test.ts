/** Bucket arithmetic with a ManualClock: refill, exact remaining/reset values, settlement. */
import assert from "node:assert/strict";
import { MemoryRateLimitStore } from "../../../src/traffic/rate_limit/memory_store.ts";
import {
  ADMITTED,
  limitsPerMinute,
  SHORT_OF_REQUESTS,
  SHORT_OF_TOKENS,
  TOO_LARGE,
} from "../../../src/traffic/rate_limit/token_bucket.ts";
import {
  openaiDuration,
  rateLimitHeaders,
} from "../../../src/traffic/rate_limit/rate_limit_headers.ts";
import { effectiveLimits, TIER_LIMITS } from "../../../src/config/rate_limit_tiers.ts";
import { ManualClock } from "../../../src/util/clock.ts";

const one = (tokens = 0) => ({ requests: 1, tokens });

Deno.test("openaiDuration writes Go durations, rounded up to the millisecond", () => {
  const cases: Array<[number, string]> = [
    [0, "0s"],
    [-5, "0s"],
    [0.2, "1ms"],
    [17, "17ms"],
    [120, "120ms"],
    [999, "999ms"],
    [999.5, "1s"],
    [1000, "1s"],
    [1500, "1.5s"],
    [8640, "8.64s"],
    [9816, "9.816s"],
    [20_000, "20s"],
    [59_999, "59.999s"],
    [60_000, "1m0s"],
    [90_500, "1m30.5s"],
    [360_000, "6m0s"],
    [3_600_000, "1h0m0s"],
    [3_725_250, "1h2m5.25s"],
  ];
  for (const [ms, text] of cases) assert.equal(openaiDuration(ms), text, `${ms} ms`);
});

Deno.test("tiers follow the operations guide; RPM and TPM override them one by one", () => {
  assert.deepEqual(TIER_LIMITS, {
    "free": { rpm: 60, tpm: 10_000 },
    "tier-1": { rpm: 500, tpm: 30_000 },
    "tier-2": { rpm: 5_000, tpm: 450_000 },
    "tier-3": { rpm: 10_000, tpm: 1_000_000 },
    "tier-4": { rpm: 30_000, tpm: 5_000_000 },
    "tier-5": { rpm: 100_000, tpm: 15_000_000 },
  });
  assert.deepEqual(effectiveLimits("tier-3", null, null), { rpm: 10_000, tpm: 1_000_000 });
  assert.deepEqual(effectiveLimits("tier-3", 20_000, null), { rpm: 20_000, tpm: 1_000_000 });
  assert.deepEqual(effectiveLimits("free", null, 2_000_000), { rpm: 60, tpm: 2_000_000 });
});

Deno.test("a request takes from both buckets; the headers give exact remaining and reset", () => {
  const clock = new ManualClock();
  const store = new MemoryRateLimitStore(clock);
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
});

Deno.test("buckets refill continuously at limit/60 per second, never above the limit", () => {
  const clock = new ManualClock();
  const store = new MemoryRateLimitStore(clock);
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
});

Deno.test("short of tokens: nothing is taken from either bucket", () => {
  const clock = new ManualClock();
  const store = new MemoryRateLimitStore(clock);
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
});

Deno.test("requests that use no tokens pass while the token bucket is in debt", () => {
  const clock = new ManualClock();
  const store = new MemoryRateLimitStore(clock);
  const limits = limitsPerMinute(100, 1_000);
  store.admit("k", limits, one(1_000));
  store.settle("k", limits, 500); // the request used 500 more than it was charged
  assert.equal(store.admit("k", limits, one(0)).status, ADMITTED);
  const refused = store.admit("k", limits, one(1));
  assert.equal(refused.status, SHORT_OF_TOKENS);
  assert.equal(refused.tokens, -500);
  assert.equal(rateLimitHeaders(limits, refused)["x-ratelimit-remaining-tokens"], "0");
  assert.equal(rateLimitHeaders(limits, refused)["x-ratelimit-reset-tokens"], "1m30s");
});

Deno.test("settlement refunds what was not used, up to the limit", () => {
  const clock = new ManualClock();
  const store = new MemoryRateLimitStore(clock);
  const limits = limitsPerMinute(100, 1_000);
  assert.equal(store.admit("k", limits, one(800)).tokens, 200);
  store.settle("k", limits, -700); // charged 800, used 100
  assert.equal(store.admit("k", limits, one(0)).tokens, 900);
  store.settle("k", limits, -5_000);
  assert.equal(store.admit("k", limits, one(0)).tokens, 1_000);
});

Deno.test("keys are independent; full buckets are forgotten", () => {
  const clock = new ManualClock();
  const store = new MemoryRateLimitStore(clock);
  const limits = limitsPerMinute(1, 1_000);
  assert.equal(store.admit("a", limits, one()).status, ADMITTED);
  assert.equal(store.admit("a", limits, one()).status, SHORT_OF_REQUESTS);
  assert.equal(store.admit("b", limits, one()).status, ADMITTED);
  assert.equal(store.size, 2);
  clock.advance(120_000);
  store.admit("c", limits, one());
  assert.equal(store.size, 1);
});

Deno.test("many synchronous admissions never take more than the capacity", () => {
  const clock = new ManualClock();
  const store = new MemoryRateLimitStore(clock);
  const limits = limitsPerMinute(100, 1_000_000);
  let admitted = 0;
  for (let i = 0; i < 10_000; i++) {
    if (store.admit("k", limits, one(10)).status === ADMITTED) admitted++;
  }
  assert.equal(admitted, 100);
});
