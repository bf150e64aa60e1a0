/**
 * API key authentication. When keys are configured, every request needs an accepted key except
 * the open routes below; /admin/* is never open. The key comes as `Authorization: Bearer KEY`, or
 * as the password of HTTP Basic auth with a blank username (as OpenAI accepts from browsers), or,
 * for a browser WebSocket, as a `Sec-WebSocket-Protocol` entry (websocket_key.ts). A key offered
 * that way is checked even on an open route: a dashboard with a wrong key is refused, not served.
 */
import type { MiddlewareHandler } from "hono";
import type { Config } from "../../config/schema.ts";
import { maskApiKey } from "./api_keys.ts";
import type { AppEnv } from "../../server/app_env.ts";
import { errors } from "../../server/errors.ts";
import { KeyStore } from "./key_store.ts";
import { subprotocolKey } from "./websocket_key.ts";
import type { Logger } from "../../util/logger.ts";
import { passThrough } from "../../server/pass_through.ts";

/**
 * THE list of routes that never need a key (GET and HEAD only): health checks, monitoring
 * scrapes, the live-metrics WebSocket, image URLs (clients fetch them without keys), and the
 * dashboard's page and static assets (a browser navigation cannot send a key; the page asks for
 * it and sends it with its data requests). `/x/*` means everything under `/x/`.
 */
export const OPEN_ROUTES: readonly string[] = [
  "/", // redirects browsers to /dashboard; anything else gets the unknown-route 404
  "/dashboard",
  "/dashboard/assets/*",
  "/health",
  "/health/detailed",
  "/metrics",
  "/metrics/*", // /metrics/prometheus, /metrics/vllm, /metrics/history, the WebSocket streams
  "/dcgm/*",
  "/kv-cache/metrics",
  "/images/*",
];

const OPEN_EXACT = new Set(OPEN_ROUTES.filter((r) => !r.endsWith("/*")));
const OPEN_PREFIXES = OPEN_ROUTES.filter((r) => r.endsWith("/*")).map((r) => r.slice(0, -1));

export function isOpenRoute(method: string, path: string): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  return OPEN_EXACT.has(path) || OPEN_PREFIXES.some((prefix) => path.startsWith(prefix));
}

export interface AuthDeps {
  config: Config;
  logger: Logger;
  /** serve.ts passes the process's store (SIGHUP reloads its files); else built from config. */
  keyStore?: KeyStore;
}

export function auth(deps: AuthDeps): MiddlewareHandler<AppEnv> {
  const store = deps.keyStore ?? storeFromConfig(deps.config);
  const { logger } = deps;
  if (!store.enabled) return passThrough;
  return async (c, next) => {
    const offered = subprotocolKey(c.req.header("sec-websocket-protocol"));
    const open = isOpenRoute(c.req.method, c.req.path);
    if (open && offered === undefined) return await next();
    // Anthropic clients send x-api-key instead of a bearer token.
    const key = open
      ? offered ?? null
      : presentedKey(c.req.header("authorization")) ?? c.req.header("x-api-key") ?? offered ??
        null;
    if (key !== null && store.matches(key)) {
      c.set("verifiedKey", key);
      return await next();
    }
    // An offered key that cannot be decoded is a wrong key, not a missing one.
    const unreadable = key === null && offered === null;
    const reason = key === null && !unreadable ? "missing_api_key" : "invalid_api_key";
    logger.info("unauthorized", {
      request_id: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      reason,
    });
    if (unreadable) throw errors.invalidApiKey("(unreadable)");
    throw key === null ? errors.missingApiKey() : errors.invalidApiKey(maskApiKey(key));
  };
}

/** The key in an Authorization header, or null when there is none (or it is not readable). */
export function presentedKey(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^\s*(\S+)\s+(.*)$/.exec(header);
  if (!match) return null;
  const scheme = match[1].toLowerCase();
  const value = match[2].trim();
  let key: string | null = null;
  if (scheme === "bearer") key = value;
  else if (scheme === "basic") key = basicPassword(value);
  return key === null || key === "" ? null : key;
}

/** The password of `Basic base64(user:password)`, used as the key when the user is blank. */
function basicPassword(encoded: string): string | null {
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(atob(encoded), (ch) => ch.charCodeAt(0)),
    );
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  return colon === 0 ? decoded.slice(1) : null;
}

function storeFromConfig(config: Config): KeyStore {
  const loaded = KeyStore.load(config);
  if ("problems" in loaded) throw new Error(loaded.problems.join("; "));
  return loaded.store;
}
