/**
 * All timing math, pure. Streaming: the first token is due at TTFT, each later token one ITL
 * after the previous (each value jittered uniformly within ± its variance). Non-streamed: the
 * response waits the base response delay (± max_variance when random_delay) plus the time the
 * same stream would have taken to finish.
 */
import { createPrng, type Prng } from "../util/prng.ts";

export interface LatencyParams {
  ttftMs: number;
  ttftVariancePct: number;
  itlMs: number;
  itlVariancePct: number;
}

export interface ResponseDelayParams {
  responseDelaySeconds: number;
  randomDelay: boolean;
  maxVariance: number;
}

/** base × (1 + u), u uniform in [-pct/100, +pct/100]. */
export function jitter(baseMs: number, variancePct: number, prng: Prng): number {
  if (variancePct === 0 || baseMs === 0) return baseMs;
  const u = (prng.next() * 2 - 1) * (variancePct / 100);
  return Math.max(0, baseMs * (1 + u));
}

/** Step k's offset given step k-1's (`previous`): TTFT for step 0, then one ITL more each. */
function nextOffset(params: LatencyParams, step: number, previous: number, prng: Prng): number {
  return step === 0
    ? jitter(params.ttftMs, params.ttftVariancePct, prng)
    : previous + jitter(params.itlMs, params.itlVariancePct, prng);
}

/**
 * A plan's step offsets: ms from the request's arrival at which each emission step is due (step 0
 * at TTFT, step k at step k-1 + ITL), without holding them in an array.
 */
export interface StepOffsets {
  readonly length: number;
  /** Offset of step k (ms from arrival); cheapest when asked in increasing order. */
  at(step: number): number;
  /** The first and last offsets, and the largest gap between two steps (0 with one step). */
  readonly first: number;
  readonly last: number;
  readonly largestGap: number;
}

/**
 * The offsets of `steps` steps, `prng` fresh from `seed`: drawn from `prng` now (so it advances
 * past them) for the first, last and largest gap, and drawn again in order from a new prng of the
 * same seed when asked. A held stream keeps a cursor instead of 8 bytes per token.
 */
export function plannedOffsets(
  params: LatencyParams,
  steps: number,
  seed: number,
  prng: Prng,
): StepOffsets {
  let first = 0, last = 0, largestGap = 0;
  for (let i = 0; i < steps; i++) {
    const t = nextOffset(params, i, last, prng);
    if (i === 0) first = t;
    else if (t - last > largestGap) largestGap = t - last;
    last = t;
  }
  // Without variance nothing is drawn: no second prng is needed.
  const drawsNothing = params.ttftVariancePct === 0 && params.itlVariancePct === 0;
  let cursor = -1;
  let value = 0;
  let draws: Prng | null = null;
  return {
    length: steps,
    first,
    last,
    largestGap,
    at(step) {
      if (step < cursor || draws === null) {
        cursor = -1;
        value = 0;
        draws = drawsNothing ? prng : createPrng(seed);
      }
      while (cursor < step) value = nextOffset(params, ++cursor, value, draws);
      return value;
    },
  };
}

/** Offsets given outright (scripted plans, tests). */
export function listedOffsets(offsets: readonly number[]): StepOffsets {
  let largestGap = 0;
  for (let i = 1; i < offsets.length; i++) {
    largestGap = Math.max(largestGap, offsets[i] - offsets[i - 1]);
  }
  return {
    length: offsets.length,
    first: offsets[0] ?? 0,
    last: offsets.at(-1) ?? 0,
    largestGap,
    at: (step) => offsets[step],
  };
}

/** How long a non-streamed response waits in total, in ms. */
export function nonStreamDelayMs(
  params: ResponseDelayParams,
  streamDurationMs: number,
  prng: Prng,
): number {
  const baseMs = params.responseDelaySeconds * 1000;
  const variancePct = params.randomDelay ? params.maxVariance * 100 : 0;
  return jitter(baseMs, variancePct, prng) + streamDurationMs;
}
