/**
 * The errors FAKEAI_ERROR_INJECTION_* and `x-fakeai-error` inject, each as OpenAI (or the
 * Cloudflare edge in front of it) really answers: same status, body, type, code and headers.
 */
import { ERROR_INJECTION_TYPES } from "../../config/choices.ts";
import type { PerMinuteLimits } from "../../config/rate_limit_tiers.ts";
import type { Prng } from "../../util/prng.ts";
import { type ApiError, errors } from "../../server/errors.ts";
import { openaiDuration } from "../rate_limit/rate_limit_headers.ts";

export type InjectedErrorKind = (typeof ERROR_INJECTION_TYPES)[number];

/** `x-fakeai-error` also accepts the status of a kind. */
const KIND_BY_STATUS: Readonly<Record<string, InjectedErrorKind>> = {
  "500": "internal_error",
  "502": "bad_gateway",
  "503": "service_unavailable",
  "504": "gateway_timeout",
  "429": "rate_limit_quota",
  "400": "context_length",
};

export const ERROR_SELECTORS = [...ERROR_INJECTION_TYPES, ...Object.keys(KIND_BY_STATUS), "none"];

/** A header value → a kind, "none", or null when it names nothing known. */
export function parseErrorSelector(value: string): InjectedErrorKind | "none" | null {
  const text = value.trim().toLowerCase();
  if (text === "none") return "none";
  if ((ERROR_INJECTION_TYPES as readonly string[]).includes(text)) {
    return text as InjectedErrorKind;
  }
  return Object.hasOwn(KIND_BY_STATUS, text) ? KIND_BY_STATUS[text] : null;
}

export interface InjectionContext {
  path: string;
  requestId: string;
  /** The request body's model, when it names one. */
  model: string | null;
  organization: string;
  limits: PerMinuteLimits;
  /** Context window of the request's model. */
  contextWindow: number;
  prng: Prng;
}

/** The answer for every kind but `timeout` (which drops the connection instead). */
export function injectedError(
  kind: Exclude<InjectedErrorKind, "timeout">,
  ctx: InjectionContext,
): ApiError | Response {
  switch (kind) {
    case "internal_error":
      return errors.internal();
    case "bad_gateway":
      return edgeError(502, "Bad gateway.", "cf_bad_gateway");
    case "service_unavailable":
      return errors.modelOverloaded(ctx.requestId);
    case "gateway_timeout":
      return edgeError(504, "Gateway timeout.", "cf_gateway_timeout");
    case "insufficient_quota":
      return errors.insufficientQuota();
    case "rate_limit_quota":
      return requestLimitReached(ctx);
    case "context_length":
      return contextLength(ctx);
  }
}

/** Errors of the Cloudflare edge in front of the API: a numeric `code`, in this key order. */
function edgeError(status: number, message: string, type: string): Response {
  return new Response(
    JSON.stringify({ error: { code: status, message, param: null, type } }),
    { status, headers: { "content-type": "application/json" } },
  );
}

/** The requests-per-minute 429 of a drained bucket: one request frees up in 60 s / RPM. */
function requestLimitReached(ctx: InjectionContext): ApiError {
  const { rpm, tpm } = ctx.limits;
  const waitMs = Math.ceil(60_000 / rpm);
  return errors.rateLimitReached({
    kind: "requests",
    where: `for ${ctx.model ?? "requests"} in organization ${ctx.organization}`,
    limit: rpm,
    used: rpm,
    requested: 1,
    retryIn: openaiDuration(waitMs),
    headers: {
      "x-ratelimit-limit-requests": String(rpm),
      "x-ratelimit-limit-tokens": String(tpm),
      "x-ratelimit-remaining-requests": "0",
      "x-ratelimit-remaining-tokens": String(tpm),
      "x-ratelimit-reset-requests": openaiDuration(60_000),
      "x-ratelimit-reset-tokens": "0s",
      "retry-after": String(Math.ceil(waitMs / 1000)),
      "retry-after-ms": String(waitMs),
    },
  });
}

/** A prompt somewhat over the model's window, worded as each endpoint words it. */
function contextLength(ctx: InjectionContext): ApiError {
  const window = ctx.contextWindow;
  const prompt = window + 1 + ctx.prng.int(Math.max(1, Math.floor(window / 10)));
  switch (ctx.path) {
    case "/v1/responses":
      return errors.inputContextLengthExceeded();
    case "/v1/completions":
      return errors.promptContextLengthExceeded(window, prompt, 16);
    case "/v1/embeddings":
      return errors.promptContextLengthExceeded(window, prompt, 0);
    default:
      return errors.contextLengthExceeded(window, prompt, null);
  }
}
