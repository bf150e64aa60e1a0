/**
 * `redis://[[user]:password@]host[:port][/db]` (and `rediss://` for TLS) → connection options.
 * Error messages never repeat the URL: it may carry a password.
 */
import type { Parsed, ValueType } from "./value_types.ts";

export interface RedisEndpoint {
  hostname: string;
  port: number;
  tls: boolean;
  username: string | null;
  password: string | null;
  db: number;
}

export function parseRedisUrl(text: string): Parsed<RedisEndpoint> {
  const fail = (error: string): Parsed<RedisEndpoint> => ({ ok: false, error });
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return fail("expected a URL like redis://[:password@]host:port[/db]");
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    return fail(`expected the redis:// or rediss:// scheme, got "${url.protocol}//"`);
  }
  if (url.hostname === "") return fail("the Redis URL has no host");
  const port = url.port === "" ? 6379 : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return fail("the Redis port must be 1..65535");
  }
  const path = url.pathname.replace(/^\/+/, "");
  if (path !== "" && !/^\d+$/.test(path)) {
    return fail("the Redis URL path must be a database number (/0, /1, ...)");
  }
  return {
    ok: true,
    value: {
      hostname: url.hostname,
      port,
      tls: url.protocol === "rediss:",
      username: url.username === "" ? null : decodeURIComponent(url.username),
      password: url.password === "" ? null : decodeURIComponent(url.password),
      db: path === "" ? 0 : Number(path),
    },
  };
}

/** Where a Redis endpoint is, for logs (never the credentials). */
export function describeEndpoint(e: RedisEndpoint): string {
  return `${e.tls ? "rediss" : "redis"}://${e.hostname}:${e.port}/${e.db}`;
}

/** The setting's value type: a string that parses as a Redis URL. */
export const redisUrl: ValueType<string> = {
  label: "redis URL",
  fromString(raw) {
    const parsed = parseRedisUrl(raw);
    return parsed.ok ? { ok: true, value: raw.trim() } : parsed;
  },
  fromFile(raw) {
    if (typeof raw !== "string") return { ok: false, error: "expected a Redis URL string" };
    return this.fromString(raw);
  },
  format: (v) => v,
};
