/** A WebSocket client for tests: frames are queued as they arrive and read in order. */

export type Frame = Record<string, unknown>;

/** Guards against a hang only; tests bound their waits by frame counts, not by time. */
const HANG_GUARD_MS = 15_000;

export class WsFrames {
  readonly socket: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<CloseEvent>;
  readonly #queue: Frame[] = [];
  #waiter: ((f: Frame | null) => void) | null = null;
  #ended = false;

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.socket.addEventListener("open", () => resolve(), { once: true });
      this.socket.addEventListener("error", () => reject(new Error(`cannot connect to ${url}`)));
    });
    this.opened.catch(() => {});
    this.closed = new Promise((resolve) => {
      this.socket.addEventListener("close", (e) => {
        this.#ended = true;
        this.#waiter?.(null);
        resolve(e);
      });
    });
    this.socket.addEventListener("message", (e) => {
      const frame = JSON.parse(e.data as string) as Frame;
      if (this.#waiter) this.#waiter(frame);
      else this.#queue.push(frame);
    });
  }

  /** The next frame (throws if the socket closes first). */
  next(): Promise<Frame> {
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.#ended) return Promise.reject(new Error("socket closed"));
    return new Promise((resolve, reject) => {
      const guard = setTimeout(() => reject(new Error("no frame (hang guard)")), HANG_GUARD_MS);
      this.#waiter = (f) => {
        this.#waiter = null;
        clearTimeout(guard);
        if (f) resolve(f);
        else reject(new Error("socket closed"));
      };
    });
  }

  /** Reads frames until one matches, at most `limit` of them. */
  async until(match: (f: Frame) => boolean, limit = 30): Promise<Frame> {
    for (let i = 0; i < limit; i++) {
      const frame = await this.next();
      if (match(frame)) return frame;
    }
    throw new Error(`no matching frame among ${limit}`);
  }

  send(message: unknown): void {
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }
}
