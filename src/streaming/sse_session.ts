/**
 * One SSE response, written in steps. A driver decides when steps are due: `sseStream`
 * (sse_fixed_driver.ts) follows a precomputed timeline (fixed latency mode) on the shared token
 * clock; in engine mode the batch scheduler writes steps as its decode iterations complete.
 * Either way every wake-up writes all due events in one chunk, and while nothing is written for
 * longer than the keepalive interval a ": keepalive" comment is sent. A stream can also end
 * early: with an SSE error event (`fail`: limits, the `error` fault) or a broken connection
 * (`drop`: the `disconnect` fault); the `malformed` fault slips one corrupted event in.
 */
import type { StepSchedule } from "./step_schedule.ts";
import type { TickHandle, TokenClock } from "../engine/token_clock.ts";
import type { Clock } from "../util/clock.ts";
import type { EndReason } from "../timing/timing_record.ts";
import { ConnectionDropped } from "./connection_drop.ts";
import {
  dataErrorEvent,
  malformedCopy,
  MID_STREAM_SERVER_ERROR,
  type StreamErrorInfo,
} from "./stream_errors.ts";

export interface StepRenderer {
  /** Text of step k (all events of that step). */
  render(step: number): string;
  /** Text written right after the last step (finish events, usage, [DONE]). */
  closing(): string;
  /** An error event that ends the stream early; chat's `data: {"error":…}` when absent. */
  errorEvent?(error: StreamErrorInfo): string;
}

export interface StreamScript extends StepRenderer {
  /** When each step is due. */
  schedule: StepSchedule;
}

/** A fault applied when `step` steps have been written (past the end: before the closing text). */
export interface StepFault {
  kind: "disconnect" | "error" | "malformed";
  step: number;
}

export interface StreamOptions {
  clock: Clock;
  tokenClock: TokenClock;
  keepaliveMs: number | null;
  /**
   * Called once: "completed" after the closing text, "aborted" when cut short; `reason` says why
   * (done, client_disconnect, fault, timeout, error, shutdown).
   */
  onEnd(outcome: "completed" | "aborted", reason: EndReason): void;
  /** Called after steps `from` .. `to - 1` were written in one chunk, with the write's clock time. */
  onSteps?(from: number, to: number, now: number): void;
  /** Aborting this signal (client disconnect) ends the stream at once. */
  signal?: AbortSignal;
  /** Subscribes to the server's shutdown (ends the stream at once too); returns the unsubscribe. */
  onShutdown?: (abort: () => void) => () => void;
  fault?: StepFault;
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
  #lastStepAt: number;
  #finished = false;
  #fault: StepFault | undefined;
  #malformNext = false;
  #dropping = false;
  #keepalive: TickHandle | undefined;
  readonly #cleanups: Array<() => void> = [];
  readonly #onAbort = () => this.abort();
  readonly #onShutdown = () => this.abort("shutdown");
  #offShutdown: (() => void) | undefined;

