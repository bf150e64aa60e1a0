/** A refusing choice: one of the refusal messages, as single-token pieces, instead of content. */
import { createPrng } from "../util/prng.ts";
import { logprobsFor } from "./logprobs.ts";
import type { ChoicePlan } from "./plan.ts";
import { REFUSAL_MESSAGES } from "./refusal_patterns.ts";
import { splitIntoTokenPieces } from "./text_generator.ts";
import type { Tokenizer } from "./tokenizer.ts";

export interface RefusalControls {
  maxTokens: number | null;
  logprobs: boolean;
  topLogprobs: number;
}

/**
 * The message is picked with a PRNG from `seed`, which the planner derives from the server seed,
 * the prompt and the choice index (not the request ordinal): a prompt is refused in the same
 * words every time. Like any
 * output it stops at max_tokens (finish_reason "length"); min_tokens, ignore_eos and forced
 * output lengths do not stretch a refusal.
 */
export function planRefusal(
  index: number,
  tokenizer: Tokenizer,
  controls: RefusalControls,
  seed: number,
): ChoicePlan {
  const prng = createPrng(seed);
  const split = splitIntoTokenPieces(tokenizer, prng.pick(REFUSAL_MESSAGES));
  const cap = controls.maxTokens ?? Infinity;
  let kept = 0;
  let tokens = 0;
  for (; kept < split.pieces.length && tokens + split.tokenCounts[kept] <= cap; kept++) {
    tokens += split.tokenCounts[kept];
  }
  const pieces = split.pieces.slice(0, kept);
  return {
    index,
    reasoning: [],
    content: null,
    refusal: pieces,
    toolCalls: [],
    finishReason: kept < split.pieces.length ? "length" : "stop",
    logprobs: controls.logprobs ? logprobsFor(pieces, controls.topLogprobs, prng) : null,
    completionTokens: tokens,
  };
}
