/** Long CPU work (encoding minutes of audio) yields between slices so other requests keep flowing. */

/**
 * Resolves on a fresh macrotask, after timers and I/O that are ready (a MessageChannel message
 * is not subject to the 4 ms clamp of nested setTimeout(0) calls). Rejects once `signal` has
 * aborted, so work for a client that went away stops at its next slice.
 */
export function yieldToEventLoop(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      port2.close();
      if (signal?.aborted) reject(signal.reason);
      else resolve();
    };
    port2.postMessage(null);
  });
}
