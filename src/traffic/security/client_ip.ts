/**
 * The client address of a request. The socket peer comes from Deno.serve's handler info, which
 * Hono exposes as `c.env` (app.fetch(request, info)); in-process requests (batch lines, tests
 * without an env) have none and yield null. X-Forwarded-For is believed only when the peer is a
 * trusted proxy, and then only as far as the chain of trusted proxies goes: the client is the
 * right-most address that is not a trusted proxy, so a client cannot spoof it by sending its own
 * header (the proxy appends the real peer at the right).
 */
import {
  formatIp,
  inRange,
  type IpAddress,
  type IpRange,
  parseIp,
  parseRange,
} from "../../util/ip_address.ts";

export class TrustedProxies {
  readonly #ranges: IpRange[];

  constructor(entries: readonly string[]) {
    this.#ranges = entries.map((e) => {
      const range = parseRange(e);
      if (!range) throw new Error(`not an IP address or CIDR range: "${e}"`);
      return range;
    });
  }

  get empty(): boolean {
    return this.#ranges.length === 0;
  }

  has(ip: IpAddress): boolean {
    return this.#ranges.some((r) => inRange(ip, r));
  }
}

/** The socket peer's address from Deno.serve's ServeHandlerInfo, if the request came from one. */
export function peerAddress(env: unknown): string | null {
  if (typeof env !== "object" || env === null) return null;
  const remote = (env as { remoteAddr?: { transport?: string; hostname?: unknown } }).remoteAddr;
  if (!remote || typeof remote.hostname !== "string") return null;
  return remote.hostname;
}

/** Canonical client address, or null for requests that did not come over a socket. */
export function clientIp(
  peer: string | null,
  forwardedFor: string | undefined,
  trusted: TrustedProxies,
): string | null {
  if (peer === null) return null;
  const peerIp = parseIp(peer);
  if (!peerIp) return peer;
  if (trusted.empty || forwardedFor === undefined || !trusted.has(peerIp)) return formatIp(peerIp);
  let client = peerIp;
  const hops = forwardedFor.split(",");
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseIp(stripPort(hops[i].trim()));
    // Garbage in the chain: stop at the last address a trusted proxy vouched for.
    if (!hop) break;
    client = hop;
    if (!trusted.has(hop)) break;
  }
  return formatIp(client);
}

/** "1.2.3.4:5678" → "1.2.3.4", "[::1]:80" → "::1"; bare IPv6 stays as it is. */
function stripPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed) return bracketed[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return v4 ? v4[1] : hop;
}
