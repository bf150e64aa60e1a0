/** What every route module receives. */
import type { Config } from "../config/schema.ts";
import type { Engine } from "../engine/engine.ts";
import type { Lifecycle } from "../server/lifecycle.ts";
import type { Logger } from "../util/logger.ts";
import type { MetricsRegistry } from "../metrics/registry.ts";

export interface ApiDeps {
  config: Config;
  engine: Engine;
  lifecycle: Lifecycle;
  logger: Logger;
  /** null when FAKEAI_METRICS_ENABLED=false. */
  metrics: MetricsRegistry | null;
}
