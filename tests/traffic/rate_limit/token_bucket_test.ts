/**
 * Bucket arithmetic through the memory store (the cases in store_behaviours.ts), header
 * durations, and the tier table.
 */
import assert from "node:assert/strict";
import { MemoryRateLimitStore } from "../../../src/traffic/rate_limit/memory_store.ts";
import { openaiDuration } from "../../../src/traffic/rate_limit/rate_limit_headers.ts";
import { effectiveLimits, TIER_LIMITS } from "../../../src/config/rate_limit_tiers.ts";
import { testStoreBehaviours } from "./store_behaviours.ts";

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

testStoreBehaviours("memory store", (clock) => new MemoryRateLimitStore(clock));
