/**
 * Whose buckets a request draws from. With an API key: the SHA-256 digest of the key (the same
 * key the auth middleware checks; the key itself is never kept, in memory or in Redis);
 * without one: the client's IP address (the socket's peer — proxies' X-Forwarded-For is not
 * trusted); without either (in-process calls): "anonymous".
 */
import { createHash } from "node:crypto";

export function limiterIdentity(
  authorization: string | undefined,
  clientIp: string | null,
): string {
  const key = presentedKey(authorization);
  if (key) return `key:${createHash("sha256").update(key).digest("hex")}`;
  if (clientIp) return `ip:${clientIp}`;
  return "anonymous";
}

/**
 * The API key of an Authorization header: `Bearer KEY`, or HTTP Basic with a blank user and the
 * key as password (as OpenAI accepts from browsers, and as the auth middleware reads it).
 */
export function presentedKey(header: string | undefined): string | null {
  const match = header === undefined ? null : /^\s*(\S+)\s+(.*)$/.exec(header);
  if (!match) return null;
  const scheme = match[1].toLowerCase();
  const value = match[2].trim();
  let key: string | null = null;
  if (scheme === "bearer") key = value;
  else if (scheme === "basic") {
    try {
      const decoded = new TextDecoder("utf-8", { fatal: true })
        .decode(Uint8Array.from(atob(value), (ch) => ch.charCodeAt(0)));
      if (decoded.startsWith(":")) key = decoded.slice(1);
    } catch { /* not base64 or not UTF-8: no key */ }
  }
  return key === null || key === "" ? null : key;
}

/** The peer address Deno.serve hands to app.fetch; null for in-process requests. */
export function clientIp(env: unknown): string | null {
  const addr = (env as { remoteAddr?: { hostname?: unknown } } | undefined)?.remoteAddr;
  return typeof addr?.hostname === "string" ? addr.hostname : null;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A stable OpenAI-style organization id for an identity (the same on every replica). */
export function organizationId(identity: string): string {
  const digest = createHash("sha256").update(`org:${identity}`).digest();
  let id = "org-";
  for (let i = 0; i < 24; i++) id += BASE62[digest[i] % 62];
  return id;
}
