/**
 * The ONE definition of every setting. Each entry yields the default, the environment variable,
 * the CLI flag (derived from the env name), the config-file path (section.name), the help line
 * and the README row. `pending` marks settings that are accepted and validated but whose
 * feature has not landed yet (shown as such in help and README).
 */
import { bool, int, list, num, oneOf, optional, str, type ValueType } from "./value_types.ts";
import { ERROR_INJECTION_TYPES, RATE_LIMIT_TIERS, VOICES } from "./choices.ts";
import { DEFAULT_MODELS, DEFAULT_REASONING_MODEL_PATTERNS } from "./default_models.ts";

export interface SettingSpec<T> {
  /** Config-file section (YAML/JSON top-level key). */
  readonly section: string;
  /** Key inside the section. */
  readonly name: string;
  readonly env: string;
  readonly type: ValueType<T>;
  readonly default: NoInfer<T>;
  readonly doc: string;
  /** Set while the feature behind the setting is not active yet: which work item brings it. */
  readonly pending?: string;
}

const setting = <T>(spec: SettingSpec<T>): SettingSpec<T> => spec;

const PENDING_TRAFFIC = "traffic control (auth, rate limits, faults, security, safety)";
const PENDING_ENGINE = "engine realism (KV cache, prompt caching)";
const PENDING_API = "the rest of the OpenAI API";
const PENDING_METRICS = "observability";

