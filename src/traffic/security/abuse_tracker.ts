/**
 * Per-client violation counting with escalating temporary bans, on the injected clock.
 *
 * `threshold` violations within `windowMs` ban the client for `banMs`; each further ban of the
 * same client doubles, up to `maxBanMs`. A client's record (and so its escalation) is forgotten
 * `maxBanMs` after its last violation, by the periodic cleanup. Memory is bounded: at most
 * `maxTracked` clients are held; a new one evicts the least recently active client that is not
 * banned (the oldest ban only when every tracked client is banned).
 */
import type { Clock, TimerHandle } from "../../util/clock.ts";

export interface AbuseOptions {
  threshold: number;
  windowMs: number;
  banMs: number;
  maxBanMs: number;
  maxTracked: number;
  cleanupIntervalMs: number;
}

export type AbuseEvent = "violations" | "bans" | "blocked";

export interface AbuseTrackerDeps {
  clock: Clock;
  options: AbuseOptions;
  /** Told of every violation, ban and blocked request (the metrics counters). */
  onEvent?: (event: AbuseEvent) => void;
  /** Told of every ban as it starts (a multi-worker server tells its other isolates). */
  onBan?: (client: string, bannedUntil: number) => void;
}

/** What the security middleware asks of abuse detection (AbuseTracker, or BanReplica). */
export interface AbuseCheck {
  /** Remaining ban in ms (0 = not banned). Counts a blocked request when banned. */
  check(client: string): number;
  /**
   * One violation by `client`; a ban decision when it crossed the threshold and is to be logged
   * here (a replica waits for the owner, which logs it).
   */
  recordViolation(client: string): BanDecision | null | Promise<BanDecision | null>;
}

export interface BanDecision {
  /** The client is now banned for this long (ms). */
  banMs: number;
  /** How many times it has been banned (1 for the first ban). */
  offenses: number;
}

interface ClientRecord {
  /** Times of recent violations, oldest first, at most `threshold` entries. */
  hits: number[];
  offenses: number;
  bannedUntil: number;
  /** Last violation or end of the last ban: the record is forgotten maxBanMs after it. */
  lastActivity: number;
}

export class AbuseTracker implements AbuseCheck {
  // Map order is the eviction order: watched clients by last activity, banned ones by ban time.
  readonly #watched = new Map<string, ClientRecord>();
  readonly #banned = new Map<string, ClientRecord>();
  #timer: TimerHandle | null = null;

  readonly clock: Clock;
  readonly options: AbuseOptions;
  readonly onEvent: (event: AbuseEvent) => void;
  readonly #onBan: ((client: string, bannedUntil: number) => void) | undefined;

  constructor(deps: AbuseTrackerDeps) {
    this.clock = deps.clock;
    this.options = deps.options;
    this.onEvent = deps.onEvent ?? (() => {});
    this.#onBan = deps.onBan;
  }

  /** Clients currently held in memory (watched + banned). */
  get size(): number {
    return this.#watched.size + this.#banned.size;
  }

  get bannedCount(): number {
    return this.#banned.size;
  }

  /** Remaining ban in ms (0 = not banned). Counts a blocked request when banned. */
  check(client: string): number {
    const record = this.#banned.get(client);
    if (!record) return 0;
    const remaining = record.bannedUntil - this.clock.now();
    if (remaining > 0) {
      this.onEvent("blocked");
      return remaining;
    }
    this.#unban(client, record);
    return 0;
  }

  /** One violation by `client`; a ban decision when it crossed the threshold. */
  recordViolation(client: string): BanDecision | null {
    const now = this.clock.now();
    this.onEvent("violations");
    const record = this.#touch(client, now);
    // A request that was already in flight when its client got banned: no double counting.
    if (record.bannedUntil > now) return null;
    record.lastActivity = now;
    const hits = record.hits;
    while (hits.length > 0 && hits[0] <= now - this.options.windowMs) hits.shift();
    hits.push(now);
    if (hits.length < this.options.threshold) return null;
    record.offenses++;
    record.hits = [];
    const banMs = Math.min(this.options.maxBanMs, this.options.banMs * 2 ** (record.offenses - 1));
    record.bannedUntil = now + banMs;
    this.#watched.delete(client);
    this.#banned.set(client, record);
    this.onEvent("bans");
    this.#onBan?.(client, record.bannedUntil);
    return { banMs, offenses: record.offenses };
  }

  /** Lifts expired bans and forgets clients quiet for longer than the longest ban. */
  cleanup(): void {
    const now = this.clock.now();
    for (const [client, record] of this.#banned) {
      if (record.bannedUntil <= now) this.#unban(client, record);
    }
    const forgetBefore = now - this.options.maxBanMs;
    for (const [client, record] of this.#watched) {
      if (record.lastActivity <= forgetBefore) this.#watched.delete(client);
      else {
        const hits = record.hits;
        while (hits.length > 0 && hits[0] <= now - this.options.windowMs) hits.shift();
      }
    }
  }

  /** Stops the cleanup timer (records stay). */
  close(): void {
    if (this.#timer !== null) this.clock.clearTimer(this.#timer);
    this.#timer = null;
  }

  #touch(client: string, now: number): ClientRecord {
    const banned = this.#banned.get(client);
    if (banned) return banned;
    let record = this.#watched.get(client);
    if (record) this.#watched.delete(client);
    else {
      if (this.size >= this.options.maxTracked) this.#evictOne();
      record = { hits: [], offenses: 0, bannedUntil: 0, lastActivity: now };
    }
    this.#watched.set(client, record);
    this.#scheduleCleanup();
    return record;
  }

  #evictOne(): void {
    const victims = this.#watched.size > 0 ? this.#watched : this.#banned;
    const oldest = victims.keys().next();
    if (!oldest.done) victims.delete(oldest.value);
  }

  #unban(client: string, record: ClientRecord): void {
    this.#banned.delete(client);
    record.lastActivity = Math.max(record.lastActivity, record.bannedUntil);
    record.bannedUntil = 0;
    // Keeps its offense count (the next ban doubles) until cleanup forgets it.
    this.#watched.set(client, record);
  }

  // The timer runs only while something is tracked, so an idle server holds no timer.
  #scheduleCleanup(): void {
    if (this.#timer !== null) return;
    this.#timer = this.clock.setTimer(() => {
      this.#timer = null;
      this.cleanup();
      if (this.size > 0) this.#scheduleCleanup();
    }, this.options.cleanupIntervalMs);
  }
}
