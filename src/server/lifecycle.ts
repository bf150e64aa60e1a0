/** Server lifecycle shared with requests: draining on shutdown, and the aborter of open streams. */

export class Lifecycle {
  #draining = false;
  readonly #shutdown = new AbortController();
  readonly #onAbortAll = new Set<() => void>();
  #inFlight = 0;
  readonly #idleWaiters: Array<() => void> = [];

  get draining(): boolean {
    return this.#draining;
  }

  /** Aborted when the grace period ends: every open stream closes at once. */
  get shutdownSignal(): AbortSignal {
    return this.#shutdown.signal;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  beginDrain(): void {
    this.#draining = true;
  }

  abortAll(): void {
    this.#shutdown.abort();
    const hooks = [...this.#onAbortAll];
    this.#onAbortAll.clear();
    for (const fn of hooks) fn();
  }

  /**
   * Runs `fn` when the grace period ends (at once if it has); returns the unsubscribe. One Set
   * entry per open request, where AbortSignal.any would build a dependent signal for each.
   */
  onAbortAll(fn: () => void): () => void {
    if (this.#shutdown.signal.aborted) {
      fn();
      return () => {};
    }
    this.#onAbortAll.add(fn);
    return () => this.#onAbortAll.delete(fn);
  }

  /** Tracks one request or stream until the returned function is called. */
  track(): () => void {
    this.#inFlight++;
    let done = false;
    return () => {
      if (!done) {
        done = true;
        this.#inFlight--;
        if (this.#inFlight === 0) this.#idleWaiters.splice(0).forEach((resolve) => resolve());
      }
    };
  }

  /** Resolves when nothing tracked is running (at once when nothing is). */
  idle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }
}
