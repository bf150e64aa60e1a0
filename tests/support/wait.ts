/**
 * Waiting in tests, bounded: `tick()` lets queued work run for one macrotask (time on a
 * ManualClock does not move), and `waitFor` polls a check until it holds, throwing when it runs
 * out instead of letting the test carry on.
 */

/** One macrotask: pending promises, I/O callbacks and zero-delay timers get to run. */
export function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export interface WaitOptions {
  /** Checks before giving up (default 1000). */
  attempts?: number;
  /** Wall-clock pause between checks in ms; 0 (the default) waits one tick(). */
  intervalMs?: number;
}

type Pending = undefined | null | false;

/**
 * Calls `check` until it returns something other than undefined, null or false, and returns that.
 * When every attempt is spent it throws "timed out waiting for <what>". An error thrown by
 * `check` ends the wait at once. `what` may be a function, to describe the state at the end.
 */
export async function waitFor<T>(
  what: string | (() => string),
  check: () => T | Pending | Promise<T | Pending>,
  options: WaitOptions = {},
): Promise<T> {
  const { attempts = 1000, intervalMs = 0 } = options;
  for (let i = 0; i < attempts; i++) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (intervalMs > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
    else await tick();
  }
  const description = typeof what === "string" ? what : what();
  throw new Error(`timed out waiting for ${description} (${attempts} checks)`);
}
