/**
 * The engine's prefix caching: KV blocks on simulated workers behind a KV-aware router, plus
 * prompt caching — OpenAI's automatic kind, or, for a prompt admitted with breakpoints,
 * Anthropic's explicit kind instead. Admitting a prompt routes it, reports its cached tokens (the
 * larger of the two caches, never their sum, never above the prompt) and holds its blocks until
 * the returned lease is released. Its state is in shared memory under one lock: the isolates of a
 * multi-worker server build their KvCache on the owner's state (KvSharedState) and admit without
 * any message.
 */
import type { Clock } from "../../util/clock.ts";
import { blockHashes } from "./block_hashes.ts";
import { type KvEvent, KvRouter, type RouterPolicy } from "./kv_router.ts";
import { KvWorker } from "./kv_worker.ts";
import { type CachePrefix, type ExplicitCacheUsage, PromptCache } from "./prompt_cache.ts";
import { withLock } from "../../util/spin_lock.ts";

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
  /** Prompt tokens found cached (prefill the engine skips). */
  cachedTokens: number;
  /** Admitted with breakpoints: what explicit caching read and wrote. */
  explicit?: ExplicitCacheUsage;
  release(): void;
}

/** Told of every lookup: the prompt's tokens and how many of them were cached. */
export type KvLookupListener = (model: string, promptTokens: number, cachedTokens: number) => void;

interface EndpointStats {
  lookups: number;
  hits: number;
}

/**
 * The shared memory behind one KV cache: a KvCache built on another's state (in another isolate)
 * is the same cache.
 */
export interface KvSharedState {
  control: SharedArrayBuffer;
  workers: SharedArrayBuffer[];
  prompt: SharedArrayBuffer | null;
}

/**
 * Endpoints whose lookup counts live in shared memory, so that every isolate of a multi-worker
 * server reports the whole server's (others are counted per isolate): the generating ones.
 */
const SHARED_ENDPOINTS = [
  "/v1/chat/completions",
  "/v1/completions",
  "/v1/responses",
  "/v1/messages",
];
// Control cells: Int32 [lock, round-robin ticket, event watchers], then Float64 statistics.
const LOCK = 0;
const TICKET = 1;
const WATCHERS = 2;
const CONTROL_INTS = 4;
const LOOKUPS = 0;
const HITS = 1;
const TOKENS_QUERIED = 2;
const TOKENS_HIT = 3;
const ENDPOINT_STATS = 4;
const CONTROL_FLOATS = ENDPOINT_STATS + SHARED_ENDPOINTS.length * 2;

export class KvCache {
  readonly workers: KvWorker[];
  readonly router: KvRouter;
  readonly promptCache: PromptCache | null;
  readonly #listeners = new Set<(event: KvEvent) => void>();
  readonly #lookupListeners = new Set<KvLookupListener>();
  readonly #control: SharedArrayBuffer;
  readonly #ints: Int32Array;
  readonly #stats: Float64Array;
  /** Lookups of endpoints outside SHARED_ENDPOINTS (this isolate's). */
  readonly #otherEndpoints = new Map<string, EndpointStats>();
  /** Events of the section under the lock, emitted once it is released. */
  #pending: KvEvent[] = [];
  #forward: ((event: KvEvent) => void) | null = null;

