/**
 * The usage tiers of the operations guide: requests and tokens per minute. FAKEAI_RATE_LIMIT_RPM
 * and FAKEAI_RATE_LIMIT_TPM, when set, override the tier's value (each on its own).
 */
import type { RATE_LIMIT_TIERS } from "./choices.ts";

export type RateLimitTier = (typeof RATE_LIMIT_TIERS)[number];

export interface PerMinuteLimits {
  rpm: number;
  tpm: number;
}

export const TIER_LIMITS: Readonly<Record<RateLimitTier, Readonly<PerMinuteLimits>>> = {
  "free": { rpm: 60, tpm: 10_000 },
  "tier-1": { rpm: 500, tpm: 30_000 },
  "tier-2": { rpm: 5_000, tpm: 450_000 },
  "tier-3": { rpm: 10_000, tpm: 1_000_000 },
  "tier-4": { rpm: 30_000, tpm: 5_000_000 },
  "tier-5": { rpm: 100_000, tpm: 15_000_000 },
};

export function effectiveLimits(
  tier: RateLimitTier,
  rpm: number | null,
  tpm: number | null,
): PerMinuteLimits {
  const base = TIER_LIMITS[tier];
  return { rpm: rpm ?? base.rpm, tpm: tpm ?? base.tpm };
}
