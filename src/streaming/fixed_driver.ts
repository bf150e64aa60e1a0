/**
 * Fixed latency mode: a stream's steps follow precomputed due times on the shared token clock,
 * with one token-clock entry per stream that wakes for the next step or the next keepalive.
 * A `cutoff` (stream limits) ends the stream with an error event at a known time instead.
 */
import type { StreamErrorInfo } from "./stream_errors.ts";
import { SseSession, type StreamOptions, type StreamScript } from "./sse_session.ts";

export interface Cutoff {
  /** Clock time at which the stream fails. */
  at: number;
  /** Steps written before it (those due no later than `at`). */
  steps: number;
  error: StreamErrorInfo;
}

export function sseStream(
  script: StreamScript,
  options: StreamOptions & { cutoff?: Cutoff | null },
): ReadableStream<Uint8Array> {
  const session = new SseSession(script, { ...options, driverKeepalive: true });
  if (session.finished) return session.stream;
  const { schedule } = script;
  const cutoff = options.cutoff ?? null;
  const end = cutoff ? cutoff.steps : schedule.steps;
  const keepaliveMs = options.keepaliveMs;
  const wakeAt = (next: number) => {
    const due = next < end ? schedule.dueAt(next) : cutoff!.at;
    return keepaliveMs === null ? due : Math.min(due, session.lastWrite + keepaliveMs);
  };
  const ticker = {
    onDue(now: number): number | undefined {
      if (session.finished) return undefined;
      let until = session.written;
      while (until < end && schedule.dueAt(until) <= now + 0.5) until++;
      const last = cutoff === null && until === schedule.steps;
      if (until > session.written) session.writeSteps(until, now, last);
      else if (keepaliveMs !== null) session.keepaliveIfIdle(now, keepaliveMs);
      if (cutoff && until === end && cutoff.at <= now + 0.5) session.fail(cutoff.error, now);
      return last || session.finished ? undefined : wakeAt(until);
    },
  };
  // Steps already due (TTFT 0) are written at once instead of waiting for a timer tick.
  const now = options.clock.now();
  const first = wakeAt(0);
  const next = first <= now + 0.5 ? ticker.onDue(now) : first;
  if (next === undefined) return session.stream;
  const handle = options.tokenClock.schedule(next, ticker);
  session.onFinish(() => handle.cancel());
  return session.stream;
}
