/** Closed sets of values that settings and requests share. */

export const RATE_LIMIT_TIERS = ["free", "tier-1", "tier-2", "tier-3", "tier-4", "tier-5"] as const;

export const ERROR_INJECTION_TYPES = [
  "internal_error",
  "bad_gateway",
  "service_unavailable",
  "gateway_timeout",
  "rate_limit_quota",
  "insufficient_quota",
  "context_length",
  "timeout",
] as const;

export const VOICES = [
  "alloy",
  "ash",
  "ballad",
  "coral",
  "echo",
  "fable",
  "nova",
  "onyx",
  "sage",
  "shimmer",
  "verse",
  "marin",
  "cedar",
] as const;

/** Built-in batching-engine profiles (their parameters live in engine/batching/engine_profiles.ts). */
export const ENGINE_PROFILE_NAMES = [
  "small-h100",
  "large-h100",
  "small-a100",
  "large-a100",
] as const;
export type EngineProfileName = (typeof ENGINE_PROFILE_NAMES)[number];
