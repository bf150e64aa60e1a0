/**
 * Picks the worker for a request. Policy "kv" (default), after NVIDIA Dynamo's KV router:
 *   cost(w) = overlap_weight × (prompt blocks not cached on w) + (blocks held by w's running requests)
 * and the cheapest worker wins; ties go to the lowest index. "round_robin" and "random" (seeded)
 * ignore the cache, for comparison.
 */
import { createPrng, type Prng } from "../../util/prng.ts";
import type { KvEvent, KvWorker } from "./kv_worker.ts";

export type RouterPolicy = "kv" | "round_robin" | "random";

export interface RouteDecision {
  worker: number;
  /** Leading prompt blocks already cached on the chosen worker. */
  matchedBlocks: number;
}

export class KvRouter {
  readonly #prng: Prng;
  readonly #ticket: () => number;

  /** `ticket`: round robin's counter (0, 1, 2, ... — shared by the isolates of one server). */
  constructor(
    readonly workers: readonly KvWorker[],
    readonly policy: RouterPolicy,
    readonly overlapWeight: number,
    seed: number,
    ticket?: () => number,
  ) {
    this.#prng = createPrng(seed);
    let next = 0;
    this.#ticket = ticket ?? (() => next++);
  }

  route(hashes: readonly number[]): RouteDecision {
    let worker: number;
    if (this.policy === "round_robin") worker = this.#ticket() % this.workers.length;
    else if (this.policy === "random") worker = this.#prng.int(this.workers.length);
    else worker = this.#cheapest(hashes);
    return { worker, matchedBlocks: this.workers[worker].matchedPrefix(hashes) };
  }

  /** Each worker's cost for these prompt blocks (the "kv" policy's formula). */
  costs(hashes: readonly number[]): number[] {
    return this.workers.map((w) =>
      this.overlapWeight * (hashes.length - w.matchedPrefix(hashes)) + w.activeBlocks
    );
  }

  #cheapest(hashes: readonly number[]): number {
    const costs = this.costs(hashes);
    let best = 0;
    for (let i = 1; i < costs.length; i++) if (costs[i] < costs[best]) best = i;
    return best;
  }
}

export type { KvEvent };