  /** A new cache, or (with `shared`) another isolate's cache, seen from this one. */
  constructor(
    readonly settings: KvCacheSettings,
    private readonly clock: Clock,
    shared?: KvSharedState,
  ) {
    const emit = (event: KvEvent) => this.#pending.push(event);
    this.#control = shared?.control ??
      new SharedArrayBuffer(CONTROL_INTS * 4 + CONTROL_FLOATS * 8);
    this.#ints = new Int32Array(this.#control, 0, CONTROL_INTS);
    this.#stats = new Float64Array(this.#control, CONTROL_INTS * 4, CONTROL_FLOATS);
    this.workers = Array.from(
      { length: settings.workers },
      (_, i) => new KvWorker(i, settings.blocksPerWorker, emit, shared?.workers[i]),
    );
    this.router = new KvRouter(
      this.workers,
      settings.policy,
      settings.overlapWeight,
      settings.seed,
      () => Atomics.add(this.#ints, TICKET, 1),
    );
    this.promptCache = settings.promptCachingEnabled
      ? new PromptCache(
        settings.promptCacheMinTokens,
        settings.promptCacheTtlSeconds * 1000,
        settings.promptCacheMaxEntries,
        shared?.prompt ?? undefined,
      )
      : null;
  }

  /** What another isolate needs to work on this same cache. */
  get shared(): KvSharedState {
    return {
      control: this.#control,
      workers: this.workers.map((w) => w.buffer),
      prompt: this.promptCache?.buffer ?? null,
    };
  }

  get lookups(): number {
    return this.#stats[LOOKUPS];
  }
  get hits(): number {
    return this.#stats[HITS];
  }
  get tokensQueried(): number {
    return this.#stats[TOKENS_QUERIED];
  }
  get tokensHit(): number {
    return this.#stats[TOKENS_HIT];
  }

  /** Lookups and hits by endpoint (the shared ones first, then this isolate's others). */
  get byEndpoint(): Map<string, EndpointStats> {
    const out = new Map<string, EndpointStats>();
    SHARED_ENDPOINTS.forEach((endpoint, i) => {
      const lookups = this.#stats[ENDPOINT_STATS + 2 * i];
      if (lookups > 0) {
        out.set(endpoint, { lookups, hits: this.#stats[ENDPOINT_STATS + 2 * i + 1] });
      }
    });
    for (const [endpoint, stats] of this.#otherEndpoints) out.set(endpoint, { ...stats });
    return out;
  }

  /**
   * Subscribes to block stored/removed/cleared events; returns the unsubscribe function. While
   * anyone subscribes, isolates sharing this cache forward their events (forwardEvents).
   */
  onEvent(listener: (event: KvEvent) => void): () => void {
    this.#listeners.add(listener);
    Atomics.add(this.#ints, WATCHERS, 1);
    return () => {
      if (this.#listeners.delete(listener)) Atomics.sub(this.#ints, WATCHERS, 1);
    };
  }

  /** Another isolate's event (forwarded to the one with the subscribers): told to them. */
  relay(event: KvEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  /** This isolate's events go to `forward` while any isolate's onEvent has a subscriber. */
  forwardEvents(forward: (event: KvEvent) => void): void {
    this.#forward = forward;
  }

  /** Subscribes to every lookup (the metrics registry's prefix-cache counters); returns the unsubscribe function. */
  onLookup(listener: KvLookupListener): () => void {
    this.#lookupListeners.add(listener);
    return () => this.#lookupListeners.delete(listener);
  }

  /**
   * Routes a prompt and holds its blocks. With `breakpoints` (even none) the prompt cache works
   * the explicit way (those prefixes only) and not the automatic one; the KV blocks count either
   * way.
   */
  admit(
    model: string,
    tokenIds: ArrayLike<number>,
    promptTokens: number,
    endpoint: string,
    breakpoints?: readonly CachePrefix[],
  ): Lease {
    const { kvEnabled, blockSize } = this.settings;
    const hashes = kvEnabled ? blockHashes(tokenIds, blockSize, model) : [];
    const { worker, held, cachedTokens, explicit } = this.#locked(() => {
      let kvCached = 0;
      let worker = 0;
      let held: number[] = [];
      if (kvEnabled) {
        const route = this.router.route(hashes);
        worker = route.worker;
        kvCached = route.matchedBlocks * blockSize;
        held = this.workers[worker].acquire(hashes, promptTokens);
      }
      const now = this.clock.now();
      const explicit = breakpoints &&
        (this.promptCache?.lookupAndStoreBreakpoints(breakpoints, now) ??
          { readTokens: 0, writes: [] });
      const promptCached = explicit
        ? explicit.readTokens
        : this.promptCache?.lookupAndStore(tokenIds, model, now) ?? 0;
      const cachedTokens = Math.min(promptTokens, Math.max(kvCached, promptCached));
      this.#count(endpoint, promptTokens, cachedTokens);
      return { worker, held, cachedTokens, explicit };
    });
    for (const listener of this.#lookupListeners) listener(model, promptTokens, cachedTokens);
    let released = false;
    return {
      worker,
      cachedTokens,
      explicit,
      release: () => {
        if (released || !kvEnabled) return;
        released = true;
        this.#locked(() => this.workers[worker].release(held));
      },
    };
  }

  clearKv(): void {
    this.#locked(() => {
      for (const worker of this.workers) worker.clear();
    });
  }

  clearPromptCache(): void {
    this.#locked(() => this.promptCache?.clear());
  }

  /** Fraction of all KV blocks currently holding cached data. */
  usage(): number {
    const total = this.workers.reduce((s, w) => s + w.capacityBlocks, 0);
    return total === 0 ? 0 : this.workers.reduce((s, w) => s + w.cachedBlocks, 0) / total;
  }

  /** Runs `fn` under the cache's lock, then emits the events it caused. */
  #locked<T>(fn: () => T): T {
    const result = withLock(this.#ints, LOCK, "KV cache", fn);
    if (this.#pending.length > 0) {
      const events = this.#pending;
      this.#pending = [];
      const forward = Atomics.load(this.#ints, WATCHERS) > 0 ? this.#forward : null;
      for (const event of events) {
        for (const listener of this.#listeners) listener(event);
        forward?.(event);
      }
    }
    return result;
  }

  #count(endpoint: string, promptTokens: number, cachedTokens: number): void {
    const stats = this.#stats;
    const hit = cachedTokens > 0 ? 1 : 0;
    stats[LOOKUPS]++;
    stats[TOKENS_QUERIED] += promptTokens;
    stats[TOKENS_HIT] += cachedTokens;
    stats[HITS] += hit;
    const shared = SHARED_ENDPOINTS.indexOf(endpoint);
    if (shared >= 0) {
      stats[ENDPOINT_STATS + 2 * shared]++;
      stats[ENDPOINT_STATS + 2 * shared + 1] += hit;
      return;
    }
    const local = this.#otherEndpoints.get(endpoint) ?? { lookups: 0, hits: 0 };
    local.lookups++;
    local.hits += hit;
    this.#otherEndpoints.set(endpoint, local);
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
