/**
 * GET /health/detailed's body: a status from the recent error share (non-2xx answers over the
 * metrics window), plus the figures behind it. Pure: everything comes from the arguments.
 */
import type { MetricsRegistry } from "./registry.ts";

export type HealthStatus = "healthy" | "degraded" | "unhealthy" | "shutting_down";

/** Error share above which the server reports itself degraded / unhealthy. */
export const DEGRADED_ABOVE = 0.05;
export const UNHEALTHY_ABOVE = 0.10;
/** Fewer requests than this in the window say nothing about health: stay healthy. */
export const MIN_REQUESTS = 20;

export function healthStatus(
  errorShare: number,
  requestsInWindow: number,
  draining: boolean,
): HealthStatus {
  if (draining) return "shutting_down";
  if (requestsInWindow < MIN_REQUESTS) return "healthy";
  if (errorShare > UNHEALTHY_ABOVE) return "unhealthy";
  if (errorShare > DEGRADED_ABOVE) return "degraded";
  return "healthy";
}

/** Probes read the HTTP status: 503 takes the server out of rotation. */
export function healthHttpStatus(status: HealthStatus): 200 | 503 {
  return status === "unhealthy" || status === "shutting_down" ? 503 : 200;
}

export interface HealthInputs {
  /** null when metrics are disabled: only draining decides the status then. */
  registry: MetricsRegistry | null;
  draining: boolean;
  wallNowMs: number;
  uptimeSeconds: number;
  version: string;
  rssBytes: number;
}

export function healthReport(h: HealthInputs) {
  const r = h.registry;
  const now = r?.clock.now() ?? 0;
  const outcomes = r?.outcomesWindow.stats(now);
  const status = healthStatus(outcomes?.avg ?? 0, outcomes?.count ?? 0, h.draining);
  const endpoints: Record<string, { requests_per_second: number; p99_latency_ms: number }> = {};
  for (const [endpoint, window] of r?.latencyByEndpoint ?? []) {
    const s = window.stats(now);
    if (s.count === 0) continue;
    endpoints[endpoint] = {
      requests_per_second: round(s.rate),
      p99_latency_ms: round(s.p99 * 1000),
    };
  }
  let running = 0;
  for (const n of r?.running.values() ?? []) running += n;
  return {
    status,
    timestamp: new Date(h.wallNowMs).toISOString(),
    uptime: h.uptimeSeconds,
    version: h.version,
    checks: {
      error_rate: r && outcomes
        ? {
          value: round(outcomes.avg),
          window_seconds: r.windowSeconds,
          requests_in_window: outcomes.count,
          min_requests: MIN_REQUESTS,
          degraded_above: DEGRADED_ABOVE,
          unhealthy_above: UNHEALTHY_ABOVE,
        }
        : null,
      active_streams: r ? r.activeStreams : null,
      running_requests: r ? running : null,
      memory: { rss_bytes: h.rssBytes },
    },
    endpoints,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
