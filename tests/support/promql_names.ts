/** Metric names referenced by PromQL expressions in the monitoring kit (dashboard and alerts). */
import { DCGM_GUIDE_METRICS, DCGM_METRICS } from "../../src/metrics/dcgm_definitions.ts";
import { ALL_METRICS } from "../../src/metrics/metric_definitions.ts";

// Aggregations, operators and modifiers that can stand where a metric name could.
const NOT_METRICS = new Set([
  "sum",
  "min",
  "max",
  "avg",
  "group",
  "stddev",
  "stdvar",
  "count",
  "count_values",
  "bottomk",
  "topk",
  "quantile",
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "and",
  "or",
  "unless",
  "bool",
  "offset",
  "atan2",
  "inf",
  "nan",
]);

/** Names of the series an expression selects (functions, keywords and label names left out). */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, "{}")
    .replace(/\[[^\]]*\]/g, "[]")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "$1 ");
  const names = new Set<string>();
  const identifier = /(?<![\w:$.])([A-Za-z_:][\w:]*)(?!\s*\()(?=\s*[{[)]|\s|,|$)/g;
  for (const [, name] of bare.matchAll(identifier)) {
    if (!NOT_METRICS.has(name.toLowerCase())) names.add(name);
  }
  return [...names];
}

const DEFINED = new Map(
  [...ALL_METRICS, ...Object.values(DCGM_METRICS), ...Object.values(DCGM_GUIDE_METRICS)].map((
    d,
  ) => [d.name, d.type]),
);

/** Whether FakeAI defines the series: a family, a histogram's _bucket/_sum/_count, or `up`. */
export function isDefinedSeries(name: string): boolean {
  if (name === "up" || DEFINED.has(name)) return true;
  const suffix = /_(bucket|sum|count)$/.exec(name);
  if (!suffix) return false;
  const type = DEFINED.get(name.slice(0, -suffix[0].length));
  return type === "histogram" || (type === "summary" && suffix[1] !== "bucket");
}

/** Every `expr` in a Grafana dashboard (rows included) and the metric of each label_values(). */
export function dashboardExprs(dashboard: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, key = ""): void => {
    if (typeof node === "string") {
      if (key === "expr") out.push(node);
      if (key === "definition") out.push(node.replace(/^label_values\((.*),\s*\w+\)$/, "$1"));
    } else if (Array.isArray(node)) node.forEach((item) => walk(item));
    else if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) walk(v, k);
    }
  };
  walk(dashboard);
  return out;
}
