/** Prefix (KV) cache: chained hashes, per-worker LRU, KV-aware routing, prompt caching. */
import assert from "node:assert/strict";
import { blockHashes } from "../../../src/engine/kv/block_hashes.ts";
import { KvCache, type KvCacheSettings } from "../../../src/engine/kv/kv_cache.ts";
import { KvWorker } from "../../../src/engine/kv/kv_worker.ts";
import { PromptCache } from "../../../src/engine/kv/prompt_cache.ts";
import { ManualClock } from "../../../src/util/clock.ts";

const ids = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => i + offset);

const SETTINGS: KvCacheSettings = {
  kvEnabled: true,
  blockSize: 16,
  workers: 4,
  blocksPerWorker: 1000,
  overlapWeight: 1,
  policy: "kv",
  promptCachingEnabled: false,
  promptCacheTtlSeconds: 600,
  promptCacheMinTokens: 1024,
  promptCacheMaxEntries: 1000,
  seed: 0,
};

Deno.test("chained hashes: equal prefixes share blocks, a different start changes all, models apart", () => {
  const a = blockHashes(ids(64), 16, "m");
  const b = blockHashes([...ids(48), ...ids(16, 1000)], 16, "m");
  assert.equal(a.length, 4);
  assert.deepEqual(a.slice(0, 3), b.slice(0, 3));
  assert.notEqual(a[3], b[3]);
  const c = blockHashes([999, ...ids(63, 1)], 16, "m");
  assert.ok(a.every((h, i) => h !== c[i]), "a changed first token changes every block hash");
  assert.notDeepEqual(blockHashes(ids(64), 16, "other-model"), a);
  assert.equal(blockHashes(ids(15), 16, "m").length, 0, "partial blocks are not hashed");
});

Deno.test("worker: LRU eviction of unreferenced blocks; held blocks are never evicted", () => {
  const events: string[] = [];
  const w = new KvWorker(0, 4, (e) => events.push(e.type));
  const held = w.acquire([1, 2, 3], 48);
  w.release(held);
  w.acquire([4], 16); // 4 blocks now, [4] held
  const more = w.acquire([5, 6], 32); // evicts 1 and 2 (least recent, unreferenced)
  assert.deepEqual(more, [5, 6]);
  assert.equal(w.matchedPrefix([1]), 0);
  assert.equal(w.matchedPrefix([3]), 1);
  assert.equal(w.cachedBlocks, 4);
  // Everything but 3 is held: only 3 can go; then nothing more can be cached.
  const last = w.acquire([7, 8], 32);
  assert.deepEqual(last, [7]);
  assert.equal(w.matchedPrefix([4]), 1, "held block survived");
  assert.ok(events.includes("removed") && events.includes("stored"));
});

Deno.test("router: a repeat goes to the worker holding its prefix; load spreads new prompts", () => {
  const kv = new KvCache(SETTINGS, new ManualClock());
  const system = ids(256);
  const first = kv.admit("m", [...system, ...ids(20, 5000)], 276, "/v1/chat/completions");
  assert.equal(first.cachedTokens, 0);
  const other = kv.admit("m", ids(256, 9000), 256, "/v1/chat/completions");
  assert.notEqual(other.worker, first.worker, "an unrelated prompt avoids the loaded worker");
  // While the first request still runs, its worker's load (17 held blocks) outweighs the
  // 16-block overlap at overlap_weight 1: the repeat goes to an idle worker.
  const concurrent = kv.admit("m", [...system, ...ids(20, 6000)], 276, "/v1/chat/completions");
  assert.notEqual(concurrent.worker, first.worker);
  assert.equal(concurrent.cachedTokens, 0);
  first.release();
  concurrent.release();
  const repeat = kv.admit("m", [...system, ...ids(20, 7000)], 276, "/v1/chat/completions");
  assert.ok([first.worker, concurrent.worker].includes(repeat.worker));
  assert.equal(repeat.cachedTokens, 256);
  assert.equal(kv.lookups, 4);
  assert.equal(kv.hits, 1);
  for (const lease of [other, repeat]) lease.release();
  assert.ok(kv.workers.every((w) => w.activeBlocks === 0 && w.activeRequests === 0));
});

