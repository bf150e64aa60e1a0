/**
 * The live frame's breakdowns (what the dashboard charts): cumulative counters by endpoint, error
 * type and rate-limit decision, cache figures, and the per-worker and per-GPU readings that live
 * outside the registry (passed in as sources). Counters are cumulative so that a client derives
 * per-second rates from consecutive frames, exactly as Prometheus' rate() does. Pure.
 */
import type { GpuReading } from "../modalities/gpu/gpu_simulator.ts";
import type { MetricsRegistry } from "./registry.ts";
import type { WindowStats } from "./windowed_series.ts";

export interface ModelFigures {
  requests_total: number;
  errors_total: number;
  prompt_tokens_total: number;
  completion_tokens_total: number;
  running_requests: number;
  waiting_requests: number;
}

export interface EndpointFigures {
  requests_total: number;
  errors_total: number;
  /** Over the metrics window, like /metrics. */
  requests_per_second: number;
  p50_latency_ms: number;
  p90_latency_ms: number;
  p99_latency_ms: number;
  /** Tokens of the endpoint's requests, as their usage tells (cumulative). */
  prompt_tokens_total: number;
  completion_tokens_total: number;
}

export interface RateLimitFigures {
  allowed: number;
  throttled_requests: number;
  throttled_tokens: number;
}

export interface CacheFigures {
  /** Share of KV-router lookups that found a cached prefix (cumulative). */
  kv_hit_rate: number;
  /** Share of all simulated workers' KV blocks in use now, 0..1. */
  kv_usage: number;
  /** Prompt tokens looked up in the prefix cache, and those found (cumulative). */
  prefix_queried_tokens: number;
  prefix_hit_tokens: number;
}

export interface KvWorkerFigures {
  worker: number;
  /** Share of this worker's KV blocks holding cached prefixes, 0..1. */
  usage: number;
  active_requests: number;
}

export interface GpuFigures {
  gpu: number;
  utilization_pct: number;
  memory_used_mib: number;
  memory_total_mib: number;
  power_w: number;
}

/**
 * What the registry does not hold: the engine's KV workers, the simulated GPUs, and whether the
 * timing ledger (which feeds the lateness window) is on.
 */
export interface LiveSources {
  kvWorkers?: () => readonly KvWorkerFigures[];
  /** The GPUs under the load `registry` reports. */
  gpus?: (registry: MetricsRegistry) => readonly GpuReading[];
  timingLedger?: boolean;
}

export function endpointFigures(r: MetricsRegistry, now: number): Record<string, EndpointFigures> {
  const out: Record<string, EndpointFigures> = {};
  for (const [endpoint, window] of r.latencyByEndpoint) {
    const s: WindowStats = window.stats(now);
    const tokens = r.endpointTokens(endpoint);
    out[endpoint] = {
      requests_total: 0,
      errors_total: 0,
      requests_per_second: round(s.rate),
      p50_latency_ms: ms(s.p50),
      p90_latency_ms: ms(s.p90),
      p99_latency_ms: ms(s.p99),
      prompt_tokens_total: tokens.prompt,
      completion_tokens_total: tokens.completion,
    };
  }
  for (const [[endpoint, , status], value] of r.requests.entries()) {
    const e = out[endpoint];
    if (!e) continue;
    e.requests_total += value;
    if (Number(status) >= 400) e.errors_total += value;
  }
  return out;
}

export function errorsByType(r: MetricsRegistry): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [[type], value] of r.errors.entries()) out[type] = value;
  return out;
}

export function rateLimitFigures(r: MetricsRegistry): RateLimitFigures {
  return {
    allowed: r.rateLimit.get(["allowed"]),
    throttled_requests: r.rateLimit.get(["throttled_requests"]),
    throttled_tokens: r.rateLimit.get(["throttled_tokens"]),
  };
}

export function cacheFigures(r: MetricsRegistry): CacheFigures {
  const kv = r.kvCache();
  return {
    kv_hit_rate: round(kv.hitRate),
    kv_usage: round(kv.usage),
    prefix_queried_tokens: r.prefixQueries.total(),
    prefix_hit_tokens: r.prefixHits.total(),
  };
}

export function gpuFigures(readings: readonly GpuReading[]): GpuFigures[] {
  return readings.map((g) => ({
    gpu: g.index,
    utilization_pct: g.gpuUtilPct,
    memory_used_mib: g.fbUsedMiB,
    memory_total_mib: g.fbUsedMiB + g.fbFreeMiB + g.fbReservedMiB,
    power_w: round(g.powerW),
  }));
}

export function modelFigures(r: MetricsRegistry): Record<string, ModelFigures> {
  const out: Record<string, ModelFigures> = {};
  const get = (model: string): ModelFigures =>
    out[model] ??= {
      requests_total: 0,
      errors_total: 0,
      prompt_tokens_total: 0,
      completion_tokens_total: 0,
      running_requests: r.running.get(model) ?? 0,
      waiting_requests: r.waiting.get(model) ?? 0,
    };
  for (const model of r.modelLabels) get(model);
  for (const [[, , status, model], value] of r.requests.entries()) {
    if (!model) continue;
    const m = get(model);
    m.requests_total += value;
    if (Number(status) >= 400) m.errors_total += value;
  }
  for (const [[model, kind], value] of r.tokens.entries()) {
    if (!model) continue;
    if (kind === "prompt") get(model).prompt_tokens_total += value;
    if (kind === "completion") get(model).completion_tokens_total += value;
  }
  return out;
}

export function ms(seconds: number): number {
  return round(seconds * 1000);
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
