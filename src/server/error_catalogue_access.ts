/** Error catalogue, access: API keys, banned clients, rate limits and quota. */
import { ApiError } from "./api_error.ts";

export interface RateLimitReached {
  kind: "requests" | "tokens";
  /** "for <model> in organization <org>". */
  where: string;
  limit: number;
  used: number;
  requested: number;
  /** OpenAI's duration text ("1.2s", "6m0s"). */
  retryIn: string;
  headers: Record<string, string>;
}

export interface RateLimitRequestTooLarge {
  where: string;
  limit: number;
  requested: number;
  headers: Record<string, string>;
}

export const accessErrors = {
  missingApiKey: () =>
    new ApiError({
      status: 401,
      type: "invalid_request_error",
      message: "You didn't provide an API key. You need to provide your API key in an " +
        "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as " +
        "the password field (with blank username) if you're accessing the API from your " +
        "browser and are prompted for a username and password. You can obtain an API key from " +
        "https://platform.openai.com/account/api-keys.",
    }),
  invalidApiKey: (maskedKey: string) =>
    new ApiError({
      status: 401,
      type: "invalid_request_error",
      message: `Incorrect API key provided: ${maskedKey}. You can find your API key at ` +
        "https://platform.openai.com/account/api-keys.",
      code: "invalid_api_key",
    }),
  clientBanned: (retryAfterSeconds: number) =>
    new ApiError({
      status: 403,
      type: "permission_error",
      message: "Your IP address is temporarily blocked after repeated invalid requests. Try " +
        `again in ${retryAfterSeconds} seconds.`,
      code: "ip_banned",
      headers: { "retry-after": String(retryAfterSeconds) },
    }),
  rateLimitReached: (r: RateLimitReached) =>
    new ApiError({
      status: 429,
      type: r.kind,
      message:
        `Rate limit reached ${r.where} on ${
          r.kind === "requests" ? "requests per min (RPM)" : "tokens per min (TPM)"
        }: Limit ${r.limit}, Used ${r.used}, Requested ${r.requested}. Please try again in ` +
        `${r.retryIn}. Visit https://platform.openai.com/account/rate-limits to learn more.`,
      code: "rate_limit_exceeded",
      headers: r.headers,
    }),
  rateLimitRequestTooLarge: (r: RateLimitRequestTooLarge) =>
    new ApiError({
      status: 429,
      type: "tokens",
      message: `Request too large ${r.where} on tokens per min (TPM): Limit ${r.limit}, ` +
        `Requested ${r.requested}. The input or output tokens must be reduced in order to run ` +
        "successfully. Visit https://platform.openai.com/account/rate-limits to learn more.",
      code: "rate_limit_exceeded",
      headers: r.headers,
    }),
  rateLimiterUnavailable: () =>
    new ApiError({
      status: 503,
      type: "service_unavailable",
      message: "The rate limiter is temporarily unavailable. Please retry your request.",
      code: "rate_limiter_unavailable",
      headers: { "retry-after": "1" },
    }),
  insufficientQuota: () =>
    new ApiError({
      status: 429,
      type: "insufficient_quota",
      message: "You exceeded your current quota, please check your plan and billing details. " +
        "For more information on this error, read the docs: " +
        "https://platform.openai.com/docs/guides/error-codes/api-errors.",
      code: "insufficient_quota",
    }),
};
