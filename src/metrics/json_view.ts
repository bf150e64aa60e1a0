/** GET /metrics: the operations guide's JSON, derived from the registry. */
import type { MetricsRegistry } from "./registry.ts";
import type { WindowStats } from "./windowed_series.ts";

export interface MemoryUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
}

export function metricsJson(
  r: MetricsRegistry,
  memory: MemoryUsage,
  extra: { rateLimitEnabled: boolean; abuseEnabled: boolean },
) {
  const now = r.clock.now();
  const requests: Record<string, ReturnType<typeof latencyStats>> = {};
  const totals = new Map<string, number>();
  for (const [[endpoint], value] of r.requests.entries()) {
    totals.set(endpoint, (totals.get(endpoint) ?? 0) + value);
  }
  for (const [endpoint, window] of r.latencyByEndpoint) {
    requests[endpoint] = { ...latencyStats(window.stats(now)), count: totals.get(endpoint) ?? 0 };
  }
  const responses: Record<string, number> = {};
  for (const [[, , status], value] of r.requests.entries()) {
    responses[status] = (responses[status] ?? 0) + value;
  }
  const byType: Record<string, number> = {};
  for (const [[type], value] of r.errors.entries()) byType[type] = value;
  const prompt = sumByKind(r, "prompt");
  const completion = sumByKind(r, "completion");
  const kv = r.kvCache();
  return {
    requests,
    responses,
    tokens: {
      total: prompt + completion,
      prompt,
      completion,
      rate: round(r.tokensWindow.stats(now).sumRate),
    },
    errors: {
      total: r.errors.total(),
      by_type: byType,
      rate: round(r.outcomesWindow.stats(now).avg),
    },
    streaming_stats: {
      active_streams: r.activeStreams,
      completed_streams: r.streams.get(["completed"]),
      failed_streams: r.streams.get(["failed"]),
      ttft: distribution(r.ttftWindow.stats(now)),
      tokens_per_second: distribution(r.streamTpsWindow.stats(now)),
    },
    kv_cache: {
      hit_rate: round(kv.hitRate),
      token_reuse_rate: round(kv.tokenReuseRate),
      avg_prefix_length: round(kv.avgPrefixLength),
      total_lookups: kv.totalLookups,
      cache_hits: kv.cacheHits,
    },
    rate_limiting: {
      enabled: extra.rateLimitEnabled,
      allowed: r.rateLimit.get(["allowed"]),
      throttled_requests: r.rateLimit.get(["throttled_requests"]),
      throttled_tokens: r.rateLimit.get(["throttled_tokens"]),
      backend_errors: r.rateLimitBackendErrors,
    },
    abuse: {
      enabled: extra.abuseEnabled,
      violations: r.abuse.get(["violations"]),
      bans: r.abuse.get(["bans"]),
      blocked_requests: r.abuse.get(["blocked"]),
    },
    memory: {
      rss_bytes: memory.rss,
      rss_mb: round(memory.rss / 1048576),
      heap_total_bytes: memory.heapTotal,
      heap_used_bytes: memory.heapUsed,
      external_bytes: memory.external,
    },
    window_seconds: r.windowSeconds,
    uptime_seconds: round((r.clock.wallNow() - r.startedAtWall) / 1000),
  };
}

function sumByKind(r: MetricsRegistry, kind: string): number {
  let sum = 0;
  for (const [[, k], value] of r.tokens.entries()) if (k === kind) sum += value;
  return sum;
}

function latencyStats(s: WindowStats) {
  return { rate: round(s.rate), count: s.count, ...distribution(s) };
}

function distribution(s: WindowStats) {
  return {
    avg: round(s.avg),
    min: round(s.min),
    max: round(s.max),
    p50: round(s.p50),
    p90: round(s.p90),
    p99: round(s.p99),
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
