/**
 * Long CPU work (encoding minutes of audio, tokenizing a huge prompt) runs in slices of at most
 * SLICE_MS and yields between them, so every other request and stream keeps its timing.
 *
 * The yield is a timer: Deno polls sockets between timer phases, whereas MessageChannel
 * messages and setImmediate run before the poll, so a loop yielding through them still starved
 * every connection (a /health took 13–38 s behind one long speech request, and the client's
 * disconnect was never seen).
 */

/** The longest stretch of work between two yields. */
export const SLICE_MS = 8;

/** Resolves after the event loop has polled I/O; rejects once `signal` has aborted. */
export function yieldToEventLoop(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    setTimeout(() => (signal?.aborted ? reject(signal.reason) : resolve()), 0);
  });
}

/**
 * Call `slice()` between small units of work: it yields once SLICE_MS have passed since the last
 * yield, and throws the abort reason as soon as the client has gone.
 */
export function timeSlicer(
  signal?: AbortSignal,
  now: () => number = () => performance.now(),
): () => Promise<void> {
  let sliceStart = now();
  return async () => {
    signal?.throwIfAborted();
    if (now() - sliceStart < SLICE_MS) return;
    await yieldToEventLoop(signal);
    sliceStart = now();
  };
}
