/** Which security features are on (FAKEAI_ENABLE_SECURITY turns on all), and their limits. */
import type { Config } from "../../config/schema.ts";
import type { AbuseOptions } from "./abuse_tracker.ts";
import type { JsonLimits } from "./json_limits.ts";

export interface SecurityFeatures {
  inputValidation: boolean;
  injectionDetection: boolean;
  abuseDetection: boolean;
}

export function securityFeatures(config: Config): SecurityFeatures {
  const all = config.enableSecurity;
  return {
    inputValidation: all || config.enableInputValidation,
    injectionDetection: all || config.enableInjectionDetection,
    abuseDetection: all || config.enableAbuseDetection,
  };
}

export function jsonLimitsOf(config: Config): JsonLimits {
  return {
    maxMessages: config.maxMessages,
    maxStringLength: config.maxStringLength,
    maxDepth: config.maxJsonDepth,
    maxItems: config.maxArrayLength,
  };
}

export function abuseOptionsOf(config: Config): AbuseOptions {
  return {
    threshold: config.abuseViolationThreshold,
    windowMs: config.abuseWindowSeconds * 1000,
    banMs: config.abuseBanSeconds * 1000,
    maxBanMs: config.abuseMaxBanSeconds * 1000,
    maxTracked: config.abuseMaxTrackedIps,
    cleanupIntervalMs: config.abuseCleanupInterval * 1000,
  };
}
