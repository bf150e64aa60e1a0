/**
 * The error catalogue: every error FakeAI answers with, in OpenAI's envelope
 * {"error":{"message","type","param","code"}}. Routes throw ApiError; app.onError renders it.
 */

export type OpenAIErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "insufficient_quota"
  | "server_error"
  | "service_unavailable"
  // OpenAI's 429 rate-limit errors name the limit that was hit.
  | "requests"
  | "tokens";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: OpenAIErrorType,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return {
      error: { message: this.message, type: this.type, param: this.param, code: this.code },
    };
  }
}

export const errors = {
  invalidJson: () =>
    new ApiError(
      400,
      "invalid_request_error",
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't " +
        "using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was " +
        "sent was not valid JSON.)",
    ),
  bodyNotObject: () =>
    new ApiError(400, "invalid_request_error", "The request body must be a JSON object."),
  invalidParam: (param: string, message: string, code: string | null = "invalid_value") =>
    new ApiError(400, "invalid_request_error", message, param, code),
  missingParam: (param: string) =>
    new ApiError(
      400,
      "invalid_request_error",
      `Missing required parameter: '${param}'.`,
      param,
      "missing_required_parameter",
    ),
  invalidHeader: (header: string, message: string) =>
    new ApiError(
      400,
      "invalid_request_error",
      `Invalid header ${header}: ${message}`,
      header,
      "invalid_value",
    ),
  modelNotFound: (model: string) =>
    new ApiError(
      404,
      "invalid_request_error",
      `The model \`${model}\` does not exist or you do not have access to it.`,
      "model",
      "model_not_found",
    ),
  unknownRoute: (method: string, path: string) =>
    new ApiError(
      404,
      "invalid_request_error",
      `Invalid URL (${method} ${path})`,
      null,
      "unknown_url",
    ),
  methodNotAllowed: (method: string, path: string, allowed: readonly string[]) =>
    new ApiError(
      405,
      "invalid_request_error",
      `Method ${method} is not allowed for ${path}. Allowed: ${allowed.join(", ")}.`,
      null,
      "method_not_allowed",
      { allow: allowed.join(", ") },
    ),
  payloadTooLarge: (limit: number) =>
    new ApiError(
      413,
      "invalid_request_error",
      `Request body is too large: the limit is ${limit} bytes.`,
      null,
      "request_too_large",
    ),
  unsupportedMediaType: (contentType: string) =>
    new ApiError(
      415,
      "invalid_request_error",
      `Unsupported Content-Type "${contentType}": send the body as application/json.`,
      null,
      "unsupported_media_type",
    ),
  internal: () =>
    new ApiError(
      500,
      "server_error",
      "The server had an error while processing your request. Sorry about that!",
    ),
  shuttingDown: () =>
    new ApiError(
      503,
      "service_unavailable",
      "The server is shutting down. Please retry your request.",
      null,
      "shutting_down",
      { "retry-after": "1" },
    ),
  missingApiKey: () =>
    new ApiError(
      401,
      "invalid_request_error",
      "You didn't provide an API key. You need to provide your API key in an Authorization " +
        "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password " +
        "field (with blank username) if you're accessing the API from your browser and are " +
        "prompted for a username and password. You can obtain an API key from " +
        "https://platform.openai.com/account/api-keys.",
    ),
  invalidApiKey: (maskedKey: string) =>
    new ApiError(
      401,
      "invalid_request_error",
      `Incorrect API key provided: ${maskedKey}. You can find your API key at ` +
        "https://platform.openai.com/account/api-keys.",
      null,
      "invalid_api_key",
    ),
  inputTooLong: (param: string, kind: "string" | "array", max: number, got: number) => {
    const a = kind === "array" ? "an array" : "a string";
    return new ApiError(
      400,
      "invalid_request_error",
      `Invalid '${param}': ${kind} too long. Expected ${a} with maximum length ${max}, but got ` +
        `${a} with length ${got} instead.`,
      param,
      `${kind}_above_max_length`,
    );
  },
  inputTooManyKeys: (param: string, max: number, got: number) =>
    new ApiError(
      400,
      "invalid_request_error",
      `Invalid '${param}': object has too many keys. Expected at most ${max} keys, but got ` +
        `${got} instead.`,
      param,
      "object_above_max_keys",
    ),
  inputTooDeep: (param: string, max: number) =>
    new ApiError(
      400,
      "invalid_request_error",
      `Invalid '${param}': nesting too deep. Expected at most ${max} levels of nested objects ` +
        "and arrays.",
      param,
      "nesting_above_max_depth",
    ),
  injectionDetected: (param: string, category: string) =>
    new ApiError(
      400,
      "invalid_request_error",
      "Your request was rejected as a result of our safety system: " +
        `'${param}' looks like ${category}. Please revise the input and try again.`,
      param,
      "prompt_injection_detected",
    ),
  clientBanned: (retryAfterSeconds: number) =>
    new ApiError(
      403,
      "permission_error",
      "Your IP address is temporarily blocked after repeated invalid requests. Try again in " +
        `${retryAfterSeconds} seconds.`,
      null,
      "ip_banned",
      { "retry-after": String(retryAfterSeconds) },
    ),
  rateLimitReached: (
    kind: "requests" | "tokens",
    where: string,
    limit: number,
    used: number,
    requested: number,
    retryIn: string,
    headers: Record<string, string>,
  ) =>
    new ApiError(
      429,
      kind,
      `Rate limit reached ${where} on ${
        kind === "requests" ? "requests per min (RPM)" : "tokens per min (TPM)"
      }: Limit ${limit}, Used ${used}, Requested ${requested}. Please try again in ${retryIn}. ` +
        "Visit https://platform.openai.com/account/rate-limits to learn more.",
      null,
      "rate_limit_exceeded",
      headers,
    ),
  rateLimitRequestTooLarge: (
    where: string,
    limit: number,
    requested: number,
    headers: Record<string, string>,
  ) =>
    new ApiError(
      429,
      "tokens",
      `Request too large ${where} on tokens per min (TPM): Limit ${limit}, Requested ` +
        `${requested}. The input or output tokens must be reduced in order to run ` +
        "successfully. Visit https://platform.openai.com/account/rate-limits to learn more.",
      null,
      "rate_limit_exceeded",
      headers,
    ),
  rateLimiterUnavailable: () =>
    new ApiError(
      503,
      "service_unavailable",
      "The rate limiter is temporarily unavailable. Please retry your request.",
      null,
      "rate_limiter_unavailable",
      { "retry-after": "1" },
    ),
  contentPolicyViolation: () =>
    new ApiError(
      400,
      "invalid_request_error",
      "Your request was rejected as a result of our safety system. Your prompt may contain " +
        "text that is not allowed by our safety system.",
      null,
      "content_policy_violation",
    ),
  /** Chat completions; `completion` null when the request sets no max_(completion_)tokens. */
  contextLengthExceeded: (window: number, prompt: number, completion: number | null) =>
    new ApiError(
      400,
      "invalid_request_error",
      completion === null
        ? `This model's maximum context length is ${window} tokens. However, your messages ` +
          `resulted in ${prompt} tokens. Please reduce the length of the messages.`
        : `This model's maximum context length is ${window} tokens. However, you requested ` +
          `${prompt + completion} tokens (${prompt} in the messages, ${completion} in the ` +
          "completion). Please reduce the length of the messages or completion.",
      "messages",
      "context_length_exceeded",
    ),
  /** Legacy completions word it differently (and OpenAI sends no param there). */
  promptContextLengthExceeded: (window: number, prompt: number, completion: number) =>
    new ApiError(
      400,
      "invalid_request_error",
      `This model's maximum context length is ${window} tokens, however you requested ` +
        `${prompt + completion} tokens (${prompt} in your prompt; ${completion} for the ` +
        "completion). Please reduce your prompt; or completion length.",
      null,
      "context_length_exceeded",
    ),
  inputContextLengthExceeded: () =>
    new ApiError(
      400,
      "invalid_request_error",
      "Your input exceeds the context window of this model. Please adjust your input and try again.",
      "input",
      "context_length_exceeded",
    ),
  insufficientQuota: () =>
    new ApiError(
      429,
      "insufficient_quota",
      "You exceeded your current quota, please check your plan and billing details. For more " +
        "information on this error, read the docs: " +
        "https://platform.openai.com/docs/guides/error-codes/api-errors.",
      null,
      "insufficient_quota",
    ),
  modelOverloaded: (requestId: string) =>
    new ApiError(
      503,
      "server_error",
      "That model is currently overloaded with other requests. You can retry your request, or " +
        "contact us through our help center at help.openai.com if the error persists. (Please " +
        `include the request ID ${requestId} in your message.)`,
      null,
      null,
      { "retry-after": "1" },
    ),
};

export function errorResponse(err: ApiError, extraHeaders: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(err.body()), {
    status: err.status,
    headers: { "content-type": "application/json", ...err.headers, ...extraHeaders },
  });
}
