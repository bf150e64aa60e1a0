/**
 * One live-metrics subscriber, independent of the transport: pushes a snapshot at once and then
 * every interval (timers from the registry's clock, aimed at absolute due times so frames do not
 * drift), and answers the client's subscribe / unsubscribe / ping messages.
 */
import type { TimerHandle } from "../util/clock.ts";
import type { LiveSources } from "./live_breakdown.ts";
import { filterSnapshot, type LiveSnapshot, liveSnapshot } from "./live_snapshot.ts";
import {
  DEFAULT_SUBSCRIPTION,
  MIN_INTERVAL_MS,
  parseClientMessage,
  type Subscription,
} from "./live_protocol.ts";
import type { MetricsRegistry } from "./registry.ts";

export interface LiveSink {
  send(text: string): void;
  /** Bytes queued but not yet sent to the client. */
  bufferedAmount(): number;
}

/** A client that has this much unsent skips frames until it catches up. */
const MAX_BUFFERED_BYTES = 1 << 20;

/**
 * One snapshot shared by every subscriber for up to the shortest push interval: computing one
 * takes ~0.5 ms, and many clients at 100 ms would otherwise cost a core.
 */
export class SnapshotCache {
  #at = 0;
  #value: LiveSnapshot | null = null;
  #refreshing = false;

  /**
   * `wholeServer`: a multi-worker server's merged registry, fetched from the owner isolate. A
   * stale snapshot is then replaced in the background and served until the new one arrives
   * (frames lag by at most one interval); the first is this isolate's own.
   */
  constructor(
    readonly registry: MetricsRegistry,
    readonly maxAgeMs = MIN_INTERVAL_MS,
    readonly wholeServer?: () => Promise<MetricsRegistry | null>,
    /** Readings outside the registry (KV workers, GPUs). */
    readonly sources: LiveSources = {},
  ) {}

  get(): LiveSnapshot {
    const now = this.registry.clock.now();
    if (!this.#value || now - this.#at >= this.maxAgeMs) {
      if (this.#value && this.wholeServer) this.#refresh(now);
      else {
        this.#value = liveSnapshot(this.registry, this.sources);
        this.#at = now;
      }
    }
    return this.#value;
  }

  #refresh(now: number): void {
    if (this.#refreshing) return;
    this.#refreshing = true;
    this.wholeServer!().then((merged) => {
      this.#value = liveSnapshot(merged ?? this.registry, this.sources);
      this.#at = now;
    }).finally(() => (this.#refreshing = false));
  }
}

export class LiveMetricsSession {
  #subscription: Subscription = DEFAULT_SUBSCRIPTION;
  #pushing = false;
  #closed = false;
  #timer: TimerHandle | null = null;
  #nextDue = 0;

  constructor(
    readonly registry: MetricsRegistry,
    readonly sink: LiveSink,
    readonly snapshots: SnapshotCache = new SnapshotCache(registry),
  ) {}

  get subscription(): Subscription {
    return this.#subscription;
  }

  /** Pushing snapshots (false after unsubscribe, until the next subscribe). */
  get pushing(): boolean {
    return this.#pushing;
  }

  start(): void {
    this.#startPushing();
  }

  receive(data: unknown): void {
    if (this.#closed) return;
    if (typeof data !== "string") {
      this.#send({ type: "error", message: "Binary messages are not supported; send JSON text." });
      return;
    }
    const msg = parseClientMessage(data);
    switch (msg.type) {
      case "invalid":
        this.#send({ type: "error", message: msg.message });
        return;
      case "ping":
        this.#send({ type: "pong", timestamp: this.#timestamp() });
        return;
      case "unsubscribe":
        this.#stopPushing();
        this.#send({ type: "unsubscribed", timestamp: this.#timestamp() });
        return;
      case "subscribe": {
        const s = msg.subscription;
        this.#subscription = s;
        this.#send({
          type: "subscribed",
          interval_ms: s.intervalMs,
          metrics: s.metrics,
          models: s.models,
        });
        this.#startPushing();
      }
    }
  }

  close(): void {
    this.#closed = true;
    this.#stopPushing();
  }

  #startPushing(): void {
    if (this.#closed) return;
    this.#stopPushing();
    this.#pushing = true;
    this.#nextDue = this.registry.clock.now();
    this.#tick();
  }

  #stopPushing(): void {
    this.#pushing = false;
    if (this.#timer !== null) this.registry.clock.clearTimer(this.#timer);
    this.#timer = null;
  }

  #tick = (): void => {
    this.#timer = null;
    if (!this.#pushing || this.#closed) return;
    if (this.sink.bufferedAmount() <= MAX_BUFFERED_BYTES) {
      const { metrics, models } = this.#subscription;
      this.#send(filterSnapshot(this.snapshots.get(), metrics, models));
    }
    const clock = this.registry.clock;
    this.#nextDue += this.#subscription.intervalMs;
    // Fallen behind (a stalled event loop): skip the missed frames instead of bursting them.
    if (this.#nextDue <= clock.now()) this.#nextDue = clock.now() + this.#subscription.intervalMs;
    this.#timer = clock.setTimer(this.#tick, this.#nextDue - clock.now());
  };

  #send(frame: Record<string, unknown>): void {
    this.sink.send(JSON.stringify(frame));
  }

  #timestamp(): string {
    return new Date(this.registry.clock.wallNow()).toISOString();
  }
}
