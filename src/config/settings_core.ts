/** Server, timing, generation and model settings. */
import { bool, countOrAuto, int, list, num, oneOf, optional, str } from "./value_types.ts";
import { DEFAULT_MODELS, DEFAULT_REASONING_MODEL_PATTERNS } from "./default_models.ts";
import { setting } from "./setting_definition.ts";

export const CORE_SETTINGS = {
  // server
  host: setting({
    section: "server",
    name: "host",
    env: "FAKEAI_HOST",
    type: str,
    default: "127.0.0.1",
    doc: "Address to bind.",
  }),
  port: setting({
    section: "server",
    name: "port",
    env: "FAKEAI_PORT",
    type: int(0, 65535),
    default: 8000,
    doc: "Port to bind (0 picks a free port and logs it).",
  }),
  workers: setting({
    section: "server",
    name: "workers",
    env: "FAKEAI_WORKERS",
    type: countOrAuto(1, 256),
    default: 1,
    doc:
      "JavaScript isolates serving the port (auto: one per CPU). All of them are one server: shared rate limits, caches, stores and metrics.",
  }),
  debug: setting({
    section: "server",
    name: "debug",
    env: "FAKEAI_DEBUG",
    type: bool,
    default: false,
    doc: "Debug mode: readable request detail on stderr and debug-level logs.",
  }),
  logLevel: setting({
    section: "server",
    name: "log_level",
    env: "FAKEAI_LOG_LEVEL",
    type: oneOf(["debug", "info", "warn", "error"]),
    default: "info",
    doc: "Minimum level of diagnostic log lines on stderr.",
  }),
  accessLog: setting({
    section: "server",
    name: "access_log",
    env: "FAKEAI_ACCESS_LOG",
    type: bool,
    default: true,
    doc: "One JSON access-log line per request on stdout.",
  }),
  logFile: setting({
    section: "server",
    name: "log_file",
    env: "FAKEAI_LOG_FILE",
    type: optional(str),
    default: null,
    doc:
      "Also append every JSON log line (access log and diagnostics) to this file; reopened on SIGHUP for logrotate.",
  }),
  seed: setting({
    section: "server",
    name: "seed",
    env: "FAKEAI_SEED",
    type: int(0, Number.MAX_SAFE_INTEGER),
    default: 0,
    doc: "Server seed: every random choice derives from it (and the request seed when given).",
  }),
  bodyTimeoutSeconds: setting({
    section: "server",
    name: "body_timeout_seconds",
    env: "FAKEAI_BODY_TIMEOUT_SECONDS",
    type: num(0, 3600),
    default: 30,
    doc: "Longest a client may take to send a request body: 408 and the connection closes " +
      "(0: no limit). Deno has no header or keep-alive timeout to set; see docs.",
  }),
  shutdownGraceSeconds: setting({
    section: "server",
    name: "shutdown_grace_seconds",
    env: "FAKEAI_SHUTDOWN_GRACE_SECONDS",
    type: num(0, 3600),
    default: 25,
    doc: "On SIGINT/SIGTERM, how long running requests may finish before they are cut.",
  }),

  // response timing (non-streamed)
  responseDelay: setting({
    section: "response",
    name: "delay",
    env: "FAKEAI_RESPONSE_DELAY",
    type: num(0, 3600),
    default: 0.5,
    doc: "Base delay in seconds added to every non-streamed completion.",
  }),
  randomDelay: setting({
    section: "response",
    name: "random_delay",
    env: "FAKEAI_RANDOM_DELAY",
    type: bool,
    default: true,
    doc: "Vary the base delay by up to ±max_variance.",
  }),
  maxVariance: setting({
    section: "response",
    name: "max_variance",
    env: "FAKEAI_MAX_VARIANCE",
    type: num(0, 1),
    default: 0.3,
    doc: "Maximum relative variation of the base delay (0.3 = ±30 %).",
  }),

  // streaming latency
  ttftMs: setting({
    section: "latency",
    name: "ttft_ms",
    env: "FAKEAI_TTFT_MS",
    type: num(0, 3_600_000),
    default: 20,
    doc: "Time to first token in ms.",
  }),
  ttftVariancePct: setting({
    section: "latency",
    name: "ttft_variance_pct",
    env: "FAKEAI_TTFT_VARIANCE_PCT",
    type: num(0, 100),
    default: 10,
    doc: "TTFT varies uniformly by up to ± this percentage.",
  }),
  itlMs: setting({
    section: "latency",
    name: "itl_ms",
    env: "FAKEAI_ITL_MS",
    type: num(0, 3_600_000),
    default: 5,
    doc: "Inter-token latency in ms.",
  }),
  itlVariancePct: setting({
    section: "latency",
    name: "itl_variance_pct",
    env: "FAKEAI_ITL_VARIANCE_PCT",
    type: num(0, 100),
    default: 10,
    doc: "ITL varies uniformly by up to ± this percentage.",
  }),

  // generation
  outputLengthDistribution: setting({
    section: "generation",
    name: "output_length_distribution",
    env: "FAKEAI_OUTPUT_LENGTH_DISTRIBUTION",
    type: oneOf(["fixed", "uniform", "normal", "lognormal"]),
    default: "lognormal",
    doc: "Distribution of the natural output length (when ignore_eos is not set).",
  }),
  outputLengthMean: setting({
    section: "generation",
    name: "output_length_mean",
    env: "FAKEAI_OUTPUT_LENGTH_MEAN",
    type: int(1, 1_000_000),
    default: 150,
    doc: "Mean natural output length in tokens (the value itself for 'fixed').",
  }),
  outputLengthStddev: setting({
    section: "generation",
    name: "output_length_stddev",
    env: "FAKEAI_OUTPUT_LENGTH_STDDEV",
    type: num(0, 1_000_000),
    default: 75,
    doc: "Standard deviation of the natural output length (normal, lognormal).",
  }),
  outputLengthMin: setting({
    section: "generation",
    name: "output_length_min",
    env: "FAKEAI_OUTPUT_LENGTH_MIN",
    type: int(1, 1_000_000),
    default: 1,
    doc: "Lower bound of the natural output length (and of 'uniform').",
  }),
  outputLengthMax: setting({
    section: "generation",
    name: "output_length_max",
    env: "FAKEAI_OUTPUT_LENGTH_MAX",
    type: int(1, 1_000_000),
    default: 2048,
    doc: "Upper bound of the natural output length (and of 'uniform').",
  }),
  reasoningModels: setting({
    section: "generation",
    name: "reasoning_models",
    env: "FAKEAI_REASONING_MODELS",
    type: list(),
    default: DEFAULT_REASONING_MODEL_PATTERNS,
    doc: "Model id patterns (* wildcard, case-insensitive) that produce reasoning_content.",
  }),
  reasoningRatio: setting({
    section: "generation",
    name: "reasoning_ratio",
    env: "FAKEAI_REASONING_RATIO",
    type: num(0, 100),
    default: 0.5,
    doc:
      "Reasoning tokens per answer token at reasoning_effort=medium (low ×0.5, high ×2, minimal ×0.1).",
  }),

  // models
  models: setting({
    section: "models",
    name: "models",
    env: "FAKEAI_MODELS",
    type: list(),
    default: DEFAULT_MODELS,
    doc: "Model ids listed by /v1/models from the start.",
  }),
  strictModels: setting({
    section: "models",
    name: "strict_models",
    env: "FAKEAI_STRICT_MODELS",
    type: bool,
    default: false,
    doc:
      "Reject requests for models not in the list (404 model_not_found) instead of serving and listing them.",
  }),
} as const;
