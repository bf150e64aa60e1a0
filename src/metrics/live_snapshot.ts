/**
 * One frame of the live metrics stream (/metrics/streaming): the registry's windows aggregated over
 * every endpoint, cumulative per-model figures, and the breakdowns the dashboard charts
 * (live_breakdown.ts). Pure: everything comes from the registry and the given sources.
 */
import {
  type CacheFigures,
  cacheFigures,
  type EndpointFigures,
  endpointFigures,
  errorsByType,
  type GpuFigures,
  gpuFigures,
  type KvWorkerFigures,
  type LiveSources,
  type ModelFigures,
  modelFigures,
  ms,
  type RateLimitFigures,
  rateLimitFigures,
  round,
} from "./live_breakdown.ts";

export type { ModelFigures };
import type { MetricsRegistry } from "./registry.ts";
import type { WindowStats } from "./windowed_series.ts";

/** The fields that hold objects or lists rather than one number. */
const STRUCTURED = [
  "models",
  "endpoints",
  "errors_by_type",
  "rate_limit",
  "cache",
  "kv_workers",
  "gpus",
] as const;

/** Fields a client may select with `subscribe.metrics` (`type` and `timestamp` always come). */
export const LIVE_FIELDS = [
  "requests_per_second",
  "avg_latency_ms",
  "p50_latency_ms",
  "p90_latency_ms",
  "p99_latency_ms",
  "tokens_per_second",
  "active_streams",
  "completed_streams",
  "failed_streams",
  "error_rate",
  "ttft_p50_ms",
  "ttft_p90_ms",
  "ttft_p99_ms",
  "itl_p50_ms",
  "itl_p90_ms",
  "itl_p99_ms",
  "timing_ledger",
  "lateness_p50_ms",
  "lateness_p99_ms",
  "lateness_max_ms",
  "running_requests",
  "waiting_requests",
  "uptime_seconds",
  "requests_total",
  "errors_total",
  ...STRUCTURED,
] as const;

export type LiveField = typeof LIVE_FIELDS[number];

export type LiveSnapshot =
  & { type: "metrics"; timestamp: string }
  & { [K in Exclude<LiveField, typeof STRUCTURED[number] | "timing_ledger">]: number }
  & {
    /** Whether the timing ledger is on (else the lateness figures stay 0). */
    timing_ledger: boolean;
    models: Record<string, ModelFigures>;
    endpoints: Record<string, EndpointFigures>;
    errors_by_type: Record<string, number>;
    rate_limit: RateLimitFigures;
    cache: CacheFigures;
    kv_workers: KvWorkerFigures[];
    gpus: GpuFigures[];
  };

export function liveSnapshot(r: MetricsRegistry, sources: LiveSources = {}): LiveSnapshot {
  const now = r.clock.now();
  const windows = [...r.latencyByEndpoint.values()].map((w) => w.stats(now));
  let rate = 0;
  let count = 0;
  let sum = 0;
  for (const s of windows) {
    rate += s.rate;
    count += s.count;
    sum += s.sum;
  }
  const ttft = r.ttftWindow.stats(now);
  const itl = r.itlWindow.stats(now);
  const lateness = r.latenessWindow.stats(now);
  const endpoints = endpointFigures(r, now);
  let requestsTotal = 0;
  let errorsTotal = 0;
  for (const e of Object.values(endpoints)) {
    requestsTotal += e.requests_total;
    errorsTotal += e.errors_total;
  }
  return {
    type: "metrics",
    timestamp: new Date(r.clock.wallNow()).toISOString(),
    requests_per_second: round(rate),
    avg_latency_ms: count === 0 ? 0 : ms(sum / count),
    p50_latency_ms: ms(mixtureQuantile(windows, 0.5)),
    p90_latency_ms: ms(mixtureQuantile(windows, 0.9)),
    p99_latency_ms: ms(mixtureQuantile(windows, 0.99)),
    tokens_per_second: round(r.tokensWindow.stats(now).sumRate),
    active_streams: r.activeStreams,
    completed_streams: r.streams.get(["completed"]),
    failed_streams: r.streams.get(["failed"]),
    error_rate: round(r.outcomesWindow.stats(now).avg),
    ttft_p50_ms: ms(ttft.p50),
    ttft_p90_ms: ms(ttft.p90),
    ttft_p99_ms: ms(ttft.p99),
    itl_p50_ms: ms(itl.p50),
    itl_p90_ms: ms(itl.p90),
    itl_p99_ms: ms(itl.p99),
    timing_ledger: sources.timingLedger ?? false,
    lateness_p50_ms: ms(lateness.p50),
    lateness_p99_ms: ms(lateness.p99),
    lateness_max_ms: ms(lateness.max),
    running_requests: sum0(r.running.values()),
    waiting_requests: sum0(r.waiting.values()),
    uptime_seconds: round((r.clock.wallNow() - r.startedAtWall) / 1000),
    requests_total: requestsTotal,
    errors_total: errorsTotal,
    models: modelFigures(r),
    endpoints,
    errors_by_type: errorsByType(r),
    rate_limit: rateLimitFigures(r),
    cache: cacheFigures(r),
    kv_workers: [...(sources.kvWorkers?.() ?? [])],
    gpus: gpuFigures(sources.gpus?.(r) ?? []),
  };
}

