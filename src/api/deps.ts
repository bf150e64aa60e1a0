/** What every route module receives. */
import type { Config } from "../config/schema.ts";
import type { Engine } from "../engine/engine.ts";
import type { Lifecycle } from "../server/lifecycle.ts";
import type { Logger } from "../util/logger.ts";
import type { MetricsRegistry } from "../metrics/registry.ts";
import type { SharedCount } from "../util/shared_count.ts";
import type { ImageBook } from "../modalities/images/image_store.ts";
import type { WorkerShare } from "../metrics/registry_snapshot.ts";
import type { ScenarioBook } from "../engine/scenarios/scenario_book.ts";
import type { UpstreamRecorder } from "./openai/upstream_recorder.ts";
import type { TimingLedger, TimingQuery } from "../timing/timing_ledger.ts";
import type { TimingRecordData } from "../timing/timing_record.ts";
import type { GpuFleet } from "./ops/gpu_fleet.ts";

export interface ApiDeps {
  config: Config;
  engine: Engine;
  lifecycle: Lifecycle;
  logger: Logger;
  /** null when FAKEAI_METRICS_ENABLED=false. */
  metrics: MetricsRegistry | null;
  /**
   * The registry the metrics views render: `metrics` itself, or in a multi-worker server the
   * merge of every isolate's (null when metrics are off).
   */
  scrape(): Promise<MetricsRegistry | null>;
  /** A multi-worker server's merge, where a view would otherwise read `metrics` synchronously. */
  wholeServer?: () => Promise<MetricsRegistry | null>;
  /** Scripted answers (FAKEAI_SCENARIOS); null when none are configured. */
  scenarios?: ScenarioBook | null;
  /** Record mode (FAKEAI_RECORD_UPSTREAM): unmatched generations go upstream. */
  recorder?: UpstreamRecorder | null;
  /** A multi-worker server: each isolate's part of the traffic at the last scrape. */
  workerShares?: () => WorkerShare[];
  /** Generated images of the whole server (absent: this isolate keeps its own). */
  images?: ImageBook;
  /** Open live-metrics subscriptions, counted for the whole server (absent: this isolate's). */
  liveSubscribers?: SharedCount;
  /** This isolate's timing ledger (FAKEAI_TIMING_LEDGER); null or absent when it is off. */
  timingLedger?: TimingLedger | null;
  /** The whole server's timing records (every isolate's, merged); absent: `timingLedger`'s. */
  timings?: (query: TimingQuery) => Promise<TimingRecordData[]>;
  /** The simulated GPUs the DCGM views and the live stream share (absent: each makes its own). */
  gpuFleet?: GpuFleet;
}
