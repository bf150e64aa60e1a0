/**
 * Abuse detection in a worker isolate of a multi-worker server: the owner isolate keeps the one
 * AbuseTracker (counts, escalation, bans). A worker reports each violation to it and keeps a copy
 * of the bans the owner announces, so checking a client costs one Map lookup and no message, and a
 * client banned through any worker is refused by every worker.
 */
import type { Clock } from "../../util/clock.ts";
import type { AbuseCheck, AbuseEvent, BanDecision } from "./abuse_tracker.ts";

export interface BanReplicaDeps {
  clock: Clock;
  /** Sends one violation to the owner's tracker; resolves once the owner has decided. */
  report(client: string): Promise<unknown>;
  /** Counts blocked requests (the owner counts violations and bans). */
  onEvent?: (event: AbuseEvent) => void;
}

export class BanReplica implements AbuseCheck {
  /** Client → clock time its ban ends. */
  readonly #bans = new Map<string, number>();

  constructor(private readonly deps: BanReplicaDeps) {}

  get size(): number {
    return this.#bans.size;
  }

  /** The owner banned `client` until `bannedUntil` (clock ms, one time base for all isolates). */
  ban(client: string, bannedUntil: number): void {
    this.#bans.set(client, bannedUntil);
  }

  check(client: string): number {
    const until = this.#bans.get(client);
    if (until === undefined) return 0;
    const remaining = until - this.deps.clock.now();
    if (remaining <= 0) {
      this.#bans.delete(client);
      return 0;
    }
    this.deps.onEvent?.("blocked");
    return remaining;
  }

  /**
   * Reported to the owner, which decides, logs and announces any ban before it answers: the
   * client's next request finds the ban in force whichever isolate takes it.
   */
  async recordViolation(client: string): Promise<BanDecision | null> {
    this.#sweep();
    await this.deps.report(client).catch(() => {}); // the owner gone: nothing to enforce
    return null;
  }

  /** Bans of clients never seen again would stay: drop the expired ones now and then. */
  #sweep(): void {
    if (this.#bans.size < 64) return;
    const now = this.deps.clock.now();
    for (const [client, until] of this.#bans) if (until <= now) this.#bans.delete(client);
  }
}
