/** Waits on the injected clock; rejects with the signal's reason when aborted. */
import type { Clock } from "./clock.ts";

/** Subscribes a callback to a second way of being cut short; returns the unsubscribe. */
export type AbortHook = (onAbort: () => void) => () => void;

/**
 * `signal` (e.g. the client's) and `alsoAbort` (e.g. the end of the server's grace period) both
 * cut the wait short: two cheap subscriptions instead of an AbortSignal.any per wait.
 */
export function sleep(
  clock: Clock,
  ms: number,
  signal?: AbortSignal,
  alsoAbort?: AbortHook,
): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    let unhook = () => {};
    const onAbort = () => {
      clock.clearTimer(handle);
      signal?.removeEventListener("abort", onAbort);
      unhook();
      reject(signal?.aborted ? signal.reason : abortError());
    };
    const handle = clock.setTimer(() => {
      signal?.removeEventListener("abort", onAbort);
      unhook();
      resolve();
    }, ms);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    if (alsoAbort) unhook = alsoAbort(onAbort);
  });
}

function abortError(): DOMException {
  return new DOMException("aborted", "AbortError");
}
