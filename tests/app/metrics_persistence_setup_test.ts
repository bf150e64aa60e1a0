/** serve.ts's metrics persistence wiring: when it opens the database, and what it prints. */
import assert from "node:assert/strict";
import { type Config, defaultConfig } from "../../src/config/schema.ts";
import { MetricsStore } from "../../src/metrics/metrics_store.ts";
import { MetricsRegistry } from "../../src/metrics/registry.ts";
import { memoryLogger } from "../../src/util/logger.ts";
import {
  openConfiguredMetricsStore,
  startMetricsPersistence,
} from "../../src/app/metrics_persistence_setup.ts";
import { ManualClock } from "../../src/util/clock.ts";
import { withTempDb } from "../support/temp_db.ts";

const config = (overrides: Partial<Config>) => ({ ...defaultConfig(), ...overrides }) as Config;

Deno.test("persistence off (the default): no database is opened", () =>
  withTempDb((path) => {
    const logger = memoryLogger();
    assert.equal(openConfiguredMetricsStore(config({ metricsDbPath: path }), logger), null);
    assert.throws(() => Deno.statSync(path), Deno.errors.NotFound);
  }));

Deno.test("persistence on with metrics off: a warning, no database", () =>
  withTempDb((path) => {
    const logger = memoryLogger();
    const c = config({
      metricsPersistenceEnabled: true,
      metricsEnabled: false,
      metricsDbPath: path,
    });
    assert.equal(openConfiguredMetricsStore(c, logger), null);
    assert.match(
      logger.stderr.join("\n"),
      /metrics persistence is off: it needs FAKEAI_METRICS_ENABLED=true/,
    );
    assert.throws(() => Deno.statSync(path), Deno.errors.NotFound);
  }));

Deno.test("persistence on: the store opens, counters restore, snapshots are scheduled", () =>
  withTempDb((path) => {
    const logger = memoryLogger();
    const c = config({ metricsPersistenceEnabled: true, metricsDbPath: path });
    const store = openConfiguredMetricsStore(c, logger);
    assert.ok(store instanceof MetricsStore);
    const clock = new ManualClock();
    const persistence = startMetricsPersistence({
      store,
      registry: new MetricsRegistry({ clock, windowSeconds: 60 }),
      clock,
      config: c,
      logger,
    });
    assert.ok(persistence);
    assert.equal(clock.pendingTimers, 1);
    assert.match(
      logger.stderr.join("\n"),
      /"msg":"metrics persistence".*"restored_counter_series":0/,
    );
    assert.equal(persistence.stop(), true);
    assert.equal(clock.pendingTimers, 0);
  }));

Deno.test("an unusable path: the one-line startup error, ready to print", () =>
  withTempDb((_, dir) => {
    Deno.writeTextFileSync(`${dir}/file`, "x");
    const path = `${dir}/file/metrics.db`;
    const c = config({ metricsPersistenceEnabled: true, metricsDbPath: path });
    const result = openConfiguredMetricsStore(c, memoryLogger());
    assert.ok(result && "error" in result);
    assert.equal(
      result.error,
      `fakeai: error: metrics database ${path}: cannot create its directory ${dir}/file: a path on the way is a file, not a directory`,
    );
  }));
