/**
 * What SIGHUP does: a list of named reload actions (re-read the API keys files, reopen log files,
 * ...). Each action is isolated — one failing does not stop the others — and reloads never overlap:
 * a SIGHUP during a reload runs the whole list again afterwards. Connections are not touched.
 */
import type { Logger } from "../util/logger.ts";

export type ReloadAction = () => void | Promise<void>;

export class ReloadHooks {
  readonly #hooks: Array<{ name: string; action: ReloadAction }> = [];
  #queue: Promise<void> = Promise.resolve();

  constructor(private readonly logger: Logger) {}

  add(name: string, action: ReloadAction): void {
    this.#hooks.push({ name, action });
  }

  get names(): string[] {
    return this.#hooks.map((h) => h.name);
  }

  /** Runs every action once, in the order added, after any reload already under way. */
  run(trigger: string): Promise<void> {
    this.#queue = this.#queue.then(() => this.#runAll(trigger));
    return this.#queue;
  }

  async #runAll(trigger: string): Promise<void> {
    this.logger.info("reloading", { signal: trigger, actions: this.names });
    for (const { name, action } of this.#hooks) {
      try {
        await action();
      } catch (err) {
        this.logger.error("reload action failed", {
          action: name,
          error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
        });
      }
    }
  }
}
