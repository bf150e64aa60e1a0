/**
 * One open socket to Redis: requests are written in order and answered in order, so a FIFO of
 * pending requests pairs each reply with its request however many are in flight (pipelining).
 * Any socket error, protocol error or request timeout fails the whole connection: after a lost
 * reply the order can no longer be trusted.
 */
import type { Clock, TimerHandle } from "../util/clock.ts";
import { encodeCommand, RespError, RespParser, type RespValue } from "./resp.ts";

/** An error reply from Redis (the command failed; the connection is fine). */
export class RedisError extends Error {
  override name = "RedisError";
  /** The reply's first word: ERR, NOSCRIPT, WRONGPASS ... */
  get code(): string {
    return this.message.split(" ", 1)[0];
  }
}

/** Redis could not be reached or stopped answering. */
export class RedisUnavailableError extends Error {
  override name = "RedisUnavailableError";
}

interface Pending {
  resolve(value: RespValue): void;
  reject(err: Error): void;
  timer: TimerHandle;
}

export class RedisConnection {
  readonly #conn: Deno.Conn;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #parser = new RespParser();
  readonly #pending: Pending[] = [];
  #writing: Promise<void> = Promise.resolve();
  #failure: Error | null = null;
  /** Settles when the read loop has stopped (the socket is closed by then). */
  readonly finished: Promise<void>;

  constructor(
    conn: Deno.Conn,
    clock: Clock,
    timeoutMs: number,
    private readonly onFailure: (err: Error) => void,
    private readonly onReply: () => void,
  ) {
    this.#conn = conn;
    this.#clock = clock;
    this.#timeoutMs = timeoutMs;
    this.finished = this.#readLoop();
  }

  get open(): boolean {
    return this.#failure === null;
  }

  send(args: readonly (string | number)[]): Promise<RespValue> {
    if (this.#failure) return Promise.reject(this.#failure);
    const bytes = encodeCommand(args);
    return new Promise<RespValue>((resolve, reject) => {
      const timer = this.#clock.setTimer(
        () => this.fail(new RedisUnavailableError(`no reply within ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
      // Queued and written in the same synchronous step: queue order is write order.
      this.#pending.push({ resolve, reject, timer });
      this.#writing = this.#writing
        .then(() => this.#writeAll(bytes))
        .catch((err) => this.fail(new RedisUnavailableError(`write failed: ${message(err)}`)));
    });
  }

  /** Closes the socket and rejects everything in flight with `err` (first failure wins). */
  fail(err: Error): void {
    if (this.#failure) return;
    this.#failure = err;
    try {
      this.#conn.close();
    } catch { /* already closed */ }
    for (const p of this.#pending.splice(0)) {
      this.#clock.clearTimer(p.timer);
      p.reject(err);
    }
    this.onFailure(err);
  }

  async #writeAll(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.byteLength && !this.#failure) {
      offset += await this.#conn.write(bytes.subarray(offset));
    }
  }

  async #readLoop(): Promise<void> {
    const buffer = new Uint8Array(64 * 1024);
    try {
      for (;;) {
        const n = await this.#conn.read(buffer);
        if (n === null) throw new RedisUnavailableError("connection closed by the server");
        for (const reply of this.#parser.push(buffer.subarray(0, n))) this.#deliver(reply);
      }
    } catch (err) {
      this.fail(
        err instanceof RedisUnavailableError
          ? err
          : new RedisUnavailableError(`connection lost: ${message(err)}`),
      );
    }
  }

  #deliver(reply: RespValue): void {
    const pending = this.#pending.shift();
    if (!pending) throw new RedisUnavailableError("reply without a request");
    this.#clock.clearTimer(pending.timer);
    this.onReply();
    if (reply instanceof RespError) pending.reject(new RedisError(reply.message));
    else pending.resolve(reply);
  }
}

export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
