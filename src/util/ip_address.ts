/**
 * IP addresses and CIDR ranges: parsing to bytes, canonical text (the key abuse records use), and
 * range membership. IPv4-mapped IPv6 (::ffff:1.2.3.4) is treated as the IPv4 address.
 */

export interface IpAddress {
  readonly bytes: Uint8Array; // 4 or 16
}

export interface IpRange {
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIp(text: string): IpAddress | null {
  const t = text.trim();
  const v4 = parseIpv4(t);
  if (v4) return { bytes: v4 };
  const v6 = parseIpv6(t.startsWith("[") && t.endsWith("]") ? t.slice(1, -1) : t);
  if (!v6) return null;
  const mapped = v6.subarray(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return { bytes: mapped ? v6.slice(12) : v6 };
}

/** "10.0.0.0/8", "2001:db8::/32", or a single address (a /32 or /128 range). */
export function parseRange(text: string): IpRange | null {
  const slash = text.indexOf("/");
  const ip = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (!ip) return null;
  const bits = ip.bytes.length * 8;
  if (slash === -1) return { bytes: ip.bytes, prefix: bits };
  const prefixText = text.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  // A mapped IPv6 range (::ffff:10.0.0.0/104) becomes the IPv4 range.
  const adjusted = ip.bytes.length === 4 && text.includes(":") ? prefix - 96 : prefix;
  if (adjusted < 0 || adjusted > bits) return null;
  return { bytes: ip.bytes, prefix: adjusted };
}

/** A config validator: null when `text` is an address or CIDR range. */
export function ipRangeProblem(text: string): string | null {
  return parseRange(text) ? null : `not an IP address or CIDR range: "${text}"`;
}

export function inRange(ip: IpAddress, range: IpRange): boolean {
  if (ip.bytes.length !== range.bytes.length) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((ip.bytes[i] & mask) !== (range.bytes[i] & mask)) return false;
  }
  return true;
}

/** Canonical text: dotted IPv4, or RFC 5952 IPv6 (lowercase, longest zero run as ::). */
export function formatIp(ip: IpAddress): string {
  const b = ip.bytes;
  if (b.length === 4) return b.join(".");
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i] << 8) | b[i + 1]);
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(":");
  const head = hex.slice(0, bestStart).join(":");
  const tail = hex.slice(bestStart + bestLen).join(":");
  return `${head}::${tail}`;
}

function parseIpv4(text: string): Uint8Array | null {
  const m = IPV4.exec(text);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return Uint8Array.from(parts);
}

function parseIpv6(text: string): Uint8Array | null {
  const zone = text.indexOf("%");
  const t = zone === -1 ? text : text.slice(0, zone);
  if (!/^[0-9a-fA-F:.]+$/.test(t) || t.length > 45) return null;
  const halves = t.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] === "" ? [] : halves[0].split(":");
  const tail = halves.length === 2 && halves[1] !== "" ? halves[1].split(":") : [];
  const words: number[] = [];
  // An embedded IPv4 address may only end the whole address.
  const pushGroups = (groups: string[], out: number[], last: boolean): boolean => {
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i];
      if (last && i === groups.length - 1 && g.includes(".")) {
        const v4 = parseIpv4(g);
        if (!v4) return false;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return false;
    }
    return true;
  };
  const tailWords: number[] = [];
  if (!pushGroups(head, words, halves.length === 1) || !pushGroups(tail, tailWords, true)) {
    return null;
  }
  if (halves.length === 1) {
    if (words.length !== 8) return null;
  } else {
    if (words.length + tailWords.length > 7) return null;
    while (words.length + tailWords.length < 8) words.push(0);
  }
  words.push(...tailWords);
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}
