/**
 * Sets a header on the response a handler already produced. Mutating its Headers in place is far
 * cheaper than Hono's c.header() after next(), which rebuilds the whole Response; responses with
 * immutable headers (e.g. a WebSocket upgrade) fall back to that.
 */
import type { Context } from "hono";

export function setResponseHeader(c: Context, name: string, value: string, append = false): void {
  try {
    if (append) c.res.headers.append(name, value);
    else c.res.headers.set(name, value);
  } catch {
    c.header(name, value, { append });
  }
}
