/**
 * One worker's continuous-batching loop on the shared token clock (see engine_profiles.ts for
 * the formulas). Sequences wait (FIFO) while max_num_seqs run; a running sequence prefills,
 * then joins the decode batch at the next step boundary and emits one step per decode step.
 * Deterministic for a given arrival pattern on an injected clock.
 */
import type { Clock } from "../../util/clock.ts";
import type { TickHandle, TokenClock } from "../token_clock.ts";
import { decodeStepMs, type EngineProfile, prefillMs } from "./engine_profiles.ts";

export interface SequenceHooks {
  /** The sequence left the queue and starts prefilling; `queuedMs` is its wait. */
  onStart(queuedMs: number, prefillMs: number, now: number): void;
  /**
   * Steps [from, to) were produced at `now`; `done` when it was the last. `dueAt` is when their
   * decode step was scheduled (≤ now: a late timer makes the difference).
   */
  onSteps(from: number, to: number, now: number, done: boolean, dueAt: number): void;
}

export interface SequenceRequest {
  /** Emission steps (plan.steps). */
  steps: number;
  uncachedTokens: number;
  hooks: SequenceHooks;
}

interface Entry {
  request: SequenceRequest;
  submittedAt: number;
  readyAt: number;
  emitted: number;
  cancelled: boolean;
}

export interface SequenceHandle {
  cancel(): void;
}

export interface WorkerSchedulerDeps {
  /** The worker's number (its KV-cache worker). */
  index: number;
  profile: EngineProfile;
  /** Sequences that may wait for a batch slot; beyond it submit() refuses. */
  maxQueue: number;
  clock: Clock;
  tokenClock: TokenClock;
}

export class WorkerScheduler {
  readonly #running: Entry[] = [];
  readonly #waiting: Entry[] = [];
  #timer: TickHandle | undefined;
  #timerAt = Infinity;
  /** Time of the decode step in progress or last completed; -Infinity when idle. */
  #nextStepAt = -Infinity;

  readonly index: number;
  readonly profile: EngineProfile;
  readonly maxQueue: number;
  private readonly clock: Clock;
  private readonly tokenClock: TokenClock;

  constructor(deps: WorkerSchedulerDeps) {
    this.index = deps.index;
    this.profile = deps.profile;
    this.maxQueue = deps.maxQueue;
    this.clock = deps.clock;
    this.tokenClock = deps.tokenClock;
  }

  get running(): number {
    return this.#running.length;
  }
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Admits a sequence, or returns null when the queue is full. */
  submit(request: SequenceRequest): SequenceHandle | null {
    const now = this.clock.now();
    const entry: Entry = {
      request,
      submittedAt: now,
      readyAt: Infinity,
      emitted: 0,
      cancelled: false,
    };
    if (this.#running.length < this.profile.maxNumSeqs) this.#start(entry, now);
    else if (this.#waiting.length < this.maxQueue) this.#waiting.push(entry);
    else return null;
    this.#rearm(now);
    return {
      cancel: () => {
        if (entry.cancelled) return;
        entry.cancelled = true;
        const at = this.#running.indexOf(entry);
        if (at !== -1) this.#running.splice(at, 1);
        else this.#waiting.splice(this.#waiting.indexOf(entry), 1);
        const t = this.clock.now();
        this.#promote(t);
        this.#rearm(t);
      },
    };
  }

  #start(entry: Entry, now: number): void {
    const prefill = prefillMs(this.profile, entry.request.uncachedTokens);
    entry.readyAt = now + prefill;
    this.#running.push(entry);
    entry.request.hooks.onStart(now - entry.submittedAt, prefill, now);
  }

  #promote(now: number): void {
    while (this.#running.length < this.profile.maxNumSeqs && this.#waiting.length > 0) {
      this.#start(this.#waiting.shift()!, now);
    }
  }

  /**
   * Runs one decode step for every sequence whose prefill is done. `stepAt` is when the step was
   * scheduled: the next one is timed from it, so a late timer never stretches the ITL.
   */
  #step(now: number, stepAt: number): void {
    const batch = this.#running.filter((e) => e.readyAt <= now + 0.5);
    for (const entry of batch) {
      if (entry.cancelled) continue;
      entry.emitted++;
      const done = entry.emitted >= entry.request.steps;
      if (done) {
        entry.cancelled = true;
        this.#running.splice(this.#running.indexOf(entry), 1);
      }
      entry.request.hooks.onSteps(entry.emitted - 1, entry.emitted, now, done, stepAt);
    }
    this.#promote(now);
    const decoding = this.#running.filter((e) => e.readyAt <= now + 0.5).length;
    // With nobody left decoding the loop idles until the next prefill completes.
    this.#nextStepAt = decoding > 0 ? stepAt + decodeStepMs(this.profile, decoding) : -Infinity;
  }

  /** When the loop must wake next: the next step while decoding, else the earliest prefill end. */
  #wakeTime(now: number): number {
    if (this.#running.length === 0) return Infinity;
    const decoding = this.#running.some((e) => e.readyAt <= now + 0.5);
    const earliestReady = Math.min(...this.#running.map((e) => e.readyAt));
    if (this.#nextStepAt > now) return this.#nextStepAt;
    return decoding ? now : Math.max(now, earliestReady);
  }

  #rearm(now: number): void {
    const at = this.#wakeTime(now);
    if (at === this.#timerAt && this.#timer) return;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#timerAt = at;
    if (at === Infinity) return;
    this.#timer = this.tokenClock.schedule(at, {
      onDue: (t) => {
        this.#timer = undefined;
        this.#timerAt = Infinity;
        this.#step(t, Math.min(at, t));
        this.#rearm(t);
        return undefined;
      },
    });
  }
}