export const SETTINGS = {
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
  seed: setting({
    section: "server",
    name: "seed",
    env: "FAKEAI_SEED",
    type: int(0, Number.MAX_SAFE_INTEGER),
    default: 0,
    doc: "Server seed: every random choice derives from it (and the request seed when given).",
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

  // authentication
  requireApiKey: setting({
    section: "authentication",
    name: "require_api_key",
    env: "FAKEAI_REQUIRE_API_KEY",
    type: bool,
    default: false,
    doc: "Require a Bearer API key on /v1 routes.",
    pending: PENDING_TRAFFIC,
  }),
  apiKeys: setting({
    section: "authentication",
    name: "api_keys",
    env: "FAKEAI_API_KEYS",
    type: list(),
    default: [],
    doc: "Accepted API keys (comma list or JSON array).",
    pending: PENDING_TRAFFIC,
  }),
  hashApiKeys: setting({
    section: "authentication",
    name: "hash_api_keys",
    env: "FAKEAI_HASH_API_KEYS",
    type: bool,
    default: false,
    doc: "Keep only SHA-256 digests of the keys.",
    pending: PENDING_TRAFFIC,
  }),

  // rate limiting
  rateLimitEnabled: setting({
    section: "rate_limiting",
    name: "enabled",
    env: "FAKEAI_RATE_LIMIT_ENABLED",
    type: bool,
    default: false,
    doc: "Enable per-key rate limiting.",
    pending: PENDING_TRAFFIC,
  }),
  rateLimitTier: setting({
    section: "rate_limiting",
    name: "tier",
    env: "FAKEAI_RATE_LIMIT_TIER",
    type: oneOf(RATE_LIMIT_TIERS),
    default: "tier-1",
    doc: "Usage tier: free, tier-1 .. tier-5.",
    pending: PENDING_TRAFFIC,
  }),
  rateLimitRpm: setting({
    section: "rate_limiting",
    name: "rpm",
    env: "FAKEAI_RATE_LIMIT_RPM",
    type: optional(int(1)),
    default: null,
    doc: "Custom requests per minute (overrides the tier).",
    pending: PENDING_TRAFFIC,
  }),
  rateLimitTpm: setting({
    section: "rate_limiting",
    name: "tpm",
    env: "FAKEAI_RATE_LIMIT_TPM",
    type: optional(int(1)),
    default: null,
    doc: "Custom tokens per minute (overrides the tier).",
    pending: PENDING_TRAFFIC,
  }),
  redisUrl: setting({
    section: "rate_limiting",
    name: "redis_url",
    env: "FAKEAI_REDIS_URL",
    type: optional(str),
    default: null,
    doc: "Redis URL: share rate limits between replicas.",
    pending: PENDING_TRAFFIC,
  }),

  // KV cache
  kvCacheEnabled: setting({
    section: "kv_cache",
    name: "enabled",
    env: "FAKEAI_KV_CACHE_ENABLED",
    type: bool,
    default: true,
    doc: "Simulate a prefix (KV) cache with a KV-aware router.",
    pending: PENDING_ENGINE,
  }),
  kvCacheBlockSize: setting({
    section: "kv_cache",
    name: "block_size",
    env: "FAKEAI_KV_CACHE_BLOCK_SIZE",
    type: int(1, 1024),
    default: 16,
    doc: "KV block size in tokens.",
    pending: PENDING_ENGINE,
  }),
  kvCacheNumWorkers: setting({
    section: "kv_cache",
    name: "num_workers",
    env: "FAKEAI_KV_CACHE_NUM_WORKERS",
    type: int(1, 1024),
    default: 4,
    doc: "Number of simulated workers.",
    pending: PENDING_ENGINE,
  }),
  kvOverlapWeight: setting({
    section: "kv_cache",
    name: "overlap_weight",
    env: "FAKEAI_KV_OVERLAP_WEIGHT",
    type: num(0, 1000),
    default: 1.0,
    doc: "Router weight of uncached prompt blocks against worker load.",
    pending: PENDING_ENGINE,
  }),

  // prompt caching
  enablePromptCaching: setting({
    section: "prompt_caching",
    name: "enable_prompt_caching",
    env: "FAKEAI_ENABLE_PROMPT_CACHING",
    type: bool,
    default: true,
    doc: "OpenAI-style prompt caching (cached_tokens in usage).",
    pending: PENDING_ENGINE,
  }),
  cacheTtlSeconds: setting({
    section: "prompt_caching",
    name: "cache_ttl_seconds",
    env: "FAKEAI_CACHE_TTL_SECONDS",
    type: num(0),
    default: 600,
    doc: "Prompt cache entry lifetime in seconds.",
    pending: PENDING_ENGINE,
  }),
  minTokensForCache: setting({
    section: "prompt_caching",
    name: "min_tokens_for_cache",
    env: "FAKEAI_MIN_TOKENS_FOR_CACHE",
    type: int(0),
    default: 1024,
    doc: "Minimum prompt length for prompt caching.",
    pending: PENDING_ENGINE,
  }),

  // security
  enableSecurity: setting({
    section: "security",
    name: "enable_security",
    env: "FAKEAI_ENABLE_SECURITY",
    type: bool,
    default: false,
    doc: "Master switch: turns on every security feature below.",
    pending: PENDING_TRAFFIC,
  }),
  enableInputValidation: setting({
    section: "security",
    name: "enable_input_validation",
    env: "FAKEAI_ENABLE_INPUT_VALIDATION",
    type: bool,
    default: false,
    doc: "Limits on message count, string length, nesting.",
    pending: PENDING_TRAFFIC,
  }),
  enableInjectionDetection: setting({
    section: "security",
    name: "enable_injection_detection",
    env: "FAKEAI_ENABLE_INJECTION_DETECTION",
    type: bool,
    default: false,
    doc: "Reject prompt-injection and attack payloads.",
    pending: PENDING_TRAFFIC,
  }),
  enableAbuseDetection: setting({
    section: "security",
    name: "enable_abuse_detection",
    env: "FAKEAI_ENABLE_ABUSE_DETECTION",
    type: bool,
    default: false,
    doc: "Per-IP violation counting with temporary bans.",
    pending: PENDING_TRAFFIC,
  }),
  abuseCleanupInterval: setting({
    section: "security",
    name: "abuse_cleanup_interval",
    env: "FAKEAI_ABUSE_CLEANUP_INTERVAL",
    type: num(1),
    default: 3600,
    doc: "Seconds between abuse-record cleanups.",
    pending: PENDING_TRAFFIC,
  }),
  maxRequestSize: setting({
    section: "security",
    name: "max_request_size",
    env: "FAKEAI_MAX_REQUEST_SIZE",
    type: int(1024),
    default: 104_857_600,
    doc: "Largest accepted request body in bytes (413 above).",
  }),

  // CORS
  corsAllowedOrigins: setting({
    section: "cors",
    name: "allowed_origins",
    env: "FAKEAI_CORS_ALLOWED_ORIGINS",
    type: list(),
    default: ["*"],
    doc: 'Origins allowed by CORS ("*" for any).',
  }),
  corsAllowCredentials: setting({
    section: "cors",
    name: "allow_credentials",
    env: "FAKEAI_CORS_ALLOW_CREDENTIALS",
    type: bool,
    default: true,
    doc: "Allow credentials in CORS requests.",
  }),

  // safety
  enableModeration: setting({
    section: "safety",
    name: "enable_moderation",
    env: "FAKEAI_ENABLE_MODERATION",
    type: bool,
    default: false,
    doc: "Run the moderation classifier on inputs.",
    pending: PENDING_TRAFFIC,
  }),
  moderationThreshold: setting({
    section: "safety",
    name: "moderation_threshold",
    env: "FAKEAI_MODERATION_THRESHOLD",
    type: num(0, 1),
    default: 0.5,
    doc: "Category score at which input is flagged.",
    pending: PENDING_API,
  }),
  enableRefusals: setting({
    section: "safety",
    name: "enable_refusals",
    env: "FAKEAI_ENABLE_REFUSALS",
    type: bool,
    default: false,
    doc: "Refuse flagged requests with message.refusal.",
    pending: PENDING_TRAFFIC,
  }),
  enableSafetyFeatures: setting({
    section: "safety",
    name: "enable_safety_features",
    env: "FAKEAI_ENABLE_SAFETY_FEATURES",
    type: bool,
    default: false,
    doc: "All safety features at once.",
    pending: PENDING_TRAFFIC,
  }),
  enableJailbreakDetection: setting({
    section: "safety",
    name: "enable_jailbreak_detection",
    env: "FAKEAI_ENABLE_JAILBREAK_DETECTION",
    type: bool,
    default: false,
    doc: "Refuse known jailbreak patterns.",
    pending: PENDING_TRAFFIC,
  }),

  // audio
  enableAudio: setting({
    section: "audio",
    name: "enable_audio",
    env: "FAKEAI_ENABLE_AUDIO",
    type: bool,
    default: true,
    doc: "Serve the /v1/audio routes.",
    pending: PENDING_API,
  }),
  defaultVoice: setting({
    section: "audio",
    name: "default_voice",
    env: "FAKEAI_DEFAULT_VOICE",
    type: oneOf(VOICES),
    default: "alloy",
    doc: "Voice when a speech request names none.",
    pending: PENDING_API,
  }),
  defaultAudioFormat: setting({
    section: "audio",
    name: "default_audio_format",
    env: "FAKEAI_DEFAULT_AUDIO_FORMAT",
    type: oneOf(["mp3", "opus", "aac", "flac", "wav", "pcm"]),
    default: "mp3",
    doc: "Speech format when a request names none.",
    pending: PENDING_API,
  }),

  // embeddings
  useSemanticEmbeddings: setting({
    section: "embeddings",
    name: "use_semantic_embeddings",
    env: "FAKEAI_USE_SEMANTIC_EMBEDDINGS",
    type: bool,
    default: false,
    doc:
      "Accepted for compatibility; embeddings are always similarity-preserving hashed n-grams (no model download).",
    pending: PENDING_API,
  }),
  embeddingModel: setting({
    section: "embeddings",
    name: "embedding_model",
    env: "FAKEAI_EMBEDDING_MODEL",
    type: str,
    default: "all-MiniLM-L6-v2",
    doc: "Accepted for compatibility; no model is loaded.",
    pending: PENDING_API,
  }),

  // streaming
  streamTimeoutSeconds: setting({
    section: "streaming",
    name: "stream_timeout_seconds",
    env: "FAKEAI_STREAM_TIMEOUT_SECONDS",
    type: num(0),
    default: 300,
    doc: "Longest total stream duration.",
    pending: PENDING_TRAFFIC,
  }),
  streamTokenTimeoutSeconds: setting({
    section: "streaming",
    name: "stream_token_timeout_seconds",
    env: "FAKEAI_STREAM_TOKEN_TIMEOUT_SECONDS",
    type: num(0),
    default: 30,
    doc: "Longest wait between two tokens.",
    pending: PENDING_TRAFFIC,
  }),
  streamKeepaliveEnabled: setting({
    section: "streaming",
    name: "stream_keepalive_enabled",
    env: "FAKEAI_STREAM_KEEPALIVE_ENABLED",
    type: bool,
    default: true,
    doc: "Send ': keepalive' SSE comments while a stream waits.",
  }),
  streamKeepaliveIntervalSeconds: setting({
    section: "streaming",
    name: "stream_keepalive_interval_seconds",
    env: "FAKEAI_STREAM_KEEPALIVE_INTERVAL_SECONDS",
    type: num(0.001),
    default: 15,
    doc: "Silence after which a keepalive comment is sent.",
  }),

  // context validation
  enableContextValidation: setting({
    section: "context",
    name: "enable_context_validation",
    env: "FAKEAI_ENABLE_CONTEXT_VALIDATION",
    type: bool,
    default: false,
    doc: "Reject prompts over the model's context window.",
    pending: PENDING_TRAFFIC,
  }),
  strictTokenCounting: setting({
    section: "context",
    name: "strict_token_counting",
    env: "FAKEAI_STRICT_TOKEN_COUNTING",
    type: bool,
    default: false,
    doc: "Count multimodal parts exactly when validating context.",
    pending: PENDING_TRAFFIC,
  }),

  // error injection
  errorInjectionEnabled: setting({
    section: "error_injection",
    name: "enabled",
    env: "FAKEAI_ERROR_INJECTION_ENABLED",
    type: bool,
    default: false,
    doc: "Inject errors at the configured rate.",
    pending: PENDING_TRAFFIC,
  }),
  errorInjectionRate: setting({
    section: "error_injection",
    name: "rate",
    env: "FAKEAI_ERROR_INJECTION_RATE",
    type: num(0, 1),
    default: 0,
    doc: "Share of requests that get an injected error.",
    pending: PENDING_TRAFFIC,
  }),
  errorInjectionTypes: setting({
    section: "error_injection",
    name: "types",
    env: "FAKEAI_ERROR_INJECTION_TYPES",
    type: list((t) =>
      (ERROR_INJECTION_TYPES as readonly string[]).includes(t)
        ? null
        : `unknown error type "${t}" (known: ${ERROR_INJECTION_TYPES.join(", ")})`
    ),
    default: ["internal_error", "service_unavailable"],
    doc: "Error types to inject.",
    pending: PENDING_TRAFFIC,
  }),

  // images
  generateActualImages: setting({
    section: "images",
    name: "generate_actual_images",
    env: "FAKEAI_GENERATE_ACTUAL_IMAGES",
    type: bool,
    default: false,
    doc: "Full-size PNGs (false: 1x1 PNGs, faster).",
    pending: PENDING_API,
  }),

  // monitoring
  metricsEnabled: setting({
    section: "monitoring",
    name: "metrics_enabled",
    env: "FAKEAI_METRICS_ENABLED",
    type: bool,
    default: true,
    doc: "Record metrics.",
    pending: PENDING_METRICS,
  }),
  metricsWindowSize: setting({
    section: "monitoring",
    name: "metrics_window_size",
    env: "FAKEAI_METRICS_WINDOW_SIZE",
    type: int(1),
    default: 300,
    doc: "Sliding window for rates and quantiles, seconds.",
    pending: PENDING_METRICS,
  }),
} as const;

export type SettingKey = keyof typeof SETTINGS;
type ValueOf<S> = S extends SettingSpec<infer T> ? T : never;
export type Config = { readonly [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** CLI flag of a setting: the env name without FAKEAI_, kebab-case (FAKEAI_TTFT_MS → --ttft-ms). */
export function flagOf(key: SettingKey): string {
  return "--" + SETTINGS[key].env.slice("FAKEAI_".length).toLowerCase().replaceAll("_", "-");
}

export function filePathOf(key: SettingKey): string {
  return `${SETTINGS[key].section}.${SETTINGS[key].name}`;
}

export function defaultConfig(): Config {
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) out[key] = SETTINGS[key].default;
  return Object.freeze(out) as Config;
}
