/**
 * Explicit prompt caching (Anthropic's cache_control) on the engine's one prompt cache: the
 * longest live prefix is read, breakpoints write what lies past it, lifetimes per breakpoint on
 * the injected clock, the minimum length, lookback prefixes, and KvCache.admit using it instead
 * of the automatic kind.
 */
import assert from "node:assert/strict";
import { KvCache, type KvCacheSettings } from "../../../src/engine/kv/kv_cache.ts";
import { type CachePrefix, PromptCache } from "../../../src/engine/kv/prompt_cache.ts";
import { ManualClock } from "../../../src/util/clock.ts";

const FIVE_MIN = 300_000;
const HOUR = 3_600_000;
const bp = (key: number, tokens: number, ttlMs = FIVE_MIN): CachePrefix => ({ key, tokens, ttlMs });
const look = (key: number, tokens: number): CachePrefix => ({ key, tokens, ttlMs: null });

Deno.test("explicit cache: the first call writes through the last breakpoint, a repeat reads it", () => {
  const cache = new PromptCache(1024, 600_000, 100);
  const prefixes = [bp(1, 1500), look(2, 1600), bp(3, 2000)];
  assert.deepEqual(cache.lookupAndStoreBreakpoints(prefixes, 0), {
    readTokens: 0,
    writes: [{ ttlMs: FIVE_MIN, tokens: 1500 }, { ttlMs: FIVE_MIN, tokens: 500 }],
  });
  assert.equal(cache.size, 2, "breakpoints are written, lookback prefixes only looked up");
  assert.deepEqual(cache.lookupAndStoreBreakpoints(prefixes, 1000), {
    readTokens: 2000,
    writes: [],
  });
  // A longer prompt on the same prefix: reads 2000, writes the rest through its own breakpoint.
  assert.deepEqual(cache.lookupAndStoreBreakpoints([look(3, 2000), bp(4, 2600)], 2000), {
    readTokens: 2000,
    writes: [{ ttlMs: FIVE_MIN, tokens: 600 }],
  });
});

Deno.test("explicit cache: prefixes under the minimum are neither read nor written", () => {
  const cache = new PromptCache(1024, 600_000, 100);
  assert.deepEqual(cache.lookupAndStoreBreakpoints([bp(1, 1023)], 0), {
    readTokens: 0,
    writes: [],
  });
  assert.equal(cache.size, 0);
  // A short breakpoint before a long one: the long one writes the whole prefix.
  assert.deepEqual(cache.lookupAndStoreBreakpoints([bp(1, 500), bp(2, 3000)], 0), {
    readTokens: 0,
    writes: [{ ttlMs: FIVE_MIN, tokens: 3000 }],
  });
});

Deno.test("explicit cache: lifetimes — 5 minutes from the last use, an hour when asked, never shortened", () => {
  const cache = new PromptCache(1024, 600_000, 100);
  const five = [bp(1, 2000)];
  cache.lookupAndStoreBreakpoints(five, 0);
  assert.equal(cache.lookupAndStoreBreakpoints(five, FIVE_MIN - 1).readTokens, 2000);
  // That read refreshed it: alive until 2 × 5 min − 1.
  assert.equal(cache.lookupAndStoreBreakpoints(five, 2 * FIVE_MIN - 2).readTokens, 2000);
  const later = 3 * FIVE_MIN + 10;
  assert.deepEqual(cache.lookupAndStoreBreakpoints(five, later), {
    readTokens: 0,
    writes: [{ ttlMs: FIVE_MIN, tokens: 2000 }],
  });

  const hour = [bp(7, 4000, HOUR)];
  cache.lookupAndStoreBreakpoints(hour, 0);
  assert.equal(cache.lookupAndStoreBreakpoints([bp(7, 4000)], 30 * 60_000).readTokens, 4000);
  // A 5-minute use does not shorten the hour: still there at 59 minutes.
  assert.equal(cache.lookupAndStoreBreakpoints([look(7, 4000)], 59 * 60_000).readTokens, 4000);
  assert.equal(cache.lookupAndStoreBreakpoints([look(7, 4000)], 90 * 60_000 + 1).readTokens, 0);
});

Deno.test("explicit cache: mixed lifetimes split the write; the prefix read is refreshed", () => {
  const cache = new PromptCache(1024, 600_000, 100);
  const prefixes = [bp(1, 1200, HOUR), bp(2, 1800, FIVE_MIN)];
  assert.deepEqual(cache.lookupAndStoreBreakpoints(prefixes, 0).writes, [
    { ttlMs: HOUR, tokens: 1200 },
    { ttlMs: FIVE_MIN, tokens: 600 },
  ]);
  // After ten minutes the 5-minute entry is gone, the hour one is read; 600 written again.
  assert.deepEqual(cache.lookupAndStoreBreakpoints(prefixes, 10 * 60_000), {
    readTokens: 1200,
    writes: [{ ttlMs: FIVE_MIN, tokens: 600 }],
  });
  // A lookback hit is refreshed for the lifetime of the breakpoint after it.
  const turn = new PromptCache(1024, 600_000, 100);
  turn.lookupAndStoreBreakpoints([bp(10, 2000)], 0);
  turn.lookupAndStoreBreakpoints([look(10, 2000), bp(11, 2500, HOUR)], 1000);
  assert.equal(turn.lookupAndStoreBreakpoints([look(10, 2000)], 50 * 60_000).readTokens, 2000);
});

const SETTINGS: KvCacheSettings = {
  kvEnabled: true,
  blockSize: 16,
  workers: 1,
  blocksPerWorker: 1000,
  overlapWeight: 1,
  policy: "kv",
  promptCachingEnabled: true,
  promptCacheTtlSeconds: 600,
  promptCacheMinTokens: 1024,
  promptCacheMaxEntries: 1000,
  seed: 0,
};
const ids = (n: number) => Array.from({ length: n }, (_, i) => i);

Deno.test("KvCache.admit with breakpoints: explicit caching instead of automatic; KV blocks still count", () => {
  const kv = new KvCache(SETTINGS, new ManualClock());
  const first = kv.admit("m", ids(1500), 1503, "/v1/messages", [bp(5, 1400)]);
  assert.deepEqual(first.explicit, { readTokens: 0, writes: [{ ttlMs: FIVE_MIN, tokens: 1400 }] });
  assert.equal(first.cachedTokens, 0);
  assert.equal(kv.promptCache!.size, 1, "no automatic 128-token prefixes were stored");
  const again = kv.admit("m", ids(1500), 1503, "/v1/messages", [bp(5, 1400)]);
  assert.deepEqual(again.explicit, { readTokens: 1400, writes: [] });
  assert.equal(again.cachedTokens, 1488, "the engine skips the larger cached part: 93 KV blocks");

  const none = kv.admit("m", ids(1500), 1503, "/v1/messages", []);
  assert.deepEqual(
    none.explicit,
    { readTokens: 0, writes: [] },
    "no breakpoints: nothing reported",
  );
  assert.equal(none.cachedTokens, 1488, "but the KV blocks still shorten prefill");
  const automatic = kv.admit("m", ids(1500), 1503, "/v1/chat/completions");
  assert.equal(automatic.explicit, undefined);

  const off = new KvCache({ ...SETTINGS, promptCachingEnabled: false }, new ManualClock());
  assert.deepEqual(off.admit("m", ids(1500), 1503, "/v1/messages", [bp(5, 1400)]).explicit, {
    readTokens: 0,
    writes: [],
  });
});
