/**
 * A scenario's scripted reply as a choice of the plan: the same shape generated choices have, so
 * every endpoint renders and streams it with its own wire format and the shared token clock.
 * Texts are cut into token pieces by the real tokenizer (one token per streamed event), and
 * counted exactly; max_tokens cuts scripted content as it would generated content.
 */
import type { ChoicePlan, FinishReason, ToolCallPlan } from "../plan.ts";
import { splitIntoTokenPieces } from "../text_generator.ts";
import type { Tokenizer } from "../tokenizer.ts";

export interface ScriptedReply {
  content?: string;
  toolCalls?: ReadonlyArray<{ name: string; arguments: string }>;
  refusal?: string;
  reasoning?: string;
  finishReason?: FinishReason;
}

export function scriptedChoice(
  index: number,
  reply: ScriptedReply,
  tokenizer: Tokenizer,
  newToolCallId: () => string,
  maxTokens: number | null,
): ChoicePlan {
  const split = (text: string | undefined) =>
    text === undefined ? null : splitIntoTokenPieces(tokenizer, text);
  const tokensOf = (counts: readonly number[]) => counts.reduce((a, b) => a + b, 0);
  const pieces = (text: string | undefined) => {
    const s = split(text);
    return s ? { pieces: s.pieces, tokens: tokensOf(s.tokenCounts) } : null;
  };
  const reasoning = pieces(reply.reasoning);
  const refusal = pieces(reply.refusal);
  let finishReason: FinishReason = reply.finishReason ??
    (reply.toolCalls?.length ? "tool_calls" : "stop");
  // max_tokens cuts scripted content at a piece boundary, as it cuts generated content.
  const budget = maxTokens === null ? Infinity : maxTokens - (reasoning?.tokens ?? 0);
  const whole = split(reply.content);
  let content: { pieces: string[]; tokens: number } | null = null;
  if (whole) {
    let kept = 0;
    let tokens = 0;
    while (kept < whole.pieces.length && tokens + whole.tokenCounts[kept] <= budget) {
      tokens += whole.tokenCounts[kept++];
    }
    if (kept < whole.pieces.length) finishReason = "length";
    content = { pieces: whole.pieces.slice(0, kept), tokens };
  }
  const toolCalls = (reply.toolCalls ?? []).map((call): ToolCallPlan => {
    const args = splitIntoTokenPieces(tokenizer, call.arguments);
    return {
      id: newToolCallId(),
      name: call.name,
      arguments: call.arguments,
      argumentPieces: args.pieces,
      tokens: tokenizer.count(call.name) + tokensOf(args.tokenCounts),
    };
  });
  return {
    index,
    reasoning: reasoning?.pieces ?? [],
    content: content?.pieces ?? (refusal || toolCalls.length > 0 ? null : []),
    refusal: refusal?.pieces ?? null,
    toolCalls,
    finishReason,
    logprobs: null,
    completionTokens: (reasoning?.tokens ?? 0) + (content?.tokens ?? 0) + (refusal?.tokens ?? 0) +
      toolCalls.reduce((sum, call) => sum + call.tokens, 0),
  };
}
