/**
 * What metrics persistence stores: the registry's cumulative counters (restored on restart) and
 * its windowed gauges, as named series with label objects. Pure: no database here.
 */
import {
  FAKEAI_METRICS as F,
  type MetricDef,
  PERSISTED_ONLY_METRICS as P,
  VLLM_METRICS as V,
} from "./metric_definitions.ts";
import type { CumulativeCounter, MetricsRegistry, RestoredCounter } from "./registry.ts";

export interface SeriesPoint {
  name: string;
  /** Label names in the definition's order (so the JSON text is canonical). */
  labels: Record<string, string>;
  value: number;
  cumulative: boolean;
}

interface CounterSpec {
  field: CumulativeCounter;
  def: MetricDef;
  /** Label names in the order of the registry's key. */
  keyLabels: readonly string[];
  /** Labels with a fixed value, shown as the Prometheus view shows them. */
  fixed?: Record<string, string>;
  /** The label holding a model id (registered with the registry on restore). */
  modelLabel?: string;
}

const ENGINE = { engine: "0" };

const COUNTERS: readonly CounterSpec[] = [
  {
    field: "requests",
    def: F.requestsTotal,
    keyLabels: F.requestsTotal.labels,
    modelLabel: "model",
  },
  { field: "errors", def: F.errorsTotal, keyLabels: F.errorsTotal.labels },
  { field: "tokens", def: F.tokensTotal, keyLabels: F.tokensTotal.labels, modelLabel: "model" },
  { field: "streams", def: F.streamsTotal, keyLabels: F.streamsTotal.labels },
  {
    field: "finished",
    def: V.requestSuccess,
    keyLabels: ["model_name", "finished_reason"],
    fixed: ENGINE,
    modelLabel: "model_name",
  },
  {
    field: "prefixQueries",
    def: V.prefixCacheQueries,
    keyLabels: ["model_name"],
    fixed: ENGINE,
    modelLabel: "model_name",
  },
  {
    field: "prefixHits",
    def: V.prefixCacheHits,
    keyLabels: ["model_name"],
    fixed: ENGINE,
    modelLabel: "model_name",
  },
  { field: "rateLimit", def: P.rateLimitDecisionsTotal, keyLabels: ["decision"] },
  { field: "abuse", def: P.abuseEventsTotal, keyLabels: ["event"] },
];

const GAUGES: readonly MetricDef[] = [
  F.requestsPerSecond,
  F.latencySeconds,
  F.tokensPerSecond,
  F.ttftSeconds,
  F.streamsActive,
  P.errorRate,
];

/** Every series name persistence writes, with its definition (for listings). */
export const PERSISTED_SERIES: ReadonlyMap<string, MetricDef> = new Map(
  [...COUNTERS.map((c) => c.def), ...GAUGES].map((d) => [d.name, d]),
);

const COUNTER_BY_NAME = new Map(COUNTERS.map((c) => [c.def.name, c]));

/** The registry's state now: every counter value and the windowed gauges. */
export function collectSeries(r: MetricsRegistry): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (const spec of COUNTERS) {
    for (const [values, value] of r[spec.field].entries()) {
      points.push({
        name: spec.def.name,
        labels: counterLabels(spec, values),
        value,
        cumulative: true,
      });
    }
  }
  const gauge = (def: MetricDef, labels: Record<string, string>, value: number) =>
    points.push({ name: def.name, labels, value: round(value), cumulative: false });
  const now = r.clock.now();
  for (const [endpoint, window] of r.latencyByEndpoint) {
    const s = window.stats(now);
    gauge(F.requestsPerSecond, { endpoint }, s.rate);
    if (s.count === 0) continue; // no samples: no latency, rather than a made-up 0
    gauge(F.latencySeconds, { endpoint, quantile: "0.5" }, s.p50);
    gauge(F.latencySeconds, { endpoint, quantile: "0.9" }, s.p90);
    gauge(F.latencySeconds, { endpoint, quantile: "0.99" }, s.p99);
  }
  gauge(F.tokensPerSecond, {}, r.tokensWindow.stats(now).sumRate);
  const ttft = r.ttftWindow.stats(now);
  if (ttft.count > 0) {
    gauge(F.ttftSeconds, { quantile: "0.5" }, ttft.p50);
    gauge(F.ttftSeconds, { quantile: "0.99" }, ttft.p99);
  }
  gauge(F.streamsActive, {}, r.activeStreams);
  gauge(P.errorRate, {}, r.outcomesWindow.stats(now).avg);
  return points;
}

/**
 * Stored counter rows → registry entries (unknown names, e.g. from a newer version, are skipped),
 * and the model ids they mention, to register as model labels.
 */
export function restoredCounters(
  rows: ReadonlyArray<{ name: string; labels: Record<string, string>; value: number }>,
): { counters: RestoredCounter[]; models: string[] } {
  const counters: RestoredCounter[] = [];
  const models = new Set<string>();
  for (const row of rows) {
    const spec = COUNTER_BY_NAME.get(row.name);
    if (!spec || !(row.value >= 0 && Number.isFinite(row.value))) continue;
    counters.push({
      counter: spec.field,
      labels: spec.keyLabels.map((l) => row.labels[l] ?? ""),
      value: row.value,
    });
    const model = spec.modelLabel ? row.labels[spec.modelLabel] : "";
    if (model) models.add(model);
  }
  return { counters, models: [...models] };
}

function counterLabels(spec: CounterSpec, values: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const name of spec.def.labels) {
    const i = spec.keyLabels.indexOf(name);
    labels[name] = i >= 0 ? values[i] ?? "" : spec.fixed?.[name] ?? "";
  }
  return labels;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
