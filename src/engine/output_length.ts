/**
 * How many tokens a reply has. With ignore_eos (or a forced count) it is exactly the requested
 * number; otherwise a "natural" length drawn from the configured distribution, raised to
 * min_tokens and capped by max tokens (finish_reason "length" when the cap cut it).
 */
import type { Prng } from "../util/prng.ts";

export interface LengthDistribution {
  kind: "fixed" | "uniform" | "normal" | "lognormal";
  mean: number;
  stddev: number;
  min: number;
  max: number;
}

export interface LengthRequest {
  /** max_completion_tokens ?? max_tokens; null = no cap. */
  maxTokens: number | null;
  minTokens: number;
  ignoreEos: boolean;
  /** x-fakeai-output-tokens: exact count, like ignore_eos with max tokens. */
  forcedTokens: number | null;
}

export interface LengthDecision {
  tokens: number;
  finishReason: "stop" | "length";
}

export function naturalLength(dist: LengthDistribution, prng: Prng): number {
  let value: number;
  switch (dist.kind) {
    case "fixed":
      value = dist.mean;
      break;
    case "uniform":
      value = dist.min + prng.next() * (dist.max - dist.min + 1);
      break;
    case "normal":
      value = dist.mean + prng.normal() * dist.stddev;
      break;
    case "lognormal": {
      // Parameters chosen so the distribution's mean and stddev are the configured ones.
      const variance = dist.stddev * dist.stddev;
      const sigma2 = Math.log(1 + variance / (dist.mean * dist.mean));
      const mu = Math.log(dist.mean) - sigma2 / 2;
      value = Math.exp(mu + Math.sqrt(sigma2) * prng.normal());
      break;
    }
  }
  return Math.min(dist.max, Math.max(dist.min, Math.floor(value)));
}

export function decideLength(req: LengthRequest, natural: number): LengthDecision {
  if (req.forcedTokens !== null) {
    const capped = req.maxTokens !== null && req.forcedTokens >= req.maxTokens;
    return { tokens: req.forcedTokens, finishReason: capped ? "length" : "stop" };
  }
  if (req.ignoreEos && req.maxTokens !== null) {
    return { tokens: req.maxTokens, finishReason: "length" };
  }
  const wanted = Math.max(natural, req.minTokens);
  if (req.maxTokens !== null && wanted >= req.maxTokens) {
    return { tokens: req.maxTokens, finishReason: wanted > req.maxTokens ? "length" : "stop" };
  }
  return { tokens: wanted, finishReason: "stop" };
}
