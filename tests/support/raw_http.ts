/**
 * One raw HTTP/1.1 exchange over TCP, for tests that must send what fetch() refuses or rewrites:
 * any method (TRACE, lowercase), request targets as written (`//v1/..`, `%2e%2e`, invalid
 * percent-escapes), bodies that disagree with their headers, bodies cut off by a half-close.
 * The answer is read until the server closes the connection (the request says Connection: close).
 */

export interface RawRequest {
  method: string;
  /** The request-target exactly as sent. */
  target: string;
  /** Sent in order after Host and Connection; add content-length yourself or let `body` do it. */
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: Uint8Array;
  /** Add no content-length header for the body (the case sends its own, or none). */
  noLength?: boolean;
  /** Close our sending side after the body (the server sees the body end early). */
  halfClose?: boolean;
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  body: Uint8Array;
  ms: number;
}

export type RawOutcome = RawAnswer | { failure: string; ms: number };

const encoder = new TextEncoder();

export function requestBytes(host: string, request: RawRequest): Uint8Array {
  const lines = [
    `${request.method} ${request.target} HTTP/1.1`,
    `host: ${host}`,
    "connection: close",
  ];
  for (const [name, value] of request.headers ?? []) lines.push(`${name}: ${value}`);
  const body = request.body ?? new Uint8Array();
  if (!request.noLength && request.body) lines.push(`content-length: ${body.byteLength}`);
  const head = encoder.encode(lines.join("\r\n") + "\r\n\r\n");
  const out = new Uint8Array(head.byteLength + body.byteLength);
  out.set(head);
  out.set(body, head.byteLength);
  return out;
}

export async function rawExchange(
  addr: { hostname: string; port: number },
  request: RawRequest,
  timeoutMs: number,
): Promise<RawOutcome> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  let conn: Deno.TcpConn;
  try {
    conn = await Deno.connect({ hostname: addr.hostname, port: addr.port });
  } catch (err) {
    return { failure: `connect: ${(err as Error).message}`, ms: ms() };
  }
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      conn.close();
    } catch { /* already closed */ }
  }, timeoutMs);
  const chunks: Uint8Array[] = [];
  try {
    await writeAll(conn, requestBytes(`${addr.hostname}:${addr.port}`, request));
    if (request.halfClose) await conn.closeWrite();
    const buf = new Uint8Array(64 * 1024);
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) break;
      chunks.push(buf.slice(0, n));
    }
  } catch (err) {
    if (!timedOut && chunks.length === 0) {
      clearTimeout(timer);
      return { failure: `io: ${(err as Error).message}`, ms: ms() };
    }
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch { /* already closed */ }
  }
  if (timedOut) return { failure: `no complete answer in ${timeoutMs} ms`, ms: ms() };
  const parsed = parseResponse(concat(chunks), request.method === "HEAD");
  return "failure" in parsed ? { failure: parsed.failure, ms: ms() } : { ...parsed, ms: ms() };
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.byteLength) offset += await conn.write(bytes.subarray(offset));
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

function parseResponse(
  bytes: Uint8Array,
  head: boolean,
): { status: number; headers: Headers; body: Uint8Array } | { failure: string } {
  if (bytes.byteLength === 0) return { failure: "connection closed without an answer" };
  let text = new TextDecoder("latin1").decode(bytes);
  // Interim answers (100 Continue) come before the real one.
  while (/^HTTP\/1\.[01] 1\d\d/.test(text) && text.includes("\r\n\r\n")) {
    const skip = text.indexOf("\r\n\r\n") + 4;
    text = text.slice(skip);
    bytes = bytes.subarray(skip);
  }
  const end = text.indexOf("\r\n\r\n");
  if (end === -1) return { failure: `incomplete answer: ${JSON.stringify(text.slice(0, 200))}` };
  const [statusLine, ...headerLines] = text.slice(0, end).split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!status) return { failure: `bad status line: ${JSON.stringify(statusLine)}` };
  const headers = new Headers();
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  let body = bytes.subarray(end + 4);
  if (head) body = new Uint8Array();
  else if (/chunked/i.test(headers.get("transfer-encoding") ?? "")) {
    const decoded = dechunk(body);
    if (decoded === null) return { failure: "chunked body cut off" };
    body = decoded;
  } else if (headers.has("content-length")) {
    const length = Number(headers.get("content-length"));
    if (body.byteLength < length) {
      return { failure: `body cut off at ${body.byteLength}/${length}` };
    }
    body = body.subarray(0, length);
  }
  return { status, headers, body };
}

function dechunk(bytes: Uint8Array): Uint8Array | null {
  const parts: Uint8Array[] = [];
  let offset = 0;
  const latin1 = new TextDecoder("latin1");
  for (;;) {
    let lineEnd = offset;
    while (
      lineEnd + 1 < bytes.byteLength && !(bytes[lineEnd] === 13 && bytes[lineEnd + 1] === 10)
    ) {
      lineEnd++;
    }
    if (lineEnd + 1 >= bytes.byteLength) return null;
    const size = parseInt(latin1.decode(bytes.subarray(offset, lineEnd)), 16);
    if (Number.isNaN(size)) return null;
    offset = lineEnd + 2;
    if (size === 0) return concat(parts);
    if (offset + size > bytes.byteLength) return null;
    parts.push(bytes.subarray(offset, offset + size));
    offset += size + 2;
  }
}
