/**
 * IP addresses and CIDR ranges, parsed, matched and printed by ipaddr.js. This module only fixes
 * the forms we accept: IPv4 in dotted decimal (leading zeros are decimal, never inet_aton's octal
 * or hex), IPv6 optionally in brackets and with a zone (dropped), and IPv4-mapped IPv6
 * (::ffff:1.2.3.4) taken as the IPv4 address. The canonical text (the key abuse records use) is
 * dotted IPv4 or RFC 5952 IPv6.
 */
import ipaddr from "ipaddr.js";

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** An address and a prefix length in the address's own family. */
export type IpRange = [IpAddress, number];

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIp(text: string): IpAddress | null {
  const t = text.trim();
  const v4 = DOTTED.exec(t);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    return octets.every((o) => o <= 255) ? new ipaddr.IPv4(octets) : null;
  }
  const v6 = t.startsWith("[") && t.endsWith("]") ? t.slice(1, -1) : t;
  if (!v6.includes(":") || !ipaddr.IPv6.isValid(v6)) return null;
  const ip = ipaddr.IPv6.parse(v6);
  return ip.isIPv4MappedAddress() ? ip.toIPv4Address() : new ipaddr.IPv6(ip.parts);
}

/** "10.0.0.0/8", "2001:db8::/32", or a single address (a /32 or /128 range). */
export function parseRange(text: string): IpRange | null {
  const slash = text.indexOf("/");
  const ip = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (!ip) return null;
  const bits = ip.kind() === "ipv4" ? 32 : 128;
  if (slash === -1) return [ip, bits];
  const prefixText = text.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  // A mapped IPv6 range (::ffff:10.0.0.0/104) becomes the IPv4 range.
  const prefix = Number(prefixText) - (ip.kind() === "ipv4" && text.includes(":") ? 96 : 0);
  return prefix >= 0 && prefix <= bits ? [ip, prefix] : null;
}

/** A config validator: null when `text` is an address or CIDR range. */
export function ipRangeProblem(text: string): string | null {
  return parseRange(text) ? null : `not an IP address or CIDR range: "${text}"`;
}

/** Whether `ip` lies in `range`; the families never mix. */
export function inRange(ip: IpAddress, range: IpRange): boolean {
  return ip.kind() === range[0].kind() && ip.match(range);
}

/** Canonical text: dotted IPv4, or RFC 5952 IPv6 (lowercase, longest zero run as ::). */
export function formatIp(ip: IpAddress): string {
  return ip.toString();
}
