/**
 * Calls and notes between the isolates of a multi-worker server (the main thread and one Deno
 * Worker) over postMessage. A call gets one answer or an error; a note gets none. When the other
 * side is gone, close() fails every call still waiting, so nothing waits forever.
 */

/** What both a Worker (seen from the main thread) and a worker's global scope offer. */
export interface MessageEndpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

type Handler = (payload: never) => unknown;
export type Handlers = Record<string, Handler>;

type Message =
  | { t: "call"; id: number; m: string; p: unknown }
  | { t: "note"; m: string; p: unknown }
  | { t: "ok"; id: number; v: unknown }
  | { t: "err"; id: number; e: string };

/** What crosses: one message, or the messages of one turn of the event loop together. */
type Envelope = Message | { t: "batch"; all: Message[] };

export class LinkClosedError extends Error {
  constructor() {
    super("the other isolate has stopped");
  }
}

export class IsolateLink {
  #nextId = 1;
  readonly #waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  #closed = false;
  #outbox: Message[] = [];
  #transfer: Transferable[] = [];

  constructor(private readonly endpoint: MessageEndpoint, private readonly handlers: Handlers) {
    endpoint.onmessage = (event) => {
      const envelope = event.data as Envelope;
      if (envelope.t === "batch") { for (const message of envelope.all) this.#receive(message); }
      else this.#receive(envelope);
    };
  }

  /** Posting costs far more than copying: what is sent in one turn leaves as one message. */
  #send(message: Message, transfer?: Transferable[]): void {
    if (transfer) this.#transfer.push(...transfer);
    if (this.#outbox.push(message) === 1) queueMicrotask(this.#flush);
  }

  readonly #flush = (): void => {
    const all = this.#outbox;
    const transfer = this.#transfer;
    this.#outbox = [];
    this.#transfer = [];
    if (this.#closed) return;
    this.endpoint.postMessage(all.length === 1 ? all[0] : { t: "batch", all }, transfer);
  };

  call<T>(method: string, payload?: unknown, transfer?: Transferable[]): Promise<T> {
    if (this.#closed) return Promise.reject(new LinkClosedError());
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#send({ t: "call", id, m: method, p: payload }, transfer);
    });
  }

  note(method: string, payload?: unknown, transfer?: Transferable[]): void {
    if (this.#closed) return;
    this.#send({ t: "note", m: method, p: payload }, transfer);
  }

  /** The other side is gone: every waiting call fails with LinkClosedError. */
  close(): void {
    this.#closed = true;
    for (const { reject } of this.#waiting.values()) reject(new LinkClosedError());
    this.#waiting.clear();
  }

  get closed(): boolean {
    return this.#closed;
  }

  #receive(message: Message): void {
    if (message.t === "ok" || message.t === "err") {
      const waiting = this.#waiting.get(message.id);
      if (!waiting) return;
      this.#waiting.delete(message.id);
      if (message.t === "ok") waiting.resolve(message.v);
      else waiting.reject(new Error(message.e));
      return;
    }
    const handler = this.handlers[message.m];
    if (message.t === "note") {
      handler?.(message.p as never);
      return;
    }
    const id = message.id;
    if (!handler) {
      this.#send({ t: "err", id, e: `no handler for ${message.m}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(message.p as never))
      .then(
        (v) => this.#closed || this.#send({ t: "ok", id, v }),
        (e) =>
          this.#closed ||
          this.#send({ t: "err", id, e: e instanceof Error ? e.message : String(e) }),
      );
  }
}
