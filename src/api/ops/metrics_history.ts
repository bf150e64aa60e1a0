/**
 * GET /metrics/history: stored metric snapshots (metrics persistence). Without `metric`: the
 * stored series names; with it: that series' rows, oldest first, filtered by time and labels.
 */
import type { Context } from "hono";
import { MetricsDbError } from "../../metrics/metrics_db.ts";
import type { HistoryQuery, MetricsStore } from "../../metrics/metrics_store.ts";
import { PERSISTED_SERIES } from "../../metrics/persisted_series.ts";
import { parseQueryTime } from "../../metrics/sqlite_time.ts";
import type { App, AppEnv } from "../../server/app_env.ts";
import { ApiError, errors } from "../../server/errors.ts";
import { limitParam } from "./limit_param.ts";

export const HISTORY_DEFAULT_LIMIT = 1000;
export const HISTORY_MAX_LIMIT = 10_000;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function registerMetricsHistory(app: App, store: MetricsStore | null): void {
  app.get("/metrics/history", (c) => {
    if (!store) throw errors.metricsHistoryDisabled();
    const metric = c.req.query("metric");
    if (metric === undefined) return c.json(listing(store));
    const query = parseQuery(c, metric);
    const { points, hasMore } = guarded(() => {
      if (!PERSISTED_SERIES.has(metric) && !store.hasSeries(metric)) {
        throw errors.metricNotFound(metric);
      }
      return store.history(query);
    });
    return c.json({ object: "list", metric, data: points, has_more: hasMore });
  });
}

function listing(store: MetricsStore) {
  const data = guarded(() => store.metrics()).map((m) => {
    const def = PERSISTED_SERIES.get(m.name);
    return {
      name: m.name,
      type: def ? (def.type === "counter" ? "counter" : "gauge") : null,
      help: def?.help ?? null,
      first_timestamp: m.first,
      last_timestamp: m.last,
    };
  });
  return { object: "list", data, has_more: false };
}

function parseQuery(c: Context<AppEnv>, metric: string): HistoryQuery {
  if (metric.trim() === "") throw errors.invalidParam("metric", "'metric' must not be empty.");
  const time = (param: "since" | "until") => {
    const raw = c.req.query(param);
    if (raw === undefined) return undefined;
    const ms = parseQueryTime(raw);
    if (ms === null) {
      throw errors.invalidParam(
        param,
        `Invalid '${param}': expected unix seconds or an ISO 8601 time (e.g. 2025-10-05T12:00:00Z), got '${raw}'.`,
      );
    }
    return ms;
  };
  const sinceMs = time("since");
  const untilMs = time("until");
  if (sinceMs !== undefined && untilMs !== undefined && sinceMs > untilMs) {
    throw errors.invalidParam("since", "'since' must not be later than 'until'.");
  }
  return {
    name: metric,
    sinceMs,
    untilMs,
    labels: parseLabels(c.req.query("labels")),
    limit: limitParam(c.req.query("limit"), HISTORY_MAX_LIMIT) ?? HISTORY_DEFAULT_LIMIT,
  };
}

function parseLabels(raw: string | undefined): Record<string, string> | undefined {
  if (raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  const bad = () =>
    errors.invalidParam(
      "labels",
      `Invalid 'labels': expected a JSON object of label names to string values, e.g. {"endpoint":"/v1/chat/completions"}, got '${raw}'.`,
    );
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw bad();
  for (const [name, v] of Object.entries(value)) {
    if (!LABEL_NAME.test(name) || typeof v !== "string") throw bad();
  }
  return value as Record<string, string>;
}

/** Database trouble while serving (e.g. a long VACUUM holding the lock) → 503, not a 500. */
function guarded<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const reason = err instanceof MetricsDbError ? err.reason : (err as Error).message;
    throw errors.metricsDatabaseUnavailable(reason);
  }
}
