/** Traffic-control settings: auth, rate limits, security, CORS, safety, streaming limits, faults. */
import { bool, int, list, num, oneOf, optional, str } from "./value_types.ts";
import { ipRangeProblem } from "../util/ip_address.ts";
import { ERROR_INJECTION_TYPES, RATE_LIMIT_TIERS } from "./choices.ts";
import { contextWindowPair, MAX_CONTEXT_WINDOW } from "./context_window_pairs.ts";
import { faultSpecProblem } from "./fault_spec.ts";
import { redisUrl } from "./redis_url.ts";
import { setting } from "./setting_spec.ts";

export const TRAFFIC_SETTINGS = {
  // authentication
  requireApiKey: setting({
    section: "authentication",
    name: "require_api_key",
    env: "FAKEAI_REQUIRE_API_KEY",
    type: bool,
    default: false,
    doc: "Require an API key on every route but the open ones (on anyway when keys are given).",
  }),
  apiKeys: setting({
    section: "authentication",
    name: "api_keys",
    env: "FAKEAI_API_KEYS",
    type: list(),
    default: [],
    doc: "Accepted API keys (comma list or JSON array; sha256:HEX entries are digests).",
  }),
  apiKeysFile: setting({
    section: "authentication",
    name: "api_keys_file",
    env: "FAKEAI_API_KEYS_FILE",
    type: list(),
    default: [],
    doc: "Files of API keys, one per line (# comments); re-read on SIGHUP.",
  }),
  hashApiKeys: setting({
    section: "authentication",
    name: "hash_api_keys",
    env: "FAKEAI_HASH_API_KEYS",
    type: bool,
    default: false,
    doc: "Keep only SHA-256 digests of the keys.",
  }),

  // rate limiting
  rateLimitEnabled: setting({
    section: "rate_limiting",
    name: "enabled",
    env: "FAKEAI_RATE_LIMIT_ENABLED",
    type: bool,
    default: false,
    doc: "Enable per-key rate limiting of the /v1 API.",
  }),
  rateLimitTier: setting({
    section: "rate_limiting",
    name: "tier",
    env: "FAKEAI_RATE_LIMIT_TIER",
    type: oneOf(RATE_LIMIT_TIERS),
    default: "tier-1",
    doc: "Usage tier: free, tier-1 .. tier-5.",
  }),
  rateLimitRpm: setting({
    section: "rate_limiting",
    name: "rpm",
    env: "FAKEAI_RATE_LIMIT_RPM",
    type: optional(int(1)),
    default: null,
    doc: "Custom requests per minute (overrides the tier).",
  }),
  rateLimitTpm: setting({
    section: "rate_limiting",
    name: "tpm",
    env: "FAKEAI_RATE_LIMIT_TPM",
    type: optional(int(1)),
    default: null,
    doc: "Custom tokens per minute (overrides the tier).",
  }),
  redisUrl: setting({
    section: "rate_limiting",
    name: "redis_url",
    env: "FAKEAI_REDIS_URL",
    type: optional(redisUrl),
    default: null,
    doc: "Redis URL redis://[:password@]host:port[/db]: share rate limits between replicas.",
  }),
  redisFailurePolicy: setting({
    section: "rate_limiting",
    name: "redis_failure_policy",
    env: "FAKEAI_REDIS_FAILURE_POLICY",
    type: oneOf(["open", "closed"] as const),
    default: "open",
    doc: "When Redis cannot answer: open serves unchecked, closed answers 503.",
  }),
  redisTimeoutMs: setting({
    section: "rate_limiting",
    name: "redis_timeout_ms",
    env: "FAKEAI_REDIS_TIMEOUT_MS",
    type: int(1, 60_000),
    default: 250,
    doc: "Longest wait for Redis to connect or reply, in ms.",
  }),

  // security
  enableSecurity: setting({
    section: "security",
    name: "enable_security",
    env: "FAKEAI_ENABLE_SECURITY",
    type: bool,
    default: false,
    doc: "Master switch: turns on every security feature below.",
  }),
  enableInputValidation: setting({
    section: "security",
    name: "enable_input_validation",
    env: "FAKEAI_ENABLE_INPUT_VALIDATION",
    type: bool,
    default: false,
    doc: "Limits on message count, string length, nesting.",
  }),
  enableInjectionDetection: setting({
    section: "security",
    name: "enable_injection_detection",
    env: "FAKEAI_ENABLE_INJECTION_DETECTION",
    type: bool,
    default: false,
    doc: "Reject prompt-injection and attack payloads.",
  }),
  enableAbuseDetection: setting({
    section: "security",
    name: "enable_abuse_detection",
    env: "FAKEAI_ENABLE_ABUSE_DETECTION",
    type: bool,
    default: false,
    doc: "Per-IP violation counting with temporary bans.",
  }),
  abuseCleanupInterval: setting({
    section: "security",
    name: "abuse_cleanup_interval",
    env: "FAKEAI_ABUSE_CLEANUP_INTERVAL",
    type: num(1),
    default: 3600,
    doc: "Seconds between abuse-record cleanups.",
  }),
  maxRequestSize: setting({
    section: "security",
    name: "max_request_size",
    env: "FAKEAI_MAX_REQUEST_SIZE",
    type: int(1024),
    default: 104_857_600,
    doc: "Largest accepted request body in bytes (413 above).",
  }),
  maxMessages: setting({
    section: "security",
    name: "max_messages",
    env: "FAKEAI_MAX_MESSAGES",
    type: int(1),
    default: 2048,
    doc: "Input validation: most entries in messages (and Responses input items).",
  }),
  maxStringLength: setting({
    section: "security",
    name: "max_string_length",
    env: "FAKEAI_MAX_STRING_LENGTH",
    type: int(1),
    default: 1_048_576,
    doc: "Input validation: longest JSON string in characters (base64 media exempt).",
  }),
  maxJsonDepth: setting({
    section: "security",
    name: "max_json_depth",
    env: "FAKEAI_MAX_JSON_DEPTH",
    type: int(1, 10_000),
    default: 32,
    doc: "Input validation: deepest nesting of JSON objects and arrays.",
  }),
  maxArrayLength: setting({
    section: "security",
    name: "max_array_length",
    env: "FAKEAI_MAX_ARRAY_LENGTH",
    type: int(1),
    default: 10_000,
    doc: "Input validation: most items in a JSON array (or keys in an object).",
  }),
  abuseViolationThreshold: setting({
    section: "security",
    name: "abuse_violation_threshold",
    env: "FAKEAI_ABUSE_VIOLATION_THRESHOLD",
    type: int(1),
    default: 10,
    doc: "Violations within the abuse window that ban a client.",
  }),
  abuseWindowSeconds: setting({
    section: "security",
    name: "abuse_window_seconds",
    env: "FAKEAI_ABUSE_WINDOW_SECONDS",
    type: num(0.001),
    default: 60,
    doc: "Sliding window in which violations are counted.",
  }),
  abuseBanSeconds: setting({
    section: "security",
    name: "abuse_ban_seconds",
    env: "FAKEAI_ABUSE_BAN_SECONDS",
    type: num(0.001),
    default: 60,
    doc: "First ban; each further ban of the same client doubles.",
  }),
  abuseMaxBanSeconds: setting({
    section: "security",
    name: "abuse_max_ban_seconds",
    env: "FAKEAI_ABUSE_MAX_BAN_SECONDS",
    type: num(0.001),
    default: 3600,
    doc: "Longest ban; also how long a client's offenses are remembered.",
  }),
  abuseMaxTrackedIps: setting({
    section: "security",
    name: "abuse_max_tracked_ips",
    env: "FAKEAI_ABUSE_MAX_TRACKED_IPS",
    type: int(1),
    default: 10_000,
    doc: "Most clients held by abuse detection (least recently active evicted first).",
  }),
  trustedProxies: setting({
    section: "security",
    name: "trusted_proxies",
    env: "FAKEAI_TRUSTED_PROXIES",
    type: list(ipRangeProblem),
    default: [],
    doc: "Proxies (IPs or CIDRs) whose X-Forwarded-For names the client.",
  }),
  tlsCert: setting({
    section: "security",
    name: "tls_cert",
    env: "FAKEAI_TLS_CERT",
    type: optional(str),
    default: null,
    doc: "PEM certificate (chain) file: serve HTTPS; needs FAKEAI_TLS_KEY.",
  }),
  tlsKey: setting({
    section: "security",
    name: "tls_key",
    env: "FAKEAI_TLS_KEY",
    type: optional(str),
    default: null,
    doc: "PEM private key file of FAKEAI_TLS_CERT.",
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
    doc:
      "Run the moderation classifier on chat, completions and responses input; flagged input gets a refusal (a 400 content_policy_violation on /v1/completions).",
  }),
  moderationThreshold: setting({
    section: "safety",
    name: "moderation_threshold",
    env: "FAKEAI_MODERATION_THRESHOLD",
    type: num(0, 1),
    default: 0.5,
    doc: "Category score at which input is flagged.",
  }),
  enableRefusals: setting({
    section: "safety",
    name: "enable_refusals",
    env: "FAKEAI_ENABLE_REFUSALS",
    type: bool,
    default: false,
    doc:
      "Refuse requests for weapons, malware, drug or self-harm instructions with message.refusal.",
  }),
  enableSafetyFeatures: setting({
    section: "safety",
    name: "enable_safety_features",
    env: "FAKEAI_ENABLE_SAFETY_FEATURES",
    type: bool,
    default: false,
    doc: "Turn on moderation, refusals and jailbreak detection at once.",
  }),
  enableJailbreakDetection: setting({
    section: "safety",
    name: "enable_jailbreak_detection",
    env: "FAKEAI_ENABLE_JAILBREAK_DETECTION",
    type: bool,
    default: false,
    doc: 'Refuse known jailbreak phrasings ("ignore your guidelines", DAN, developer mode).',
  }),

  // streaming
  streamTimeoutSeconds: setting({
    section: "streaming",
    name: "stream_timeout_seconds",
    env: "FAKEAI_STREAM_TIMEOUT_SECONDS",
    type: num(0),
    default: 300,
    doc:
      "Longest total stream duration; a stream still running then ends with an error event (0: no limit).",
  }),
  streamTokenTimeoutSeconds: setting({
    section: "streaming",
    name: "stream_token_timeout_seconds",
    env: "FAKEAI_STREAM_TOKEN_TIMEOUT_SECONDS",
    type: num(0),
    default: 30,
    doc:
      "Longest wait for the next token (keepalives do not count); then the stream ends with an error event (0: no limit).",
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
    doc:
      "Reject requests whose prompt plus requested output exceeds the model's context window (400 context_length_exceeded).",
  }),
  strictTokenCounting: setting({
    section: "context",
    name: "strict_token_counting",
    env: "FAKEAI_STRICT_TOKEN_COUNTING",
    type: bool,
    default: false,
    doc:
      "Count tool definitions and response-format schemas against the context window too, like usage.prompt_tokens (off: messages only).",
  }),
  contextWindows: setting({
    section: "context",
    name: "context_windows",
    env: "FAKEAI_CONTEXT_WINDOWS",
    type: list(contextWindowPair),
    default: [],
    doc:
      "Context window per model as model=tokens pairs, over the built-in table (gpt-4o 128000, gpt-4 8192, gpt-5 400000, ...).",
  }),
  defaultContextWindow: setting({
    section: "context",
    name: "default_context_window",
    env: "FAKEAI_DEFAULT_CONTEXT_WINDOW",
    type: int(1, MAX_CONTEXT_WINDOW),
    default: 128_000,
    doc: "Context window of models neither configured nor built in, tokens.",
  }),

  // error injection
  errorInjectionEnabled: setting({
    section: "error_injection",
    name: "enabled",
    env: "FAKEAI_ERROR_INJECTION_ENABLED",
    type: bool,
    default: false,
    doc:
      "Inject errors into /v1 requests at the configured rate (x-fakeai-error forces one anyway).",
  }),
  errorInjectionRate: setting({
    section: "error_injection",
    name: "rate",
    env: "FAKEAI_ERROR_INJECTION_RATE",
    type: num(0, 1),
    default: 0,
    doc: "Share of requests that get an injected error.",
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
  }),
  errorInjectionTimeoutSeconds: setting({
    section: "error_injection",
    name: "timeout_seconds",
    env: "FAKEAI_ERROR_INJECTION_TIMEOUT_SECONDS",
    type: num(0),
    default: 30,
    doc: "How long an injected `timeout` holds the request before dropping the connection.",
  }),
  streamFaultRate: setting({
    section: "error_injection",
    name: "stream_fault_rate",
    env: "FAKEAI_STREAM_FAULT_RATE",
    type: num(0, 1),
    default: 0,
    doc: "Share of streamed responses that get a stream fault (x-fakeai-fault forces one anyway).",
  }),
  streamFaultTypes: setting({
    section: "error_injection",
    name: "stream_fault_types",
    env: "FAKEAI_STREAM_FAULT_TYPES",
    type: list(faultSpecProblem),
    default: ["disconnect", "malformed", "error", "stall", "slow_first_byte"],
    doc:
      "Stream faults to inject: disconnect[:N], malformed[:N], error[:N], stall[:N[:MS]], slow_first_byte[:MS].",
  }),
} as const;