Deno.test("router cost formula: overlap_weight × uncached blocks + active blocks", () => {
  const kv = new KvCache({ ...SETTINGS, workers: 2, overlapWeight: 2 }, new ManualClock());
  const lease = kv.admit("m", ids(64), 64, "x"); // worker 0 holds 4 blocks
  const hashes = blockHashes(ids(64), 16, "m");
  assert.deepEqual(kv.router.costs(hashes), [0 * 2 + 4, 4 * 2 + 0]);
  lease.release();
  assert.deepEqual(kv.router.costs(hashes), [0, 8]);
});

Deno.test("cached tokens: whole blocks, never above the prompt; the larger cache wins, not the sum", () => {
  const clock = new ManualClock();
  const kv = new KvCache(
    { ...SETTINGS, promptCachingEnabled: true, promptCacheMinTokens: 1024 },
    clock,
  );
  const prompt = ids(1300);
  kv.admit("m", prompt, 1300, "x").release();
  const again = kv.admit("m", prompt, 1300, "x");
  // KV: 81 full blocks = 1296 tokens; prompt cache: 1280 (128-token increments). Max, not sum.
  assert.equal(again.cachedTokens, 1296);
  const fewer = kv.admit("m", prompt, 1000, "x");
  assert.equal(fewer.cachedTokens, 1000, "capped at prompt_tokens");
});

Deno.test("prompt cache: minimum length, 128-token increments, TTL on the injected clock, cap", () => {
  const cache = new PromptCache(1024, 600_000, 1000);
  assert.equal(cache.lookupAndStore(ids(1000), "m", 0), 0, "below the minimum: never cached");
  assert.equal(cache.lookupAndStore(ids(1000), "m", 0), 0);
  assert.equal(cache.lookupAndStore(ids(1200), "m", 0), 0, "first time: a miss");
  assert.equal(cache.lookupAndStore(ids(1200), "m", 1000), 1152, "1152 = 9 × 128");
  assert.equal(cache.lookupAndStore([...ids(1100), ...ids(400, 50_000)], "m", 2000), 1024);
  assert.equal(cache.lookupAndStore(ids(1200), "m", 2000 + 600_001), 0, "expired");
  const tiny = new PromptCache(128, 1000, 3);
  tiny.lookupAndStore(ids(512), "m", 0);
  assert.equal(tiny.size, 3, "capped");
});

Deno.test("clearing: admin clears drop unreferenced blocks and prompt-cache entries", () => {
  const kv = new KvCache(
    { ...SETTINGS, promptCachingEnabled: true, promptCacheMinTokens: 128 },
    new ManualClock(),
  );
  const held = kv.admit("m", ids(160), 160, "x");
  kv.admit("m", ids(160, 5000), 160, "x").release();
  kv.clearKv();
  kv.clearPromptCache();
  assert.equal(kv.workers.reduce((s, w) => s + w.cachedBlocks, 0), 10, "only held blocks remain");
  assert.equal(kv.promptCache!.size, 0);
  held.release();
});

Deno.test("worker LRU: a block used again moves behind the others; clear keeps held blocks", () => {
  const w = new KvWorker(0, 3, () => {});
  w.release(w.acquire([1], 16));
  w.release(w.acquire([2], 16));
  w.release(w.acquire([3], 16));
  w.release(w.acquire([1], 16)); // 1 is now the most recently used
  w.release(w.acquire([4], 16)); // evicts 2, the least recently used
  assert.equal(w.matchedPrefix([2]), 0);
  assert.equal(w.matchedPrefix([1]), 1);
  assert.equal(w.matchedPrefix([3]), 1);
  const held = w.acquire([3], 16);
  w.clear();
  assert.equal(w.cachedBlocks, 1, "only the held block survives a clear");
  w.release(held);
  w.release(w.acquire([5, 6, 7], 48));
  assert.equal(w.cachedBlocks, 3, "capacity still enforced after a clear");
});

