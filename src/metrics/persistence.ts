/**
 * Metrics persistence at run time: restores the previous run's counters into the registry, writes
 * a snapshot every interval (timer on the injected clock) and a final one when stopped.
 */
import type { Logger } from "../util/logger.ts";
import type { Clock, TimerHandle } from "../util/clock.ts";
import type { MetricsStore } from "./metrics_store.ts";
import { collectSeries, restoredCounters } from "./persisted_series.ts";
import type { MetricsRegistry } from "./registry.ts";

export interface MetricsPersistenceDeps {
  store: MetricsStore;
  registry: MetricsRegistry;
  clock: Clock;
  /** Seconds between snapshots. */
  intervalSeconds: number;
  logger: Logger;
  /**
   * A multi-worker server: what to write is the whole server's merge, not `registry` (which
   * only takes the restored counters): fresh for periodic snapshots, the last known at stop.
   */
  wholeServer?: WholeServerMetrics;
}

export interface WholeServerMetrics {
  scrape(): Promise<MetricsRegistry | null>;
  latest(): MetricsRegistry | null;
}

export class MetricsPersistence {
  readonly store: MetricsStore;
  readonly registry: MetricsRegistry;
  readonly clock: Clock;
  readonly intervalSeconds: number;
  readonly logger: Logger;
  readonly #wholeServer: WholeServerMetrics | undefined;
  #timer: TimerHandle | null = null;
  #stopped = false;

  constructor(deps: MetricsPersistenceDeps) {
    this.store = deps.store;
    this.registry = deps.registry;
    this.clock = deps.clock;
    this.intervalSeconds = deps.intervalSeconds;
    this.logger = deps.logger;
    this.#wholeServer = deps.wholeServer;
  }

  /** Seeds the registry with the stored counters (call before serving); returns the series count. */
  restore(): number {
    const { counters, models } = restoredCounters(this.store.storedCounters);
    for (const model of models) this.registry.modelLabel(model);
    this.registry.restore(counters);
    return counters.length;
  }

  start(): void {
    if (this.#stopped || this.#timer !== null) return;
    this.#timer = this.clock.setTimer(() => {
      this.#timer = null;
      const wholeServer = this.#wholeServer;
      if (!wholeServer) {
        this.snapshot();
        return this.start();
      }
      void wholeServer.scrape().then((merged) => {
        if (this.#stopped) return; // stop() wrote the final one
        this.snapshot(merged);
        this.start();
      });
    }, this.intervalSeconds * 1000);
  }

  /** Writes the registry's current state; a failure is logged, and the next snapshot retries it. */
  snapshot(registry?: MetricsRegistry | null): boolean {
    const source = registry ?? this.#wholeServer?.latest() ?? this.registry;
    try {
      this.store.writeSnapshot(collectSeries(source), this.clock.wallNow());
      return true;
    } catch (err) {
      this.logger.error("metrics snapshot failed", {
        path: this.store.path,
        error: err instanceof Error ? err.message : String(err),
      });
      return false;
    }
  }

  /** Final snapshot, then closes the database. Returns whether the final snapshot was written. */
  stop(): boolean {
    if (this.#stopped) return true;
    this.#stopped = true;
    if (this.#timer !== null) this.clock.clearTimer(this.#timer);
    this.#timer = null;
    const written = this.snapshot();
    try {
      this.store.close();
    } catch (err) {
      this.logger.error("closing the metrics database failed", {
        path: this.store.path,
        error: err instanceof Error ? err.message : String(err),
      });
      return false;
    }
    return written;
  }
}
