/**
 * Which answers count as abuse violations: rejected credentials (401, 403), invalid input (400,
 * 413, 415, 422: bad JSON, failed validation, input limits, injection) and rate limiting (429,
 * only when FAKEAI_RATE_LIMIT_ENABLED is on: otherwise every 429 is an injected fault). Quota and
 * context-length errors are not abuse (and are what fault injection makes up besides 5xx).
 * An injected rate-limit 429 looks exactly like a real one, so with both on it counts.
 */
const VIOLATION_STATUSES = new Set([400, 401, 403, 413, 415, 422]);
const NOT_ABUSE = new Set(["insufficient_quota", "context_length_exceeded"]);

export function isViolation(
  status: number,
  errorType: string | undefined,
  rateLimitEnabled: boolean,
): boolean {
  if (errorType !== undefined && NOT_ABUSE.has(errorType)) return false;
  return VIOLATION_STATUSES.has(status) || (status === 429 && rateLimitEnabled);
}
