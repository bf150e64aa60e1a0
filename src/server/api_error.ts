/**
 * An HTTP error in OpenAI's envelope {"error":{"message","type","param","code"}}, and its
 * rendering. Only the error catalogue (errors.ts and its error_catalogue_*.ts parts) builds one;
 * routes throw what the catalogue returns and app.onError renders it.
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
  | "tokens"
  // The embeddings endpoint's per-request token limit has a type of its own.
  | "max_tokens_per_request";

export interface ApiErrorOptions {
  status: number;
  type: OpenAIErrorType;
  message: string;
  /** The request parameter at fault; null (the default) when there is none. */
  param?: string | null;
  /** OpenAI's machine-readable code; null (the default) when OpenAI sends none. */
  code?: string | null;
  /** Response headers that belong to the error (retry-after, allow, ...). */
  headers?: Record<string, string>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly type: OpenAIErrorType;
  readonly param: string | null;
  readonly code: string | null;
  readonly headers: Record<string, string>;

  constructor(options: ApiErrorOptions) {
    super(options.message);
    this.status = options.status;
    this.type = options.type;
    this.param = options.param ?? null;
    this.code = options.code ?? null;
    this.headers = options.headers ?? {};
  }

  body(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return {
      error: { message: this.message, type: this.type, param: this.param, code: this.code },
    };
  }
}

export function errorResponse(err: ApiError, extraHeaders: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(err.body()), {
    status: err.status,
    headers: { "content-type": "application/json", ...err.headers, ...extraHeaders },
  });
}
