/**
 * Whose buckets a request draws from. With a key the auth middleware verified: the SHA-256
 * digest of the key (the key itself is never kept, in memory or in Redis). Otherwise the
 * client's IP address (X-Forwarded-For believed only from FAKEAI_TRUSTED_PROXIES): with
 * authentication off a key proves nothing, and a made-up key per request must not buy a fresh
 * bucket. Without either (in-process calls): "anonymous".
 */
import { createHash } from "node:crypto";

export function limiterIdentity(verifiedKey: string | undefined, clientIp: string | null): string {
  if (verifiedKey) return `key:${createHash("sha256").update(verifiedKey).digest("hex")}`;
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