/** The frame a subscriber asked for: only the chosen fields, and only the chosen models. */
export function filterSnapshot(
  s: LiveSnapshot,
  fields: readonly LiveField[] | null,
  models: readonly string[] | null,
): Record<string, unknown> {
  const out: Record<string, unknown> = { type: s.type, timestamp: s.timestamp };
  for (const field of fields ?? LIVE_FIELDS) out[field] = s[field];
  if ("models" in out && models) {
    const chosen: Record<string, ModelFigures> = {};
    for (const m of models) if (s.models[m]) chosen[m] = s.models[m];
    out.models = chosen;
  }
  return out;
}

/**
 * A quantile of the union of several windows, from each window's (min, p50, p90, p99, max): each
 * window's CDF is taken as piecewise linear through those points and the count-weighted mixture is
 * inverted. With a single window this gives back that window's own p50/p99 exactly.
 */
export function mixtureQuantile(windows: readonly WindowStats[], q: number): number {
  const live = windows.filter((w) => w.count > 0);
  if (live.length === 0) return 0;
  const total = live.reduce((n, w) => n + w.count, 0);
  const curves = live.map((w) => ({ weight: w.count / total, points: cdfPoints(w) }));
  const xs = [...new Set(curves.flatMap((c) => c.points.map(([x]) => x)))].sort((a, b) => a - b);
  const mix = (f: (points: readonly Point[], x: number) => number, x: number) =>
    curves.reduce((acc, c) => acc + c.weight * f(c.points, x), 0);
  // Between breakpoints the mixture CDF is linear from its value at prevX to its left limit at x;
  // at x it may jump (a window whose samples are all equal, or that starts there).
  let prevX = xs[0];
  let prevP = 0;
  for (const x of xs) {
    const left = mix(cdfLeftOf, x);
    if (left > q + EPS) return prevX + (x - prevX) * ((q - prevP) / (left - prevP));
    const at = mix(cdfAt, x);
    if (at >= q - EPS) return x;
    prevX = x;
    prevP = at;
  }
  return xs[xs.length - 1];
}

const EPS = 1e-9;

type Point = readonly [number, number];

function cdfPoints(w: WindowStats): Point[] {
  return [[w.min, 0], [w.p50, 0.5], [w.p90, 0.9], [w.p99, 0.99], [w.max, 1]];
}

/** Right-continuous CDF through the points (several points may share an x: a jump there). */
function cdfAt(points: readonly Point[], x: number): number {
  if (x < points[0][0]) return 0;
  let best = 0;
  for (let i = 0; i < points.length; i++) {
    const [px, pp] = points[i];
    if (px <= x) {
      best = Math.max(best, pp);
      continue;
    }
    const [lx, lp] = points[i - 1];
    return Math.max(best, lp + (pp - lp) * ((x - lx) / (px - lx)));
  }
  return 1;
}

/** The CDF's limit from the left at x. */
function cdfLeftOf(points: readonly Point[], x: number): number {
  if (x <= points[0][0]) return 0;
  for (let i = 1; i < points.length; i++) {
    const [px, pp] = points[i];
    if (px < x) continue;
    const [lx, lp] = points[i - 1];
    return lp + (pp - lp) * ((x - lx) / (px - lx));
  }
  return 1;
}

function sum0(values: Iterable<number>): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum;
}
