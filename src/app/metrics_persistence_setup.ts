/** Startup wiring of metrics persistence for serve.ts: open the database, restore, start snapshots. */
import type { Config } from "../config/schema.ts";
import { MetricsDbError } from "../metrics/metrics_db.ts";
import { type MetricsStore, openMetricsStore } from "../metrics/metrics_store.ts";
import { MetricsPersistence, type WholeServerMetrics } from "../metrics/persistence.ts";
import type { MetricsRegistry } from "../metrics/registry.ts";
import type { Clock } from "../util/clock.ts";
import type { Logger } from "../util/logger.ts";

/** The open store, null when persistence is off, or the one-line startup error to print. */
export function openConfiguredMetricsStore(
  config: Config,
  logger: Logger,
): MetricsStore | null | { error: string } {
  if (!config.metricsPersistenceEnabled) return null;
  if (!config.metricsEnabled) {
    logger.warn("metrics persistence is off: it needs FAKEAI_METRICS_ENABLED=true", {
      path: config.metricsDbPath,
    });
    return null;
  }
  try {
    return openMetricsStore(config.metricsDbPath);
  } catch (err) {
    if (err instanceof MetricsDbError) return { error: `fakeai: error: ${err.message}` };
    const reason = err instanceof Error ? err.message : String(err);
    return {
      error: `fakeai: error: metrics database ${config.metricsDbPath}: ${
        reason.replace(/\s+/g, " ")
      }`,
    };
  }
}

export interface MetricsPersistenceSetup {
  /** The open store; null when persistence is off. */
  store: MetricsStore | null;
  /** The app's registry; null when metrics are off. */
  registry: MetricsRegistry | null;
  clock: Clock;
  config: Config;
  logger: Logger;
  /** A multi-worker server's merged metrics (see MetricsPersistenceDeps.wholeServer). */
  wholeServer?: WholeServerMetrics;
}

/** Restores the stored counters into the registry and starts the periodic snapshots. */
export function startMetricsPersistence(setup: MetricsPersistenceSetup): MetricsPersistence | null {
  const { store, registry, clock, config, logger, wholeServer } = setup;
  if (!store || !registry) return null;
  const persistence = new MetricsPersistence({
    store,
    registry,
    clock,
    intervalSeconds: config.metricsPersistenceIntervalSeconds,
    logger,
    wholeServer,
  });
  const restored = persistence.restore();
  persistence.start();
  logger.info("metrics persistence", {
    path: store.path,
    restored_counter_series: restored,
    interval_seconds: config.metricsPersistenceIntervalSeconds,
  });
  return persistence;
}