  constructor(private readonly renderer: StepRenderer, private readonly options: SessionOptions) {
    this.#lastWrite = this.#lastStepAt = options.clock.now();
    this.#fault = options.fault;
    this.stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
        if (options.signal?.aborted) return this.abort();
        options.signal?.addEventListener("abort", this.#onAbort);
        this.#offShutdown = options.onShutdown?.(this.#onShutdown);
        if (options.keepaliveMs !== null && !options.driverKeepalive) {
          this.#scheduleKeepalive(options.keepaliveMs);
        }
      },
      // A drop waits until the client has read what was written before it (erroring a stream
      // discards its queued chunks).
      pull: (controller) => {
        if (this.#dropping) controller.error(new ConnectionDropped());
      },
      cancel: () => this.#end("aborted", "client_disconnect"),
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

  /** Clock time of the last write (keepalives included). */
  get lastWrite(): number {
    return this.#lastWrite;
  }

  /** Clock time the last step was written (the session's start before the first). */
  get lastStepAt(): number {
    return this.#lastStepAt;
  }

  /** Sends a keepalive comment if nothing was written for `intervalMs`. */
  keepaliveIfIdle(now: number, intervalMs: number): void {
    if (!this.#finished && now - this.#lastWrite >= intervalMs - 0.5) this.#write(KEEPALIVE, now);
  }

  /** Steps written so far. */
  get written(): number {
    return this.#next;
  }

  /**
   * Writes steps up to (not including) `until` in one chunk; `last` appends the closing text.
   * A step that fails to render ends the stream with one SSE error event (the status went out
   * with the first byte), so the stream and everything it holds never stay open.
   */
  writeSteps(until: number, now: number, last = false): void {
    try {
      this.#writeStepsWithFault(until, now, last);
    } catch {
      this.fail(MID_STREAM_SERVER_ERROR, now, "error");
    }
  }

  #writeStepsWithFault(until: number, now: number, last: boolean): void {
    const fault = this.#fault;
    if (fault === undefined || (until <= fault.step && !last)) {
      return this.#writeSteps(until, now, last);
    }
    this.#fault = undefined;
    this.#writeSteps(Math.min(fault.step, until), now, false);
    if (this.#finished) return;
    if (fault.kind === "disconnect") return this.drop();
    if (fault.kind === "error") return this.fail(MID_STREAM_SERVER_ERROR, now, "fault");
    this.#malformNext = true;
    this.#writeSteps(until, now, last);
  }

  /**
   * Ends the stream with an SSE error event, then closes it (a clean end without [DONE]). The
   * reason defaults from the error: the streaming limits' codes are a timeout, others an error.
   */
  fail(error: StreamErrorInfo, now: number, reason: EndReason = failReason(error)): void {
    if (this.#finished) return;
    const text = this.renderer.errorEvent?.(error) ?? dataErrorEvent(error);
    if (!this.#write(text, now)) return;
    this.abort(reason);
  }

  /** Breaks the connection (the disconnect fault): the client sees an aborted transfer. */
  drop(): void {
    if (this.#finished) return;
    this.#end("aborted", "fault");
    if ((this.#controller.desiredSize ?? 0) > 0) this.#controller.error(new ConnectionDropped());
    else this.#dropping = true;
  }

  /** Ends the stream at once (client gone, server shutting down: `reason`). */
  abort(reason: EndReason = "client_disconnect"): void {
    this.#end("aborted", reason);
    try {
      this.#controller.close();
    } catch { /* already closed or errored */ }
  }

  #writeSteps(until: number, now: number, last: boolean): void {
    if (this.#finished) return;
    const first = this.#next;
    let text = "";
    while (this.#next < until) text += this.renderer.render(this.#next++);
    if (last) text += this.renderer.closing();
    if (this.#malformNext && text !== "") {
      this.#malformNext = false;
      text = malformedCopy(text) + text;
    }
    if (text !== "" && !this.#write(text, now)) return;
    if (this.#next > first) {
      this.#lastStepAt = now;
      this.options.onSteps?.(first, this.#next, now);
    }
    if (last) {
      this.#end("completed", "done");
      try {
        this.#controller.close();
      } catch { /* the client went away */ }
    }
  }

  #write(text: string, now: number): boolean {
    try {
      this.#controller.enqueue(encoder.encode(text));
      this.#lastWrite = now;
      return true;
    } catch {
      this.#end("aborted", "client_disconnect");
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

  #end(outcome: "completed" | "aborted", reason: EndReason): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#keepalive?.cancel();
    this.options.signal?.removeEventListener("abort", this.#onAbort);
    this.#offShutdown?.();
    for (const fn of this.#cleanups.splice(0)) fn();
    this.options.onEnd(outcome, reason);
  }
}

function failReason(error: StreamErrorInfo): EndReason {
  return error.code === "stream_timeout" || error.code === "token_timeout" ? "timeout" : "error";
}
