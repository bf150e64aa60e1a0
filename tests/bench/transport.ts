/**
 * How the load client talks to a server. Two transports with one shape:
 * - "raw": a minimal HTTP/1.1 keep-alive client on Deno.connect (default). It costs the client a
 *   fraction of what fetch does, so on a 2-core machine the server, not the client, is the limit.
 * - "fetch": the standard fetch API, for comparison.
 * A Transport sends a prepared request and hands the body to `onBody` as it arrives, with the
 * performance.now() time of the read that delivered it. `onBody` must consume the bytes at once.
 */

export type OnBody = (bytes: Uint8Array, at: number) => void;

export interface Transport {
  /** Sends the request; resolves with the HTTP status once the whole body was delivered. */
  send(request: Prepared, onBody: OnBody): Promise<number>;
  close(): void;
}

export interface RequestSpec {
  url: string;
  body: string;
  headers: Record<string, string>;
  /** Default POST. A GET sends no body. */
  method?: "GET" | "POST";
  /** Default /v1/chat/completions. */
  path?: string;
}

/** A request with its HTTP/1.1 bytes built once. */
export interface Prepared extends RequestSpec {
  bytes: Uint8Array;
}

const PATH = "/v1/chat/completions";
const encoder = new TextEncoder();

export async function openTransport(kind: "raw" | "fetch", url: string): Promise<Transport> {
  if (kind === "fetch") return fetchTransport();
  const { hostname, port } = new URL(url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  conn.setNoDelay(true);
  return new Http1Connection(conn);
}

function fetchTransport(): Transport {
  const abort = new AbortController();
  return {
    async send(request, onBody) {
      const { headers, method = "POST" } = request;
      const body = method === "GET" ? undefined : request.body;
      const init = { method, headers, body, signal: abort.signal };
      const res = await fetch(`${request.url}${request.path ?? PATH}`, init);
      for await (const chunk of res.body ?? []) onBody(chunk, performance.now());
      return res.status;
    },
    close: () => abort.abort(),
  };
}

/** Sends one request and splits the SSE body into events; onEvent(text, arrival ms) runs for
 * every `data:` event, all events of one read sharing that read's arrival time. Resolves true
 * once `data: [DONE]` was seen. */
export async function streamEvents(
  t: Transport,
  request: Prepared,
  onEvent: (event: string, at: number) => void,
) {
  const decoder = new TextDecoder();
  let buffer = "";
  let done = false;
  const status = await t.send(request, (bytes, at) => {
    buffer += decoder.decode(bytes, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (event === "data: [DONE]") done = true;
      else if (event.startsWith("data: ")) onEvent(event, at);
    }
  });
  if (status !== 200) throw new Error(`HTTP ${status}`);
  return done;
}

export function prepare(spec: RequestSpec): Prepared {
  const method = spec.method ?? "POST";
  const body = encoder.encode(method === "GET" ? "" : spec.body);
  const host = new URL(spec.url).host;
  const lines = [`${method} ${spec.path ?? PATH} HTTP/1.1`, `host: ${host}`];
  if (method !== "GET") lines.push(`content-length: ${body.length}`);
  for (const [k, v] of Object.entries(spec.headers)) lines.push(`${k}: ${v}`);
  const head = encoder.encode(lines.join("\r\n") + "\r\n\r\n");
  const bytes = new Uint8Array(head.length + body.length);
  bytes.set(head);
  bytes.set(body, head.length);
  return { ...spec, bytes };
}

/** One keep-alive connection; requests run one after another. Understands content-length and
 * chunked bodies, which is all Deno.serve sends. */
class Http1Connection implements Transport {
  #buf = new Uint8Array(64 * 1024);
  #start = 0;
  #end = 0;
  #at = 0;

  constructor(private readonly conn: Deno.TcpConn) {}

  async send(request: Prepared, onBody: OnBody): Promise<number> {
    for (let written = 0; written < request.bytes.length;) {
      written += await this.conn.write(request.bytes.subarray(written));
    }
    const headEnd = await this.#until("\r\n\r\n");
    const head = latin1(this.#buf.subarray(this.#start, headEnd)).toLowerCase();
    this.#start = headEnd + 4;
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
    if (length) {
      await this.#body(Number(length[1]), onBody);
    } else if (/\r\ntransfer-encoding:\s*chunked/.test(head)) {
      for (;;) {
        const lineEnd = await this.#until("\r\n");
        const size = parseInt(latin1(this.#buf.subarray(this.#start, lineEnd)), 16);
        this.#start = lineEnd + 2;
        if (!(size >= 0)) throw new Error("bad chunk size");
        await this.#body(size, onBody);
        this.#start = (await this.#until("\r\n")) + 2; // CRLF after the data (or the trailer end)
        if (size === 0) break;
      }
    } else {
      throw new Error(`unsupported response framing:\n${head}`);
    }
    return status;
  }

  close(): void {
    try {
      this.conn.close();
    } catch { /* already closed */ }
  }

  async #body(size: number, onBody: OnBody): Promise<void> {
    while (size > 0) {
      if (this.#start === this.#end) await this.#fill();
      const take = Math.min(size, this.#end - this.#start);
      onBody(this.#buf.subarray(this.#start, this.#start + take), this.#at);
      this.#start += take;
      size -= take;
    }
  }

  /** Index of `marker` (ASCII) at or after #start, reading more until it is there. */
  async #until(marker: string): Promise<number> {
    for (;;) {
      const i = indexOf(this.#buf, marker, this.#start, this.#end);
      if (i !== -1) return i;
      await this.#fill();
    }
  }

  async #fill(): Promise<void> {
    if (this.#start === this.#end) this.#start = this.#end = 0;
    if (this.#end === this.#buf.length) {
      const live = this.#buf.subarray(this.#start, this.#end);
      const next = live.length * 2 > this.#buf.length
        ? new Uint8Array(this.#buf.length * 2)
        : this.#buf;
      next.set(live);
      this.#buf = next;
      this.#end = live.length;
      this.#start = 0;
    }
    const n = await this.conn.read(this.#buf.subarray(this.#end));
    if (n === null) throw new Error("connection closed by server");
    this.#end += n;
    this.#at = performance.now();
  }
}

function indexOf(buf: Uint8Array, marker: string, from: number, to: number): number {
  const first = marker.charCodeAt(0);
  for (let i = from; i <= to - marker.length; i++) {
    if (buf[i] !== first) continue;
    let k = 1;
    while (k < marker.length && buf[i + k] === marker.charCodeAt(k)) k++;
    if (k === marker.length) return i;
  }
  return -1;
}

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}
