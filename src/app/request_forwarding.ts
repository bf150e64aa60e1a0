/**
 * A worker isolate hands requests for state the owner isolate holds (files, batches, stored
 * responses, images, metrics, admin clears) to the owner over an IsolateLink, after its own
 * traffic checks, and streams the answer back to its client. The owner runs the route only
 * (forwarded_requests.ts) and reports what the worker's access line and metrics need.
 *   worker → owner: http.request {id, method, url, headers, body}, http.abort {id}
 *   owner → worker: http.head {id, status, headers}, http.chunk {id, bytes}, http.end {id, outcome},
 *                   http.fail {id, message}
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv, StreamEnd } from "../server/app_env.ts";
import { type ForwardedOutcome, markForwarded } from "../server/forwarded_requests.ts";
import type { IsolateLink } from "./isolate_link.ts";
import { readBodyBytes } from "../server/body.ts";

export interface ForwardedRequest {
  id: number;
  method: string;
  url: string;
  headers: [string, string][];
  body: Uint8Array | null;
}

interface Pending {
  head(status: number, headers: [string, string][]): void;
  chunk(bytes: Uint8Array): void;
  end(outcome: ForwardedOutcome | null): void;
  fail(message: string): void;
}

/** The worker's side: a middleware that forwards what `owns` claims, and the link's handlers. */
export class RequestForwarder {
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #link: IsolateLink | null = null;

  /**
   * `maxBodyBytes`: the largest body any forwarded route accepts; a larger one is refused (413)
   * while it arrives, before it is buffered whole.
   */
  constructor(
    private readonly owns: (method: string, path: string) => boolean,
    private readonly maxBodyBytes: number,
  ) {}

  connect(link: IsolateLink): void {
    this.#link = link;
  }

  /** The owner isolate has gone: every forwarded request still open fails now. */
  failAll(message: string): void {
    for (const pending of [...this.#pending.values()]) pending.fail(message);
  }

  readonly handlers = {
    "http.head": (p: { id: number; status: number; headers: [string, string][] }) =>
      this.#pending.get(p.id)?.head(p.status, p.headers),
    "http.chunk": (p: { id: number; bytes: Uint8Array }) => this.#pending.get(p.id)?.chunk(p.bytes),
    "http.end": (p: { id: number; outcome: ForwardedOutcome | null }) =>
      this.#pending.get(p.id)?.end(p.outcome),
    "http.fail": (p: { id: number; message: string }) => this.#pending.get(p.id)?.fail(p.message),
  };

  readonly middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (!this.owns(c.req.method, c.req.path)) return next();
    const link = this.#link;
    if (!link) return next();
    const raw = c.req.raw;
    // The owner answers under this isolate's request id (one x-request-id, not the client's twice).
    const headers: [string, string][] = [...raw.headers].filter(([name]) =>
      name !== "x-request-id"
    );
    headers.push(["x-request-id", c.get("requestId")]);
    const body = raw.body ? await readBodyBytes(raw, this.maxBodyBytes) : null;
    const id = this.#nextId++;
    let streamController!: ReadableStreamDefaultController<Uint8Array>;
    let settled = false;
    let resolveHead!: (response: Response) => void;
    let rejectHead!: (error: Error) => void;
    const head = new Promise<Response>((resolve, reject) => {
      resolveHead = resolve;
      rejectHead = reject;
    });
    // The closures below outlive the response: they must not refer to `c` (see request_context).
    const access = c.get("access");
    let resolveEnd!: (end: StreamEnd) => void;
    c.set("streamEnd", new Promise((resolve) => (resolveEnd = resolve)));
    const finish = (outcome: ForwardedOutcome | null) => {
      if (settled) return;
      settled = true;
      this.#pending.delete(id);
      raw.signal.removeEventListener("abort", abort);
      if (!outcome) return resolveEnd({ outcome: "completed" });
      Object.assign(access, outcome.access);
      resolveEnd({
        outcome: outcome.outcome === "aborted" ? "aborted" : "completed",
        routePattern: outcome.routePattern,
        errorType: outcome.errorType,
      });
    };
    const abort = () => {
      link.note("http.abort", { id });
      try {
        streamController?.error(new Error("client went away"));
      } catch { /* already closed */ }
      finish(null);
    };
    raw.signal.addEventListener("abort", abort, { once: true });
    this.#pending.set(id, {
      head: (status, responseHeaders) => {
        const stream = new ReadableStream<Uint8Array>({
          start: (controller) => void (streamController = controller),
          cancel: () => abort(),
        });
        const nullBody = status === 204 || status === 304 || raw.method === "HEAD";
        resolveHead(new Response(nullBody ? null : stream, { status, headers: responseHeaders }));
      },
      chunk: (bytes) => streamController?.enqueue(bytes),
      end: (outcome) => {
        try {
          streamController?.close();
        } catch { /* the client cancelled first */ }
        finish(outcome);
      },
      fail: (message) => {
        rejectHead(new Error(message));
        try {
          streamController?.error(new Error(message));
        } catch { /* already closed */ }
        finish(null);
      },
    });
    const request: ForwardedRequest = { id, method: raw.method, url: raw.url, headers, body };
    link.note("http.request", request);
    return await head;
  };
}

/**
 * The owner's side: runs each forwarded request through `fetch` (the owner's app) and streams the
 * answer back. `abortAll` ends every request of a worker that has gone.
 */
export class ForwardedRequestRunner {
  readonly #running = new Map<number, AbortController>();

  constructor(
    private readonly link: IsolateLink,
    private readonly fetch: (request: Request) => Response | Promise<Response>,
  ) {}

  readonly handlers = {
    "http.request": (p: ForwardedRequest) => void this.#run(p),
    "http.abort": (p: { id: number }) => this.#running.get(p.id)?.abort(),
  };

  abortAll(): void {
    for (const controller of this.#running.values()) controller.abort();
    this.#running.clear();
  }

  async #run(p: ForwardedRequest): Promise<void> {
    const { link } = this;
    const controller = new AbortController();
    this.#running.set(p.id, controller);
    let reported: ForwardedOutcome | null = null;
    let onReport = () => {};
    const report = new Promise<void>((resolve) => (onReport = resolve));
    try {
      const request = new Request(p.url, {
        method: p.method,
        headers: p.headers,
        body: p.body as Uint8Array<ArrayBuffer> | null,
        signal: controller.signal,
      });
      markForwarded(request, (outcome) => {
        reported = outcome;
        onReport();
      });
      const response = await this.fetch(request);
      link.note("http.head", { id: p.id, status: response.status, headers: [...response.headers] });
      if (response.body) {
        for await (const bytes of response.body) {
          if (controller.signal.aborted) break;
          link.note("http.chunk", { id: p.id, bytes });
        }
      }
      // A streamed route reports when its stream has ended, a moment after its last bytes.
      await Promise.race([report, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      link.note("http.end", { id: p.id, outcome: reported });
    } catch (err) {
      if (controller.signal.aborted) link.note("http.end", { id: p.id, outcome: reported });
      else link.note("http.fail", { id: p.id, message: (err as Error).message });
    } finally {
      this.#running.delete(p.id);
    }
  }
}
