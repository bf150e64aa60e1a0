/**
 * Drives one SSE response from a plan's timeline on the shared token clock. Nothing is written
 * before the first step is due; every wake-up writes all events that are due in one chunk; while
 * waiting longer than the keepalive interval, ": keepalive" comments are sent.
 */
import type { TokenClock } from "../engine/token_clock.ts";
import type { Clock } from "../util/clock.ts";

export interface StreamScript {
  /** Absolute due times (clock ms) of each step. */
  dueAt: readonly number[];
  /** Text of step k (all events of that step). */
  render(step: number): string;
  /** Text written right after the last step (finish events, usage, [DONE]). */
  closing(): string;
}

export interface StreamOptions {
  clock: Clock;
  tokenClock: TokenClock;
  keepaliveMs: number | null;
  /** Called once: "completed" after [DONE], "aborted" when the client went away first. */
  onEnd(outcome: "completed" | "aborted"): void;
  /** Aborting this signal (client disconnect, server shutdown) ends the stream at once. */
  signal?: AbortSignal;
}

const encoder = new TextEncoder();
const KEEPALIVE = ": keepalive\n\n";

export function sseStream(
  script: StreamScript,
  options: StreamOptions,
): ReadableStream<Uint8Array> {
  let next = 0;
  let lastWrite = options.clock.now();
  let finished = false;
  let handle: { cancel(): void } | undefined;

  const end = (outcome: "completed" | "aborted") => {
    if (finished) return;
    finished = true;
    handle?.cancel();
    options.signal?.removeEventListener("abort", onAbort);
    options.onEnd(outcome);
  };
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const onAbort = () => {
    end("aborted");
    try {
      controller.close();
    } catch {
      // already closed or errored
    }
  };

  return new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener("abort", onAbort);
      handle = options.tokenClock.schedule(wakeAt(), {
        onDue(now) {
          if (finished) return undefined;
          let text = "";
          while (next < script.dueAt.length && script.dueAt[next] <= now + 0.5) {
            text += script.render(next++);
          }
          const done = next === script.dueAt.length;
          if (done) text += script.closing();
          if (
            text === "" && options.keepaliveMs !== null && now - lastWrite >= options.keepaliveMs
          ) {
            text = KEEPALIVE;
          }
          if (text !== "") {
            lastWrite = now;
            try {
              controller.enqueue(encoder.encode(text));
            } catch {
              end("aborted");
              return undefined;
            }
          }
          if (done) {
            end("completed");
            controller.close();
            return undefined;
          }
          return wakeAt();
        },
      });
    },
    cancel() {
      end("aborted");
    },
  });

  function wakeAt(): number {
    const due = script.dueAt[next];
    if (options.keepaliveMs === null) return due;
    return Math.min(due, lastWrite + options.keepaliveMs);
  }
}
