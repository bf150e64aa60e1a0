/** GET /dashboard/info: the facts the dashboard's header shows, from the configuration. */
import { VERSION } from "../../version.ts";
import type { ApiDeps } from "../deps.ts";

export interface ServerInfo {
  version: string;
  ttft_ms: number;
  itl_ms: number;
  latency_mode: string;
  models: string[];
  /** As configured: a count, or "auto" (one isolate per CPU). */
  workers: number | string;
  metrics_window_seconds: number;
  rate_limit: { tier: string; rpm: number | null; tpm: number | null } | null;
  gpus: { model: string; count: number };
  /** The optional features that are on, by name. */
  features: string[];
}

export function serverInfo(deps: ApiDeps): ServerInfo {
  const c = deps.config;
  const features: Array<[string, boolean]> = [
    ["metrics", c.metricsEnabled],
    ["api_keys", c.requireApiKey || c.apiKeys.length > 0 || c.apiKeysFile.length > 0],
    ["rate_limit", c.rateLimitEnabled],
    ["engine_mode", c.latencyMode === "engine"],
    ["kv_cache", c.kvCacheEnabled],
    ["prompt_caching", c.enablePromptCaching],
    ["error_injection", c.errorInjectionEnabled],
    ["stream_faults", c.streamFaultRate > 0],
    ["security", c.enableSecurity],
    ["abuse_detection", c.enableAbuseDetection],
    ["moderation", c.enableModeration],
    ["metrics_persistence", c.metricsPersistenceEnabled],
    ["timing_ledger", c.timingLedger],
    ["scenarios", c.scenarioPaths.length > 0],
    ["tls", c.tlsCert !== null],
  ];
  return {
    version: VERSION,
    ttft_ms: c.ttftMs,
    itl_ms: c.itlMs,
    latency_mode: c.latencyMode,
    models: deps.engine.models.list().map((m) => m.id),
    workers: c.workers,
    metrics_window_seconds: c.metricsWindowSize,
    rate_limit: c.rateLimitEnabled
      ? { tier: c.rateLimitTier, rpm: c.rateLimitRpm, tpm: c.rateLimitTpm }
      : null,
    gpus: { model: c.dcgmGpuModel, count: c.dcgmGpuCount },
    features: features.filter(([, on]) => on).map(([name]) => name),
  };
}
