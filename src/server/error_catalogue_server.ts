/** Error catalogue, the server itself: internal errors, shutdown, overload. */
import { ApiError } from "./api_error.ts";

export const serverErrors = {
  internal: () =>
    new ApiError({
      status: 500,
      type: "server_error",
      message: "The server had an error while processing your request. Sorry about that!",
    }),
  shuttingDown: () =>
    new ApiError({
      status: 503,
      type: "service_unavailable",
      message: "The server is shutting down. Please retry your request.",
      code: "shutting_down",
      headers: { "retry-after": "1" },
    }),
  modelOverloaded: (requestId: string) =>
    new ApiError({
      status: 503,
      type: "server_error",
      message: "That model is currently overloaded with other requests. You can retry your " +
        "request, or contact us through our help center at help.openai.com if the error " +
        `persists. (Please include the request ID ${requestId} in your message.)`,
      headers: { "retry-after": "1" },
    }),
  /** The engine's queue is full (FAKEAI_ENGINE_QUEUE_FULL_STATUS picks 429 or 503). */
  engineOverloaded: (status: number) =>
    new ApiError({
      status,
      type: status === 429 ? "rate_limit_error" : "service_unavailable",
      message: "The engine is currently overloaded, please try again later.",
      code: "engine_overloaded",
      headers: { "retry-after": "1" },
    }),
};
