/**
 * One SSE response, written in steps. A driver decides when steps are due: `sseStream` follows a
 * precomputed timeline (fixed latency mode) on the shared token clock; in engine mode the batch
 * scheduler writes steps as its decode iterations complete. Either way every wake-up writes all
 * due events in one chunk, and while nothing is written for longer than the keepalive interval
 * a ": keepalive" comment is sent.
 */
import type { TickHandle, TokenClock } from "../engine/token_clock.ts";
import type { Clock } from "../util/clock.ts";

export interface StepRenderer {
  /** Text of step k (all events of that step). */
  render(step: number): string;
  /** Text written right after the last step (finish events, usage, [DONE]). */
  closing(): string;
}

export interface StreamScript extends StepRenderer {
  /** Absolute due times (clock ms) of each step. */
  dueAt: readonly number[];
}

export interface StreamOptions {
  clock: Clock;
  tokenClock: TokenClock;
  keepaliveMs: number | null;
  /** Called once: "completed" after the closing text, "aborted" when cut short. */
  onEnd(outcome: "completed" | "aborted"): void;
  /** Called after step k was written, with the clock time of the write. */
  onStep?(step: number, now: number): void;
  /** Aborting this signal (client disconnect, server shutdown) ends the stream at once. */
  signal?: AbortSignal;
}

/** Session options; a driver that sends keepalives itself sets `driverKeepalive`. */
export interface SessionOptions extends StreamOptions {
  driverKeepalive?: boolean;
}

const encoder = new TextEncoder();
const KEEPALIVE = ": keepalive\n\n";

export class SseSession {
  readonly stream: ReadableStream<Uint8Array>;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #next = 0;
  #lastWrite: number;
  #finished = false;
  #keepalive: TickHandle | undefined;
  readonly #cleanups: Array<() => void> = [];
  readonly #onAbort = () => this.abort();

  constructor(private readonly renderer: StepRenderer, private readonly options: SessionOptions) {
    this.#lastWrite = options.clock.now();
    this.stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
        if (options.signal?.aborted) return this.abort();
        options.signal?.addEventListener("abort", this.#onAbort);
        if (options.keepaliveMs !== null && !options.driverKeepalive) {
          this.#scheduleKeepalive(options.keepaliveMs);
        }
      },
      cancel: () => this.#end("aborted"),
    });
  }

  /** Runs `fn` once when the stream ends, however it ends (e.g. a driver cancelling its timer). */
  onFinish(fn: () => void): void {
    if (this.#finished) fn();
    else this.#cleanups.push(fn);
  }

  get finished(): boolean {
    return this.#finished;
  }

  /** Clock time of the last write. */
  get lastWrite(): number {
    return this.#lastWrite;
  }

  /** Sends a keepalive comment if nothing was written for `intervalMs`. */
  keepaliveIfIdle(now: number, intervalMs: number): void {
    if (!this.#finished && now - this.#lastWrite >= intervalMs - 0.5) this.#write(KEEPALIVE, now);
  }

  /** Steps written so far. */
  get written(): number {
    return this.#next;
  }

  /** Writes steps up to (not including) `until` in one chunk; `last` appends the closing text. */
  writeSteps(until: number, now: number, last = false): void {
    if (this.#finished) return;
    const first = this.#next;
    let text = "";
    while (this.#next < until) text += this.renderer.render(this.#next++);
    if (last) text += this.renderer.closing();
    if (text !== "" && !this.#write(text, now)) return;
    for (let step = first; step < this.#next; step++) this.options.onStep?.(step, now);
    if (last) {
      this.#end("completed");
      try {
        this.#controller.close();
      } catch { /* the client went away */ }
    }
  }

  /** Ends the stream at once (client gone, server shutting down, fault). */
  abort(): void {
    this.#end("aborted");
    try {
      this.#controller.close();
    } catch { /* already closed or errored */ }
  }

  #write(text: string, now: number): boolean {
    try {
      this.#controller.enqueue(encoder.encode(text));
      this.#lastWrite = now;
      return true;
    } catch {
      this.#end("aborted");
      return false;
    }
  }

  #scheduleKeepalive(intervalMs: number): void {
    this.#keepalive = this.options.tokenClock.schedule(this.#lastWrite + intervalMs, {
      onDue: (now) => {
        if (this.#finished) return undefined;
        this.keepaliveIfIdle(now, intervalMs);
        return this.#lastWrite + intervalMs;
      },
    });
  }

  #end(outcome: "completed" | "aborted"): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#keepalive?.cancel();
    this.options.signal?.removeEventListener("abort", this.#onAbort);
    for (const fn of this.#cleanups.splice(0)) fn();
    this.options.onEnd(outcome);
  }
}

/** Fixed latency mode: steps follow the precomputed due times on the shared token clock. */
export function sseStream(
  script: StreamScript,
  options: StreamOptions,
): ReadableStream<Uint8Array> {
  const session = new SseSession(script, { ...options, driverKeepalive: true });
  if (session.finished) return session.stream;
  const keepaliveMs = options.keepaliveMs;
  // One token-clock entry per stream: it wakes for the next step or the next keepalive.
  const wakeAt = (next: number) =>
    keepaliveMs === null
      ? script.dueAt[next]
      : Math.min(script.dueAt[next], session.lastWrite + keepaliveMs);
  const ticker = {
    onDue(now: number): number | undefined {
      if (session.finished) return undefined;
      let until = session.written;
      while (until < script.dueAt.length && script.dueAt[until] <= now + 0.5) until++;
      const last = until === script.dueAt.length;
      if (until > session.written) session.writeSteps(until, now, last);
      else if (keepaliveMs !== null) session.keepaliveIfIdle(now, keepaliveMs);
      return last || session.finished ? undefined : wakeAt(until);
    },
  };
  // Steps already due (TTFT 0) are written at once instead of waiting for a timer tick.
  const now = options.clock.now();
  const next = script.dueAt[0] <= now + 0.5 ? ticker.onDue(now) : wakeAt(0);
  if (next === undefined) return session.stream;
  const handle = options.tokenClock.schedule(next, ticker);
  session.onFinish(() => handle.cancel());
  return session.stream;
}
