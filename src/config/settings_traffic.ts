/** Traffic-control settings: authentication, rate limits, CORS. */
import { bool, int, list, oneOf, optional } from "./value_types.ts";
import { RATE_LIMIT_TIERS } from "./choices.ts";
import { redisUrl } from "./redis_url.ts";
import { setting } from "./setting_definition.ts";

export const TRAFFIC_SETTINGS = {
  // authentication
  requireApiKey: setting({
    section: "authentication",
    name: "require_api_key",
    env: "FAKEAI_REQUIRE_API_KEY",
    type: optional(bool),
    default: null,
    doc:
      "true: require an API key on every route but the open ones. Unset: required when keys are given. false: off even when keys are given (with a warning).",
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
} as const;
