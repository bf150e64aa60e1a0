/**
 * One frame of the live metrics stream (/metrics/streaming): the registry's windows aggregated over
 * every endpoint, plus cumulative per-model figures. Pure: everything comes from the registry.
 */
import type { MetricsRegistry } from "./registry.ts";
import type { WindowStats } from "./windowed_series.ts";

/** Fields a client may select with `subscribe.metrics` (`type` and `timestamp` always come). */
export const LIVE_FIELDS = [
  "requests_per_second",
  "avg_latency_ms",
  "p50_latency_ms",
  "p99_latency_ms",
  "tokens_per_second",
  "active_streams",
  "completed_streams",
  "failed_streams",
  "error_rate",
  "ttft_p50_ms",
  "ttft_p99_ms",
  "running_requests",
  "waiting_requests",
  "models",
] as const;

export type LiveField = typeof LIVE_FIELDS[number];

export interface ModelFigures {
  requests_total: number;
  errors_total: number;
  prompt_tokens_total: number;
  completion_tokens_total: number;
  running_requests: number;
  waiting_requests: number;
}

export type LiveSnapshot =
  & { type: "metrics"; timestamp: string }
  & { [K in Exclude<LiveField, "models">]: number }
  & { models: Record<string, ModelFigures> };

export function liveSnapshot(r: MetricsRegistry): LiveSnapshot {
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
  return {
    type: "metrics",
    timestamp: new Date(r.clock.wallNow()).toISOString(),
    requests_per_second: round(rate),
    avg_latency_ms: count === 0 ? 0 : ms(sum / count),
    p50_latency_ms: ms(mixtureQuantile(windows, 0.5)),
    p99_latency_ms: ms(mixtureQuantile(windows, 0.99)),
    tokens_per_second: round(r.tokensWindow.stats(now).sumRate),
    active_streams: r.activeStreams,
    completed_streams: r.streams.get(["completed"]),
    failed_streams: r.streams.get(["failed"]),
    error_rate: round(r.outcomesWindow.stats(now).avg),
    ttft_p50_ms: ms(ttft.p50),
    ttft_p99_ms: ms(ttft.p99),
    running_requests: sum0(r.running.values()),
    waiting_requests: sum0(r.waiting.values()),
    models: modelFigures(r),
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

function modelFigures(r: MetricsRegistry): Record<string, ModelFigures> {
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

function sum0(values: Iterable<number>): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum;
}

function ms(seconds: number): number {
  return round(seconds * 1000);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
