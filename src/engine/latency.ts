/**
 * All timing math, pure. Streaming: the first token is due at TTFT, each later token one ITL
 * after the previous (each value jittered uniformly within ± its variance). Non-streamed: the
 * response waits the base response delay (± max_variance when random_delay) plus the time the
 * same stream would have taken to finish.
 */
import type { Prng } from "../util/prng.ts";

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

/**
 * Offsets in ms from the request's arrival at which each of `steps` emission steps is due.
 * Step 0 is due at TTFT; step k at step k-1 + ITL.
 */
export function streamOffsets(params: LatencyParams, steps: number, prng: Prng): number[] {
  const offsets = new Array<number>(steps);
  let t = jitter(params.ttftMs, params.ttftVariancePct, prng);
  for (let i = 0; i < steps; i++) {
    if (i > 0) t += jitter(params.itlMs, params.itlVariancePct, prng);
    offsets[i] = t;
  }
  return offsets;
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
