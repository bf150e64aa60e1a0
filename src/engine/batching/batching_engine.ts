/** Engine latency mode: one continuous-batching scheduler per worker, on the shared token clock. */
import type { Config } from "../../config/schema.ts";
import type { Clock } from "../../util/clock.ts";
import type { TokenClock } from "../token_clock.ts";
import { ENGINE_PROFILES, type EngineProfile } from "./engine_profiles.ts";
import { type SequenceHandle, type SequenceRequest, WorkerScheduler } from "./worker_scheduler.ts";

export function engineProfile(config: Config): EngineProfile {
  const base = ENGINE_PROFILES[config.engineProfile];
  return {
    maxNumSeqs: config.engineMaxNumSeqs ?? base.maxNumSeqs,
    prefillBaseMs: config.enginePrefillBaseMs ?? base.prefillBaseMs,
    prefillPerTokenMs: config.enginePrefillPerTokenMs ?? base.prefillPerTokenMs,
    decodeBaseMs: config.engineDecodeBaseMs ?? base.decodeBaseMs,
    decodePerSeqMs: config.engineDecodePerSeqMs ?? base.decodePerSeqMs,
  };
}

export interface BatchingEngineDeps {
  profile: EngineProfile;
  /** How many workers (one scheduler each). */
  workers: number;
  /** Per worker: sequences that may wait for a batch slot. */
  maxQueue: number;
  clock: Clock;
  tokenClock: TokenClock;
}

export class BatchingEngine {
  readonly profile: EngineProfile;
  readonly workers: WorkerScheduler[];

  constructor(deps: BatchingEngineDeps) {
    const { profile, maxQueue, clock, tokenClock } = deps;
    this.profile = profile;
    this.workers = Array.from(
      { length: deps.workers },
      (_, index) => new WorkerScheduler({ index, profile, maxQueue, clock, tokenClock }),
    );
  }

  /** Submits to `worker` (the KV router's choice) or, without one, the least loaded worker. */
  submit(request: SequenceRequest, worker?: number): SequenceHandle | null {
    const target = worker !== undefined ? this.workers[worker] : this.#leastLoaded();
    return target.submit(request);
  }

  get running(): number {
    return this.workers.reduce((s, w) => s + w.running, 0);
  }

  get waiting(): number {
    return this.workers.reduce((s, w) => s + w.waiting, 0);
  }

  #leastLoaded(): WorkerScheduler {
    let best = this.workers[0];
    for (const w of this.workers) {
      if (w.running + w.waiting < best.running + best.waiting) best = w;
    }
    return best;
  }
}
