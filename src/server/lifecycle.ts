/** Server lifecycle shared with requests: draining on shutdown, and the aborter of open streams. */

export class Lifecycle {
  #draining = false;
  readonly #shutdown = new AbortController();
  #inFlight = 0;

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
  }

  /** Tracks one request or stream until the returned function is called. */
  track(): () => void {
    this.#inFlight++;
    let done = false;
    return () => {
      if (!done) {
        done = true;
        this.#inFlight--;
      }
    };
  }
}
