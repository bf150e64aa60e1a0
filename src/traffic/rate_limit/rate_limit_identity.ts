/**
 * Whose buckets a request draws from. With an API key: the SHA-256 digest of the key (the same
 * key the auth middleware checks; the key itself is never kept, in memory or in Redis);
 * without one: the client's IP address (X-Forwarded-For believed only from
 * FAKEAI_TRUSTED_PROXIES); without either (in-process calls): "anonymous".
 */
import { createHash } from "node:crypto";
import { presentedKey } from "../auth/auth_middleware.ts";

export function limiterIdentity(
  authorization: string | undefined,
  clientIp: string | null,
): string {
  const key = presentedKey(authorization);
  if (key) return `key:${createHash("sha256").update(key).digest("hex")}`;
  if (clientIp) return `ip:${clientIp}`;
  return "anonymous";
}

/** The socket peer's address (no X-Forwarded-For); null for in-process requests. */
export { peerAddress as clientIp } from "../security/client_ip.ts";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A stable OpenAI-style organization id for an identity (the same on every replica). */
export function organizationId(identity: string): string {
  const digest = createHash("sha256").update(`org:${identity}`).digest();
  let id = "org-";
  for (let i = 0; i < 24; i++) id += BASE62[digest[i] % 62];
  return id;
}
