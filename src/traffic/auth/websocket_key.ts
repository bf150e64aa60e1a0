/**
 * API keys for browser WebSockets, which cannot set an Authorization header: the client offers the
 * key as one entry of `Sec-WebSocket-Protocol`, `fakeai.key.<base64url of the key, no padding>`,
 * next to `fakeai.metrics`, the protocol the server answers with (a browser fails a handshake whose
 * answer names none of its offers, and the key must never be echoed back).
 *   new WebSocket(url, ["fakeai.metrics", "fakeai.key." + base64url(key)])
 */

/** The subprotocol the live-metrics WebSocket selects when a client offers it. */
export const METRICS_SUBPROTOCOL = "fakeai.metrics";
export const KEY_SUBPROTOCOL_PREFIX = "fakeai.key.";

/** The offered subprotocols of a handshake, in order. */
export function offeredSubprotocols(header: string | undefined): string[] {
  if (!header) return [];
  return header.split(",").map((p) => p.trim()).filter((p) => p !== "");
}

/**
 * The key offered in `Sec-WebSocket-Protocol`: undefined when none is offered, null when one is
 * offered but cannot be read (bad base64url or not UTF-8), which callers treat as a wrong key.
 */
export function subprotocolKey(header: string | undefined): string | null | undefined {
  const entry = offeredSubprotocols(header).find((p) => p.startsWith(KEY_SUBPROTOCOL_PREFIX));
  if (entry === undefined) return undefined;
  return decodeBase64Url(entry.slice(KEY_SUBPROTOCOL_PREFIX.length));
}

/** The subprotocol value that carries `key` (what a client offers). */
export function keySubprotocol(key: string): string {
  const bytes = new TextEncoder().encode(key);
  const b64 = btoa(String.fromCharCode(...bytes));
  return KEY_SUBPROTOCOL_PREFIX + b64.replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function decodeBase64Url(text: string): string | null {
  if (text === "" || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const b64 = text.replaceAll("-", "+").replaceAll("_", "/");
  try {
    const binary = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    const key = new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(binary, (ch) => ch.charCodeAt(0)),
    );
    return key === "" ? null : key;
  } catch {
    return null;
  }
}
