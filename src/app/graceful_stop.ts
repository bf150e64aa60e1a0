/**
 * How one listening isolate stops on SIGINT/SIGTERM: keep listening while running requests
 * finish (for at most the grace period), so that load balancers see `/health` answer 503 and new
 * requests a 503 with `connection: close` and `retry-after` rather than refused connections; then
 * abort what is still open, close the listener, and give up on connections that outlive that by
 * AFTER_GRACE_MS (a client still sending its body, an idle keep-alive the runtime will not close)
 * so they cannot keep the process alive.
 */
import type { Lifecycle } from "../server/lifecycle.ts";
import type { Logger } from "../util/logger.ts";

/** After the grace period has aborted every stream: how long closing connections may take. */
const AFTER_GRACE_MS = 1_000;

export class GracefulStop {
  #stopping = false;
  #giveUp = () => {};
  readonly #timers: ReturnType<typeof setTimeout>[] = [];
  /** Resolves when connections are still open AFTER_GRACE_MS after the grace period. */
  readonly gaveUp = new Promise<void>((resolve) => (this.#giveUp = resolve));

  constructor(
    private readonly lifecycle: Lifecycle,
    private readonly graceSeconds: number,
    private readonly logger: Logger,
  ) {}

  get stopping(): boolean {
    return this.#stopping;
  }

  /** Starts draining (once); resolves when `server` has shut down. */
  async stop(server: Deno.HttpServer | undefined, fields: Record<string, unknown>): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    const { lifecycle, logger } = this;
    logger.info("shutting down", {
      ...fields,
      in_flight: lifecycle.inFlight,
      grace_seconds: this.graceSeconds,
    });
    lifecycle.beginDrain();
    let graceOver = () => {};
    const grace = new Promise<void>((resolve) => (graceOver = resolve));
    this.#timers.push(setTimeout(() => {
      graceOver();
      logger.warn("grace period over: closing open streams", { in_flight: lifecycle.inFlight });
      lifecycle.abortAll();
      this.#timers.push(setTimeout(() => {
        logger.warn("connections still open after the grace period: exiting anyway", {
          in_flight: lifecycle.inFlight,
        });
        this.#giveUp();
      }, AFTER_GRACE_MS));
    }, this.graceSeconds * 1000));
    await Promise.race([lifecycle.idle(), grace]);
    await server?.shutdown();
    this.clear();
  }

  /** Cancels the pending grace timers. */
  clear(): void {
    this.#timers.forEach(clearTimeout);
  }
}
