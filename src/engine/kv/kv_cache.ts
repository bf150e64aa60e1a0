/**
 * The engine's prefix caching: KV blocks on simulated workers behind a KV-aware router, plus
 * OpenAI-style prompt caching. Admitting a prompt routes it, reports its cached tokens (the
 * larger of the two caches, never their sum, never above the prompt) and holds its blocks until
 * the returned lease is released.
 */
import type { Clock } from "../../util/clock.ts";
import { blockHashes } from "./block_hashes.ts";
import { type KvEvent, KvRouter, type RouterPolicy } from "./kv_router.ts";
import { KvWorker } from "./kv_worker.ts";
import { PromptCache } from "./prompt_cache.ts";

export interface KvCacheSettings {
  kvEnabled: boolean;
  blockSize: number;
  workers: number;
  blocksPerWorker: number;
  overlapWeight: number;
  policy: RouterPolicy;
  promptCachingEnabled: boolean;
  promptCacheTtlSeconds: number;
  promptCacheMinTokens: number;
  promptCacheMaxEntries: number;
  seed: number;
}

export interface Lease {
  worker: number;
  cachedTokens: number;
  release(): void;
}

/** Told of every lookup: the prompt's tokens and how many of them were cached. */
export type KvLookupListener = (model: string, promptTokens: number, cachedTokens: number) => void;

interface EndpointStats {
  lookups: number;
  hits: number;
}

export class KvCache {
  readonly workers: KvWorker[];
  readonly router: KvRouter;
  readonly promptCache: PromptCache | null;
  readonly #listeners = new Set<(event: KvEvent) => void>();
  readonly #lookupListeners = new Set<KvLookupListener>();
  // Lookup statistics for /kv-cache/metrics.
  lookups = 0;
  hits = 0;
  tokensQueried = 0;
  tokensHit = 0;
  readonly byEndpoint = new Map<string, EndpointStats>();

  constructor(readonly settings: KvCacheSettings, private readonly clock: Clock) {
    const emit = (event: KvEvent) => this.#listeners.forEach((listener) => listener(event));
    this.workers = Array.from(
      { length: settings.workers },
      (_, i) => new KvWorker(i, settings.blocksPerWorker, emit),
    );
    this.router = new KvRouter(
      this.workers,
      settings.policy,
      settings.overlapWeight,
      settings.seed,
    );
    this.promptCache = settings.promptCachingEnabled
      ? new PromptCache(
        settings.promptCacheMinTokens,
        settings.promptCacheTtlSeconds * 1000,
        settings.promptCacheMaxEntries,
      )
      : null;
  }

  /** Subscribes to block stored/removed/cleared events; returns the unsubscribe function. */
  onEvent(listener: (event: KvEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Subscribes to every lookup (the metrics registry's prefix-cache counters); returns the unsubscribe function. */
  onLookup(listener: KvLookupListener): () => void {
    this.#lookupListeners.add(listener);
    return () => this.#lookupListeners.delete(listener);
  }

  admit(model: string, tokenIds: ArrayLike<number>, promptTokens: number, endpoint: string): Lease {
    let kvCached = 0;
    let worker = 0;
    let held: number[] = [];
    if (this.settings.kvEnabled) {
      const hashes = blockHashes(tokenIds, this.settings.blockSize, model);
      const route = this.router.route(hashes);
      worker = route.worker;
      kvCached = route.matchedBlocks * this.settings.blockSize;
      held = this.workers[worker].acquire(hashes, promptTokens);
    }
    const promptCached = this.promptCache?.lookupAndStore(tokenIds, model, this.clock.now()) ?? 0;
    const cachedTokens = Math.min(promptTokens, Math.max(kvCached, promptCached));
    this.#count(endpoint, promptTokens, cachedTokens);
    for (const listener of this.#lookupListeners) listener(model, promptTokens, cachedTokens);
    let released = false;
    return {
      worker,
      cachedTokens,
      release: () => {
        if (released || !this.settings.kvEnabled) return;
        released = true;
        this.workers[worker].release(held);
      },
    };
  }

  clearKv(): void {
    for (const worker of this.workers) worker.clear();
  }

  clearPromptCache(): void {
    this.promptCache?.clear();
  }

  /** Fraction of all KV blocks currently holding cached data. */
  usage(): number {
    const total = this.workers.reduce((s, w) => s + w.capacityBlocks, 0);
    return total === 0 ? 0 : this.workers.reduce((s, w) => s + w.cachedBlocks, 0) / total;
  }

  #count(endpoint: string, promptTokens: number, cachedTokens: number): void {
    this.lookups++;
    this.tokensQueried += promptTokens;
    this.tokensHit += cachedTokens;
    const hit = cachedTokens > 0;
    if (hit) this.hits++;
    const stats = this.byEndpoint.get(endpoint) ?? { lookups: 0, hits: 0 };
    stats.lookups++;
    if (hit) stats.hits++;
    this.byEndpoint.set(endpoint, stats);
  }
}

/** The lookup statistics in the shape /metrics and /kv-cache/metrics report. */
export function kvCacheStats(kv: KvCache) {
  return {
    hitRate: kv.lookups === 0 ? 0 : kv.hits / kv.lookups,
    tokenReuseRate: kv.tokensQueried === 0 ? 0 : kv.tokensHit / kv.tokensQueried,
    avgPrefixLength: kv.hits === 0 ? 0 : kv.tokensHit / kv.hits,
    totalLookups: kv.lookups,
    cacheHits: kv.hits,
    usage: kv.usage(),
  };
}
