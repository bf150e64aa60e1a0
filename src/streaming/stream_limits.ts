/**
 * Streaming limits (FAKEAI_STREAM_TIMEOUT_SECONDS, FAKEAI_STREAM_TOKEN_TIMEOUT_SECONDS): a stream
 * still running at its total limit, or whose next token is not written within the token limit
 * of the previous one (or of the stream's start), ends at that limit with an SSE error event.
 * Keepalive comments do not count as tokens. 0 disables a limit.
 */
import type { TokenClock } from "../engine/token_clock.ts";
import type { Cutoff } from "./fixed_driver.ts";
import type { SseSession } from "./sse_session.ts";
import type { StepSchedule } from "./step_schedule.ts";
import { type StreamErrorInfo, streamTimeoutError, tokenTimeoutError } from "./stream_errors.ts";

export interface StreamLimits {
  /** Clock time the stream started (its headers were sent). */
  startedAt: number;
  totalSeconds: number;
  tokenSeconds: number;
}

/** The limit that applies first, given the last token's time. */
function deadline(limits: StreamLimits, lastTokenAt: number): { at: number; token: boolean } {
  const total = limits.totalSeconds > 0 ? limits.startedAt + limits.totalSeconds * 1000 : Infinity;
  const token = limits.tokenSeconds > 0 ? lastTokenAt + limits.tokenSeconds * 1000 : Infinity;
  return token < total ? { at: token, token: true } : { at: total, token: false };
}

function limitError(limits: StreamLimits, token: boolean): StreamErrorInfo {
  return token ? tokenTimeoutError(limits.tokenSeconds) : streamTimeoutError(limits.totalSeconds);
}

/** Bounds closer to a limit than this are checked step by step (rounding of the sums). */
const BOUNDS_MARGIN_MS = 0.001;

/** Fixed mode: where the planned timeline first breaks a limit, or null when it never does. */
export function fixedCutoff(schedule: StepSchedule, limits: StreamLimits): Cutoff | null {
  const totalAt = limits.totalSeconds > 0
    ? limits.startedAt + limits.totalSeconds * 1000
    : Infinity;
  const tokenMs = limits.tokenSeconds > 0 ? limits.tokenSeconds * 1000 : Infinity;
  if (totalAt === Infinity && tokenMs === Infinity) return null;
  // Well within both limits (the usual case): no step can break one, so none is looked at.
  const { first, last, largestGap } = schedule.bounds;
  if (
    last < totalAt - BOUNDS_MARGIN_MS && first < limits.startedAt + tokenMs - BOUNDS_MARGIN_MS &&
    largestGap < tokenMs - BOUNDS_MARGIN_MS
  ) return null;
  let previous = limits.startedAt;
  for (let step = 0; step < schedule.steps; step++) {
    const due = schedule.dueAt(step);
    if (due > totalAt || due > previous + tokenMs) {
      const limit = deadline(limits, previous);
      return { at: limit.at, steps: step, error: limitError(limits, limit.token) };
    }
    previous = due;
  }
  return null;
}

/**
 * Engine mode: when a step is written is only known as it happens, so a watchdog on the token
 * clock wakes at the current deadline. At the deadline it lets every other entry due at that
 * instant run first (a token due exactly at the limit still counts), then fails the stream if
 * no token came.
 */
export function watchStreamLimits(
  session: SseSession,
  tokenClock: TokenClock,
  limits: StreamLimits,
): void {
  if (limits.totalSeconds <= 0 && limits.tokenSeconds <= 0) return;
  let armedFor = -1;
  const handle = tokenClock.schedule(deadline(limits, session.lastStepAt).at, {
    onDue(now) {
      if (session.finished) return undefined;
      const limit = deadline(limits, session.lastStepAt);
      if (limit.at > now + 0.5) return limit.at;
      if (armedFor !== limit.at) {
        armedFor = limit.at;
        return now + 0.5; // requeued behind every entry due at this instant
      }
      session.fail(limitError(limits, limit.token), now);
      return undefined;
    },
  });
  session.onFinish(() => handle.cancel());
}
