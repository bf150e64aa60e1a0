/**
 * CORS from FAKEAI_CORS_ALLOWED_ORIGINS / FAKEAI_CORS_ALLOW_CREDENTIALS. With "*" and credentials
 * the request's Origin is echoed (browsers reject "*" together with credentials).
 */
import type { Context, MiddlewareHandler, Next } from "hono";
import type { AppEnv } from "./app_env.ts";
import { setResponseHeader } from "./response_headers.ts";

const EXPOSED_HEADERS = "x-request-id, openai-processing-ms, x-ratelimit-limit-requests, " +
  "x-ratelimit-remaining-requests, x-ratelimit-reset-requests, x-ratelimit-limit-tokens, " +
  "x-ratelimit-remaining-tokens, x-ratelimit-reset-tokens, retry-after";

export function cors(
  allowedOrigins: readonly string[],
  allowCredentials: boolean,
): MiddlewareHandler<AppEnv> {
  const any = allowedOrigins.includes("*");
  const allowed = new Set(allowedOrigins);
  return (c, next) => {
    const origin = c.req.header("origin");
    // Without an Origin (API clients, load tools) there is nothing to add.
    if (origin === undefined && c.req.method !== "OPTIONS") return next();
    return withCors(c, next, origin);
  };

  async function withCors(c: Context<AppEnv>, next: Next, origin: string | undefined) {
    const permitted = origin !== undefined && (any || allowed.has(origin));
    const setHeaders = (set: (name: string, value: string, append?: boolean) => void) => {
      if (!permitted) return;
      set("access-control-allow-origin", any && !allowCredentials ? "*" : origin);
      if (allowCredentials) set("access-control-allow-credentials", "true");
      set("access-control-expose-headers", EXPOSED_HEADERS);
      set("vary", "Origin", true);
    };
    if (c.req.method === "OPTIONS" && c.req.header("access-control-request-method")) {
      setHeaders((name, value, append) => c.header(name, value, { append }));
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
    setHeaders((name, value, append) => setResponseHeader(c, name, value, append));
    return undefined;
  }
}
