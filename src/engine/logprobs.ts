/** Deterministic per-token log probabilities whose tokens join to the generated content. */
import type { Prng } from "../util/prng.ts";

export interface TopLogprob {
  token: string;
  logprob: number;
  bytes: number[];
}

export interface LogprobEntry extends TopLogprob {
  top_logprobs: TopLogprob[];
}

const encoder = new TextEncoder();
const ALTERNATIVES = [
  " the",
  " a",
  " and",
  " of",
  " to",
  " in",
  " is",
  " that",
  " it",
  ".",
  ",",
  " for",
];

export function logprobsFor(pieces: readonly string[], topN: number, prng: Prng): LogprobEntry[] {
  return pieces.map((token) => {
    // The chosen token is the most likely one; alternatives are strictly less likely.
    const logprob = round(-Math.pow(prng.next(), 2) * 1.5);
    const top: TopLogprob[] = [];
    if (topN > 0) {
      top.push({ token, logprob, bytes: bytesOf(token) });
      let next = logprob;
      for (let i = 1; i < topN; i++) {
        next = round(next - 0.5 - prng.next() * 2);
        let alt = ALTERNATIVES[(i - 1 + prng.int(ALTERNATIVES.length)) % ALTERNATIVES.length];
        if (alt === token || top.some((t) => t.token === alt)) alt = `${alt.trimStart()}${i}`;
        top.push({ token: alt, logprob: next, bytes: bytesOf(alt) });
      }
    }
    return { token, logprob, bytes: bytesOf(token), top_logprobs: top };
  });
}

function bytesOf(token: string): number[] {
  return Array.from(encoder.encode(token));
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
