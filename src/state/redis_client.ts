/**
 * A minimal Redis client (RESP2 over Deno.connect), enough for the rate limiter: one shared
 * connection opened on first use, AUTH/SELECT from the URL, a timeout on connecting and on every
 * reply, EVALSHA with EVAL fallback, and reconnection with exponential backoff. While Redis is
 * down, commands fail at once (until the next attempt is due) instead of each waiting for a
 * connect timeout. Error replies reject with RedisError; connection trouble with
 * RedisUnavailableError.
 */
import type { RedisEndpoint } from "../config/redis_url.ts";
import type { Clock } from "../util/clock.ts";
import { message, RedisConnection, RedisError, RedisUnavailableError } from "./redis_connection.ts";
import type { RespValue } from "./resp.ts";

export { RedisError, RedisUnavailableError } from "./redis_connection.ts";

export interface RedisClientOptions {
  endpoint: RedisEndpoint;
  /** Connect timeout, and the longest wait for any reply. */
  timeoutMs: number;
  /** Timers and backoff run on this clock (a ManualClock in tests). */
  clock: Clock;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Called after each successful (re)connection. */
  onConnect?: () => void;
}

export interface LuaScript {
  source: string;
  /** SHA-1 of the source, hex: the name EVALSHA knows it by. */
  sha1: string;
}

export class RedisClient {
  readonly #options: RedisClientOptions;
  readonly #initialBackoff: number;
  readonly #maxBackoff: number;
  #connection: RedisConnection | null = null;
  #connecting: Promise<RedisConnection> | null = null;
  #backoff: number;
  #retryAt = -Infinity;
  #lastError = "";
  #closed = false;

  constructor(options: RedisClientOptions) {
    this.#options = options;
    this.#initialBackoff = options.backoffInitialMs ?? 50;
    this.#maxBackoff = options.backoffMaxMs ?? 2_000;
    this.#backoff = this.#initialBackoff;
  }

  async command(args: readonly (string | number)[]): Promise<RespValue> {
    const connection = await this.#ready();
    return await connection.send(args);
  }

  async ping(): Promise<string> {
    return String(await this.command(["PING"]));
  }

  /** EVALSHA; on NOSCRIPT (a restarted or flushed server) EVAL, which caches it again. */
  async evalScript(
    script: LuaScript,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<RespValue> {
    try {
      return await this.command(["EVALSHA", script.sha1, keys.length, ...keys, ...args]);
    } catch (err) {
      if (!(err instanceof RedisError) || err.code !== "NOSCRIPT") throw err;
      return await this.command(["EVAL", script.source, keys.length, ...keys, ...args]);
    }
  }

  /** Closes the connection; later commands fail. Resolves once the socket is released. */
  async close(): Promise<void> {
    this.#closed = true;
    const pending = this.#connecting;
    const connection = this.#connection;
    connection?.fail(new RedisUnavailableError("redis client closed"));
    await connection?.finished;
    await pending?.then((c) => {
      c.fail(new RedisUnavailableError("redis client closed"));
      return c.finished;
    }, () => {});
  }

  async #ready(): Promise<RedisConnection> {
    if (this.#closed) throw new RedisUnavailableError("redis client closed");
    if (this.#connection?.open) return this.#connection;
    if (!this.#connecting) {
      const wait = this.#retryAt - this.#options.clock.now();
      if (wait > 0) {
        throw new RedisUnavailableError(
          `redis unavailable (${this.#lastError}); next attempt in ${Math.ceil(wait)} ms`,
        );
      }
      this.#connecting = this.#open().finally(() => (this.#connecting = null));
    }
    return await this.#connecting;
  }

  async #open(): Promise<RedisConnection> {
    const { endpoint, clock, timeoutMs } = this.#options;
    let connection: RedisConnection | null = null;
    try {
      const conn = await connectWithTimeout(endpoint, clock, timeoutMs);
      connection = new RedisConnection(
        conn,
        clock,
        timeoutMs,
        (err) => this.#noteFailure(err),
        () => (this.#backoff = this.#initialBackoff),
      );
      if (endpoint.password !== null) {
        await connection.send(
          endpoint.username !== null
            ? ["AUTH", endpoint.username, endpoint.password]
            : ["AUTH", endpoint.password],
        );
      }
      if (endpoint.db !== 0) await connection.send(["SELECT", endpoint.db]);
      if (this.#closed) throw new RedisUnavailableError("redis client closed");
      this.#connection = connection;
      this.#options.onConnect?.();
      return connection;
    } catch (err) {
      // AUTH/SELECT refused: a configuration problem, reported like an outage (and retried).
      const failure = err instanceof RedisUnavailableError
        ? err
        : new RedisUnavailableError(`cannot connect: ${message(err)}`);
      if (connection) {
        connection.fail(failure);
        await connection.finished;
      } else {
        this.#noteFailure(failure);
      }
      throw failure;
    }
  }

  #noteFailure(err: Error): void {
    this.#lastError = err.message;
    this.#retryAt = this.#options.clock.now() + this.#backoff;
    this.#backoff = Math.min(this.#maxBackoff, this.#backoff * 2);
  }
}

async function connectWithTimeout(
  endpoint: RedisEndpoint,
  clock: Clock,
  timeoutMs: number,
): Promise<Deno.Conn> {
  const abort = new AbortController();
  let timedOut!: () => void;
  const timeout = new Promise<never>((_, reject) => {
    timedOut = () => reject(new RedisUnavailableError(`connect timed out after ${timeoutMs} ms`));
  });
  const timer = clock.setTimer(() => {
    abort.abort();
    timedOut();
  }, timeoutMs);
  const { hostname, port } = endpoint;
  const attempt: Promise<Deno.Conn> = endpoint.tls
    ? Deno.connectTls({ hostname, port })
    : Deno.connect({ hostname, port, signal: abort.signal });
  try {
    const conn = await Promise.race([attempt, timeout]);
    if ("setNoDelay" in conn) (conn as Deno.TcpConn).setNoDelay(true);
    return conn;
  } catch (err) {
    // A TLS connection that completes after the timeout is closed, not leaked.
    attempt.then((late) => late.close(), () => {});
    throw err instanceof RedisUnavailableError
      ? err
      : new RedisUnavailableError(`cannot connect: ${message(err)}`);
  } finally {
    clock.clearTimer(timer);
  }
}
