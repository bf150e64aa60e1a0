/**
 * GET /kv-cache/metrics (the operations guide's shape), GET /kv-cache/events (block stored /
 * removed / cleared as server-sent events), POST /admin/clear-kv-cache, POST /admin/clear-cache.
 */
import { kvCacheStats } from "../../engine/kv/kv_cache.ts";
import type { KvEvent } from "../../engine/kv/kv_worker.ts";
import type { App } from "../../server/app_env.ts";
import type { ApiDeps } from "../deps.ts";
import { SSE_HEADERS } from "../openai/plan_response.ts";

/** Events a slow subscriber may have queued before it is dropped. */
const MAX_QUEUED_EVENTS = 10_000;
const encoder = new TextEncoder();

export function registerKvCache(app: App, deps: ApiDeps): void {
  const kv = deps.engine.kv;

  app.get("/kv-cache/metrics", (c) => {
    const stats = kvCacheStats(kv);
    const byEndpoint: Record<string, { hit_rate: number; lookups: number }> = {};
    for (const [endpoint, s] of kv.byEndpoint) {
      byEndpoint[endpoint] = {
        hit_rate: round(s.lookups ? s.hits / s.lookups : 0),
        lookups: s.lookups,
      };
    }
    const workerStats: Record<string, unknown> = {};
    for (const w of kv.workers) {
      workerStats[`worker_${w.index}`] = {
        active_requests: w.activeRequests,
        cached_blocks: w.cachedBlocks,
        total_tokens_processed: w.totalTokensProcessed,
        active_blocks: w.activeBlocks,
        capacity_blocks: w.capacityBlocks,
      };
    }
    return c.json({
      cache_performance: {
        hit_rate: round(stats.hitRate),
        token_reuse_rate: round(stats.tokenReuseRate),
        avg_prefix_length: round(stats.avgPrefixLength),
        total_lookups: stats.totalLookups,
        cache_hits: stats.cacheHits,
        by_endpoint: byEndpoint,
      },
      smart_router: {
        enabled: kv.settings.kvEnabled,
        policy: kv.settings.policy,
        overlap_weight: kv.settings.overlapWeight,
        block_size: kv.settings.blockSize,
        usage: round(stats.usage),
        worker_stats: workerStats,
      },
      prompt_cache: {
        enabled: kv.promptCache !== null,
        entries: kv.promptCache?.size ?? 0,
        ttl_seconds: kv.settings.promptCacheTtlSeconds,
        min_tokens: kv.settings.promptCacheMinTokens,
      },
    });
  });

  app.get("/kv-cache/events", (c) => {
    let unsubscribe = () => {};
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const close = () => {
          unsubscribe();
          try {
            controller.close();
          } catch { /* already closed */ }
        };
        const signal = AbortSignal.any([c.req.raw.signal, deps.lifecycle.shutdownSignal]);
        if (signal.aborted) return close();
        signal.addEventListener("abort", close, { once: true });
        controller.enqueue(encoder.encode(": kv-cache events\n\n"));
        unsubscribe = kv.onEvent((event: KvEvent) => {
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED_EVENTS) return close();
          const { type, ...data } = event;
          const payload = { ...data, timestamp: deps.engine.clock.wallNow() };
          controller.enqueue(
            encoder.encode(`event: ${type}\ndata: ${JSON.stringify(payload)}\n\n`),
          );
        });
      },
      cancel() {
        unsubscribe();
      },
    }, { highWaterMark: 0 });
    return new Response(stream, { headers: SSE_HEADERS });
  });

  app.post("/admin/clear-kv-cache", (c) => {
    const blocks = kv.workers.reduce((sum, w) => sum + w.cachedBlocks, 0);
    kv.clearKv();
    const left = kv.workers.reduce((sum, w) => sum + w.cachedBlocks, 0);
    return c.json({
      status: "cleared",
      cache: "kv",
      blocks_removed: blocks - left,
      blocks_in_use: left,
    });
  });

  app.post("/admin/clear-cache", (c) => {
    const entries = kv.promptCache?.size ?? 0;
    kv.clearPromptCache();
    return c.json({ status: "cleared", cache: "prompt", entries_removed: entries });
  });
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
