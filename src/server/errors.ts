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
  | "service_unavailable";

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
};

export function errorResponse(err: ApiError, extraHeaders: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(err.body()), {
    status: err.status,
    headers: { "content-type": "application/json", ...err.headers, ...extraHeaders },
  });
}
