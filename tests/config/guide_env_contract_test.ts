/**
 * The operations guide's "Environment Variables Reference" is a contract: every FAKEAI_* name in
 * it is a setting, with the documented default. Hard-coded here (the guide is not available in
 * CI); `null` means the guide states no default for that name.
 */
import assert from "node:assert/strict";
import { SETTING_KEYS, SETTINGS } from "../../src/config/schema.ts";

const GUIDE_ENV: ReadonlyArray<[string, string | null]> = [
  // Server Settings
  ["FAKEAI_HOST", "127.0.0.1"],
  ["FAKEAI_PORT", "8000"],
  ["FAKEAI_DEBUG", "false"],
  // Response Timing
  ["FAKEAI_RESPONSE_DELAY", "0.5"],
  ["FAKEAI_RANDOM_DELAY", "true"],
  ["FAKEAI_MAX_VARIANCE", "0.3"],
  // Authentication
  ["FAKEAI_REQUIRE_API_KEY", "false"],
  ["FAKEAI_API_KEYS", null],
  ["FAKEAI_HASH_API_KEYS", "false"],
  // Rate Limiting
  ["FAKEAI_RATE_LIMIT_ENABLED", "false"],
  ["FAKEAI_RATE_LIMIT_TIER", null],
  ["FAKEAI_RATE_LIMIT_RPM", null],
  ["FAKEAI_RATE_LIMIT_TPM", null],
  // KV Cache Settings
  ["FAKEAI_KV_CACHE_ENABLED", "true"],
  ["FAKEAI_KV_CACHE_BLOCK_SIZE", "16"],
  ["FAKEAI_KV_CACHE_NUM_WORKERS", "4"],
  ["FAKEAI_KV_OVERLAP_WEIGHT", "1.0"],
  // Prompt Caching
  ["FAKEAI_ENABLE_PROMPT_CACHING", null],
  ["FAKEAI_CACHE_TTL_SECONDS", "600"],
  ["FAKEAI_MIN_TOKENS_FOR_CACHE", "1024"],
  // Security Settings
  ["FAKEAI_ENABLE_SECURITY", "false"],
  ["FAKEAI_ENABLE_INPUT_VALIDATION", "false"],
  ["FAKEAI_ENABLE_INJECTION_DETECTION", "false"],
  ["FAKEAI_ENABLE_ABUSE_DETECTION", "false"],
  ["FAKEAI_MAX_REQUEST_SIZE", "104857600"], // "100MB"
  // Safety Features
  ["FAKEAI_ENABLE_MODERATION", "false"],
  ["FAKEAI_MODERATION_THRESHOLD", "0.5"],
  ["FAKEAI_ENABLE_REFUSALS", "false"],
  ["FAKEAI_ENABLE_SAFETY_FEATURES", "false"],
  ["FAKEAI_ENABLE_JAILBREAK_DETECTION", "false"],
  // Audio Settings
  ["FAKEAI_ENABLE_AUDIO", "true"],
  ["FAKEAI_DEFAULT_VOICE", "alloy"],
  ["FAKEAI_DEFAULT_AUDIO_FORMAT", "mp3"],
  // Embedding Settings
  ["FAKEAI_USE_SEMANTIC_EMBEDDINGS", "false"],
  ["FAKEAI_EMBEDDING_MODEL", null],
  // Streaming Settings
  ["FAKEAI_STREAM_TIMEOUT_SECONDS", "300"],
  ["FAKEAI_STREAM_TOKEN_TIMEOUT_SECONDS", "30"],
  ["FAKEAI_STREAM_KEEPALIVE_ENABLED", "true"],
  ["FAKEAI_STREAM_KEEPALIVE_INTERVAL_SECONDS", "15"],
  // Context Validation
  ["FAKEAI_ENABLE_CONTEXT_VALIDATION", "false"],
  ["FAKEAI_STRICT_TOKEN_COUNTING", "false"],
  // Error Injection (Testing)
  ["FAKEAI_ERROR_INJECTION_ENABLED", "false"],
  ["FAKEAI_ERROR_INJECTION_RATE", "0.0"],
  ["FAKEAI_ERROR_INJECTION_TYPES", null],
  // CORS Settings
  ["FAKEAI_CORS_ALLOWED_ORIGINS", '["*"]'],
  ["FAKEAI_CORS_ALLOW_CREDENTIALS", "true"],
  // Image Generation
  ["FAKEAI_GENERATE_ACTUAL_IMAGES", "false"],
  // Metrics and Monitoring
  ["FAKEAI_METRICS_ENABLED", "true"],
  ["FAKEAI_METRICS_WINDOW_SIZE", "300"], // "300s"
  // Latency Configuration
  ["FAKEAI_TTFT_MS", "20"], // "20ms"
  ["FAKEAI_TTFT_VARIANCE_PCT", "10"], // "10%"
  ["FAKEAI_ITL_MS", "5"],
  ["FAKEAI_ITL_VARIANCE_PCT", "10"],
];

