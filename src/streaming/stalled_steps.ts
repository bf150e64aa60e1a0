/**
 * The `stall:N:MS` fault in engine mode: the engine keeps generating, but every step from N on
 * reaches the client MS later than it was produced (a stalled connection, not a slower model).
 * Fixed mode shifts the planned due times instead.
 */
import type { TickHandle, TokenClock } from "../engine/token_clock.ts";
import type { SseSession } from "./sse_session.ts";

export type StepsWriter = (from: number, to: number, now: number, last: boolean) => void;

export function stalledWriter(
  session: SseSession,
  tokenClock: TokenClock,
  step: number,
  ms: number,
): StepsWriter {
  const held: Array<{ to: number; at: number; last: boolean }> = [];
  let handle: TickHandle | undefined;
  session.onFinish(() => handle?.cancel());
  const release = (now: number): number | undefined => {
    while (held.length > 0 && held[0].at <= now + 0.5) {
      const { to, last } = held.shift()!;
      session.writeSteps(to, now, last);
    }
    if (held.length === 0) handle = undefined;
    return held[0]?.at;
  };
  return (from, to, now, last) => {
    if (to <= step) return session.writeSteps(to, now, last);
    if (from < step) session.writeSteps(step, now, false);
    held.push({ to, at: now + ms, last });
    handle ??= tokenClock.schedule(now + ms, { onDue: release });
  };
}
