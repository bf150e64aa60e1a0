/**
 * Monitoring settings: metrics, their persistence, the live stream, the timing ledger, and the
 * simulated GPU metrics (DCGM). Part of the one config schema (schema.ts).
 */
import { bool, int, oneOf, optional, str } from "./value_types.ts";
import { setting } from "./setting_definition.ts";

export const MONITORING_SETTINGS = {
  // monitoring
  metricsEnabled: setting({
    section: "monitoring",
    name: "metrics_enabled",
    env: "FAKEAI_METRICS_ENABLED",
    type: bool,
    default: true,
    doc: "Record metrics.",
  }),
  metricsWindowSize: setting({
    section: "monitoring",
    name: "metrics_window_size",
    env: "FAKEAI_METRICS_WINDOW_SIZE",
    type: int(1),
    default: 300,
    doc: "Sliding window for rates and quantiles, seconds.",
  }),
  metricsStreamMaxClients: setting({
    section: "monitoring",
    name: "metrics_stream_max_clients",
    env: "FAKEAI_METRICS_STREAM_MAX_CLIENTS",
    type: int(1, 100_000),
    default: 100,
    doc: "Most live-metrics WebSocket subscribers (/metrics/streaming) at once; more get 503.",
  }),
  metricsPersistenceEnabled: setting({
    section: "monitoring",
    name: "metrics_persistence_enabled",
    env: "FAKEAI_METRICS_PERSISTENCE_ENABLED",
    type: bool,
    default: false,
    doc:
      "Store metric snapshots in SQLite (FAKEAI_METRICS_DB_PATH); counters continue across restarts.",
  }),
  metricsDbPath: setting({
    section: "monitoring",
    name: "metrics_db_path",
    env: "FAKEAI_METRICS_DB_PATH",
    type: str,
    default: "/var/lib/fakeai/metrics.db",
    doc: "SQLite file for metrics persistence (its directory is created when missing).",
  }),
  metricsPersistenceIntervalSeconds: setting({
    section: "monitoring",
    name: "metrics_persistence_interval_seconds",
    env: "FAKEAI_METRICS_PERSISTENCE_INTERVAL_SECONDS",
    type: int(1, 86_400),
    default: 10,
    doc: "Seconds between metric snapshots (one more is written at graceful shutdown).",
  }),
  timingLedger: setting({
    section: "monitoring",
    name: "timing_ledger",
    env: "FAKEAI_TIMING_LEDGER",
    type: bool,
    default: false,
    doc:
      "Record each generation's planned (due) and sent time of every step, served at /v1/fakeai/timings (docs/timing.md).",
  }),
  timingLedgerMaxRequests: setting({
    section: "monitoring",
    name: "timing_ledger_max_requests",
    env: "FAKEAI_TIMING_LEDGER_MAX_REQUESTS",
    type: int(1, 10_000_000),
    default: 10_000,
    doc:
      "Requests the timing ledger keeps per isolate (a ring: the oldest go first); about 16 bytes per streamed step each.",
  }),

  // dcgm (simulated GPU metrics)
  dcgmGpuModel: setting({
    section: "dcgm",
    name: "gpu_model",
    env: "FAKEAI_DCGM_GPU_MODEL",
    type: oneOf(["A100", "H100", "H200", "B200"]),
    default: "H100",
    doc:
      "GPU model simulated on /dcgm/metrics: A100 (SXM4 80GB), H100 (80GB HBM3), H200 (141GB), B200 (192GB).",
  }),
  dcgmGpuCount: setting({
    section: "dcgm",
    name: "gpu_count",
    env: "FAKEAI_DCGM_GPU_COUNT",
    type: int(1, 16),
    default: 4,
    doc: "Number of simulated GPUs the load is spread over on /dcgm/metrics.",
  }),
  dcgmHostname: setting({
    section: "dcgm",
    name: "hostname",
    env: "FAKEAI_DCGM_HOSTNAME",
    type: optional(str),
    default: null,
    doc: "Hostname label on /dcgm/metrics. Unset: this machine's hostname.",
  }),
} as const;
