/** Error catalogue, requests: unreadable or malformed bodies, bad parameters, routing, input limits. */
import { ApiError } from "./api_error.ts";

export const requestErrors = {
  /** Anthropic Messages requests name the API version they speak. */
  anthropicVersionMissing: () =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: "anthropic-version: header is required",
    }),
  invalidJson: () =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: "We could not parse the JSON body of your request. (HINT: This likely means you " +
        "aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but " +
        "what was sent was not valid JSON.)",
    }),
  bodyNotObject: () =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: "The request body must be a JSON object.",
    }),
  bodyUnreadable: () =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: "The request body could not be read.",
    }),
  /** A parameter that fails validation; the caller words the message (param null: the body). */
  invalidParam: (param: string | null, message: string, code: string | null = "invalid_value") =>
    new ApiError({ status: 400, type: "invalid_request_error", message, param, code }),
  missingParam: (param: string) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: `Missing required parameter: '${param}'.`,
      param,
      code: "missing_required_parameter",
    }),
  invalidHeader: (header: string, message: string) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: `Invalid header ${header}: ${message}`,
      param: header,
      code: "invalid_value",
    }),
  unknownRoute: (method: string, path: string) =>
    new ApiError({
      status: 404,
      type: "invalid_request_error",
      message: `Invalid URL (${method} ${path})`,
      code: "unknown_url",
    }),
  methodNotAllowed: (method: string, path: string, allowed: readonly string[]) =>
    new ApiError({
      status: 405,
      type: "invalid_request_error",
      message: `Method ${method} is not allowed for ${path}. Allowed: ${allowed.join(", ")}.`,
      code: "method_not_allowed",
      headers: { allow: allowed.join(", ") },
    }),
  payloadTooLarge: (limit: number) =>
    new ApiError({
      status: 413,
      type: "invalid_request_error",
      message: `Request body is too large: the limit is ${limit} bytes.`,
      code: "request_too_large",
    }),
  bodyTimeout: (seconds: number) =>
    new ApiError({
      status: 408,
      type: "invalid_request_error",
      message: `The request body did not arrive within ${seconds} second${
        seconds === 1 ? "" : "s"
      }.`,
      code: "request_timeout",
      headers: { connection: "close" },
    }),
  unsupportedMediaType: (contentType: string) =>
    new ApiError({
      status: 415,
      type: "invalid_request_error",
      message: `Unsupported Content-Type "${contentType}": send the body as application/json.`,
      code: "unsupported_media_type",
    }),
  inputTooLong: (param: string, kind: "string" | "array", max: number, got: number) => {
    const a = kind === "array" ? "an array" : "a string";
    return new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: `Invalid '${param}': ${kind} too long. Expected ${a} with maximum length ${max}, ` +
        `but got ${a} with length ${got} instead.`,
      param,
      code: `${kind}_above_max_length`,
    });
  },
  inputTooManyKeys: (param: string, max: number, got: number) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: `Invalid '${param}': object has too many keys. Expected at most ${max} keys, but ` +
        `got ${got} instead.`,
      param,
      code: "object_above_max_keys",
    }),
  inputTooDeep: (param: string, max: number) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: `Invalid '${param}': nesting too deep. Expected at most ${max} levels of nested ` +
        "objects and arrays.",
      param,
      code: "nesting_above_max_depth",
    }),
  injectionDetected: (param: string, category: string) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: "Your request was rejected as a result of our safety system: " +
        `'${param}' looks like ${category}. Please revise the input and try again.`,
      param,
      code: "prompt_injection_detected",
    }),
  contentPolicyViolation: () =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: "Your request was rejected as a result of our safety system. Your prompt may " +
        "contain text that is not allowed by our safety system.",
      code: "content_policy_violation",
    }),
};
