/** Time source. Production uses the system clock; tests inject a ManualClock and advance it. */

export type TimerHandle = number;

export interface Clock {
  /** Milliseconds, monotonic within a process (fractional allowed). */
  now(): number;
  /** Wall-clock milliseconds since the Unix epoch (for `created` fields and logs). */
  wallNow(): number;
  setTimer(callback: () => void, delayMs: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  // Deno returns a number; the cast only silences Node's typings pulled in by npm packages.
  setTimer: (callback, delayMs) =>
    setTimeout(callback, Math.max(0, delayMs)) as unknown as TimerHandle,
  clearTimer: (handle) => clearTimeout(handle as never),
};

/**
 * The system clock of another isolate: `performance.now()` counts from each isolate's own start,
 * so a worker adds the difference of time origins to read the main thread's now().
 */
export function clockOfOrigin(originMs: number): Clock {
  const offset = performance.timeOrigin - originMs;
  return { ...systemClock, now: () => performance.now() + offset };
}

interface PendingTimer {
  handle: TimerHandle;
  due: number;
  callback: () => void;
}

/** A clock that only moves when told to. Timers fire in due order during advance(). */
export class ManualClock implements Clock {
  #now: number;
  #wallOffset: number;
  #nextHandle = 1;
  #timers: PendingTimer[] = [];

  constructor(startMs = 0, wallStartMs = 1_700_000_000_000) {
    this.#now = startMs;
    this.#wallOffset = wallStartMs - startMs;
  }

  now(): number {
    return this.#now;
  }

  wallNow(): number {
    return this.#now + this.#wallOffset;
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const handle = this.#nextHandle++;
    this.#timers.push({ handle, due: this.#now + Math.max(0, delayMs), callback });
    return handle;
  }

  clearTimer(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t.handle !== handle);
  }

  /** Number of timers not yet fired. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Moves time forward by ms, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      let next: PendingTimer | undefined;
      for (const t of this.#timers) {
        if (t.due <= target && (!next || t.due < next.due)) next = t;
      }
      if (!next) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = Math.max(this.#now, next.due);
      next.callback();
    }
    this.#now = target;
  }
}