/** The example values the guide's reference assigns (each must be accepted). */
const GUIDE_EXAMPLES: Record<string, string> = {
  FAKEAI_HOST: "0.0.0.0",
  FAKEAI_REQUIRE_API_KEY: "true",
  FAKEAI_API_KEYS: "key1,key2",
  FAKEAI_RATE_LIMIT_ENABLED: "true",
  FAKEAI_RATE_LIMIT_TIER: "tier-1",
  FAKEAI_RATE_LIMIT_RPM: "500",
  FAKEAI_RATE_LIMIT_TPM: "30000",
  FAKEAI_ENABLE_PROMPT_CACHING: "true",
  FAKEAI_EMBEDDING_MODEL: "all-MiniLM-L6-v2",
  FAKEAI_STREAM_TIMEOUT_SECONDS: "300.0",
  FAKEAI_STREAM_TOKEN_TIMEOUT_SECONDS: "30.0",
  FAKEAI_STREAM_KEEPALIVE_INTERVAL_SECONDS: "15.0",
  FAKEAI_ERROR_INJECTION_RATE: "0.15",
  FAKEAI_ERROR_INJECTION_TYPES: '["internal_error","service_unavailable"]',
};

const BY_ENV = new Map(SETTING_KEYS.map((k) => [SETTINGS[k].env, SETTINGS[k]]));

/**
 * Defaults that behave as documented without being the same value: FAKEAI_REQUIRE_API_KEY is unset
 * by default, which requires no key unless keys are given (the guide's "false", on a server with
 * no keys); only an explicit false also turns authentication off while keys are given.
 */
const EQUIVALENT_DEFAULTS: Record<string, unknown> = { FAKEAI_REQUIRE_API_KEY: null };

Deno.test("guide contract: every FAKEAI_* name in the reference is a setting", () => {
  const missing = GUIDE_ENV.map(([name]) => name).filter((name) => !BY_ENV.has(name));
  assert.deepEqual(missing, []);
});

Deno.test("guide contract: each documented default equals the schema default", () => {
  for (const [name, documented] of GUIDE_ENV) {
    if (documented === null) continue;
    const spec = BY_ENV.get(name)!;
    const parsed = spec.type.fromString(documented);
    assert.ok(parsed.ok, `${name}=${documented}: ${!parsed.ok && parsed.error}`);
    const expected = name in EQUIVALENT_DEFAULTS ? EQUIVALENT_DEFAULTS[name] : parsed.value;
    assert.deepEqual(spec.default, expected, name);
  }
});

Deno.test("guide contract: the reference's example values are accepted", () => {
  for (const [name, value] of Object.entries(GUIDE_EXAMPLES)) {
    const spec = BY_ENV.get(name)!;
    const parsed = spec.type.fromString(value);
    assert.ok(parsed.ok, `${name}=${value}: ${!parsed.ok && parsed.error}`);
  }
});
