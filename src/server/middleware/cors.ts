/**
 * CORS from FAKEAI_CORS_ALLOWED_ORIGINS / FAKEAI_CORS_ALLOW_CREDENTIALS. With "*" and credentials
 * the request's Origin is echoed (browsers reject "*" together with credentials).
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app_env.ts";

export function cors(
  allowedOrigins: readonly string[],
  allowCredentials: boolean,
): MiddlewareHandler<AppEnv> {
  const any = allowedOrigins.includes("*");
  const allowed = new Set(allowedOrigins);
  return async (c, next) => {
    const origin = c.req.header("origin");
    const permitted = origin !== undefined && (any || allowed.has(origin));
    const setHeaders = () => {
      if (!permitted) return;
      c.header("access-control-allow-origin", any && !allowCredentials ? "*" : origin);
      if (allowCredentials) c.header("access-control-allow-credentials", "true");
      c.header(
        "access-control-expose-headers",
        "x-request-id, openai-processing-ms, x-ratelimit-limit-requests, x-ratelimit-remaining-requests, x-ratelimit-reset-requests, x-ratelimit-limit-tokens, x-ratelimit-remaining-tokens, x-ratelimit-reset-tokens, retry-after",
      );
      c.header("vary", "Origin", { append: true });
    };
    if (c.req.method === "OPTIONS" && c.req.header("access-control-request-method")) {
      setHeaders();
      if (permitted) {
        c.header("access-control-allow-methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
        c.header(
          "access-control-allow-headers",
          c.req.header("access-control-request-headers") ?? "*",
        );
        c.header("access-control-max-age", "600");
      }
      return c.body(null, 204);
    }
    await next();
    setHeaders();
    return undefined;
  };
}