Deno.test("lookup listeners: each subscriber hears every lookup until it unsubscribes", () => {
  const kv = new KvCache(SETTINGS, new ManualClock());
  const heard: Array<[string, number, number]> = [];
  const unsubscribe = kv.onLookup((model, prompt, cached) => heard.push([model, prompt, cached]));
  kv.admit("m", ids(64), 64, "x").release();
  kv.admit("m", ids(64), 64, "x").release();
  unsubscribe();
  kv.admit("m", ids(64), 64, "x").release();
  assert.deepEqual(heard, [["m", 64, 0], ["m", 64, 64]]);
  assert.equal(kv.lookups, 3);
});

Deno.test("shared state: a second KvCache on the first's memory is the same cache", () => {
  const clock = new ManualClock();
  const settings = { ...SETTINGS, promptCachingEnabled: true, promptCacheMinTokens: 128 };
  const owner = new KvCache(settings, clock);
  const worker = new KvCache(settings, clock, owner.shared);
  const prompt = ids(300);
  const first = owner.admit("m", prompt, 300, "/v1/chat/completions");
  assert.equal(first.cachedTokens, 0);
  const second = worker.admit("m", prompt, 300, "/v1/chat/completions");
  assert.equal(second.worker, first.worker, "routed to the worker holding the prefix");
  assert.equal(second.cachedTokens, 288, "18 blocks of 16 cached");
  assert.equal(owner.lookups, 2);
  assert.equal(owner.hits, 1);
  assert.deepEqual([...worker.byEndpoint], [["/v1/chat/completions", { lookups: 2, hits: 1 }]]);
  assert.equal(owner.workers[first.worker].activeRequests, 2);
  first.release();
  second.release();
  assert.equal(owner.workers[first.worker].activeBlocks, 0);
  assert.equal(owner.promptCache!.size, worker.promptCache!.size);
  worker.clearKv();
  assert.equal(owner.workers[first.worker].cachedBlocks, 0);
});

Deno.test("shared state: every generating endpoint's lookups are the whole server's, in any view", () => {
  const clock = new ManualClock();
  const owner = new KvCache(SETTINGS, clock);
  const workers = [
    new KvCache(SETTINGS, clock, owner.shared),
    new KvCache(SETTINGS, clock, owner.shared),
  ];
  const endpoints = ["/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/messages"];
  for (const [i, endpoint] of endpoints.entries()) {
    for (const view of [owner, ...workers]) {
      view.admit("m", ids(64, 100 * i), 64, endpoint).release();
    }
  }
  const expected = endpoints.map((e) => [e, { lookups: 3, hits: 2 }]);
  for (const view of [owner, ...workers]) assert.deepEqual([...view.byEndpoint], expected);
  workers[1].admit("m", ids(64, 5000), 64, "/v1/embeddings").release();
  assert.deepEqual(workers[1].byEndpoint.get("/v1/embeddings"), { lookups: 1, hits: 0 });
  assert.equal(owner.byEndpoint.has("/v1/embeddings"), false, "other endpoints: per isolate");
});

Deno.test("shared state: events of every view reach the subscribers while someone watches", () => {
  const clock = new ManualClock();
  const owner = new KvCache(SETTINGS, clock);
  const worker = new KvCache(SETTINGS, clock, owner.shared);
  const forwarded: string[] = [];
  worker.forwardEvents((event) => forwarded.push(event.type));
  worker.admit("m", ids(64), 64, "/v1/chat/completions").release();
  assert.deepEqual(forwarded, [], "nobody watches: nothing is forwarded");
  const seen: string[] = [];
  const stop = owner.onEvent((event) => seen.push(event.type));
  worker.admit("m", ids(64, 100), 64, "/v1/chat/completions").release();
  assert.deepEqual(forwarded, ["stored"]);
  owner.relay({ type: "stored", worker: 0, hashes: [1] });
  assert.deepEqual(seen, ["stored"]);
  stop();
  worker.admit("m", ids(64, 200), 64, "/v1/chat/completions").release();
  assert.deepEqual(forwarded, ["stored"], "unsubscribed: forwarding stops");
});
