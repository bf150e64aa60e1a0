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
  const pieces = (text: string | undefined) => {
    if (text === undefined) return null;
    const split = splitIntoTokenPieces(tokenizer, text);
    return { pieces: split.pieces, tokens: split.tokenCounts.reduce((a, b) => a + b, 0) };
  };
  const reasoning = pieces(reply.reasoning);
  const refusal = pieces(reply.refusal);
  let content = pieces(reply.content);
  let finishReason: FinishReason = reply.finishReason ??
    (reply.toolCalls?.length ? "tool_calls" : "stop");
  const budget = maxTokens === null ? Infinity : maxTokens - (reasoning?.tokens ?? 0);
  if (content && content.tokens > budget) {
    const kept: string[] = [];
    let tokens = 0;
    const split = splitIntoTokenPieces(tokenizer, reply.content!);
    for (let i = 0; i < split.pieces.length && tokens + split.tokenCounts[i] <= budget; i++) {
      kept.push(split.pieces[i]);
      tokens += split.tokenCounts[i];
    }
    content = { pieces: kept, tokens };
    finishReason = "length";
  }
  const toolCalls = (reply.toolCalls ?? []).map((call): ToolCallPlan => {
    const args = splitIntoTokenPieces(tokenizer, call.arguments);
    return {
      id: newToolCallId(),
      name: call.name,
      arguments: call.arguments,
      argumentPieces: args.pieces,
      tokens: tokenizer.count(call.name) + args.tokenCounts.reduce((a, b) => a + b, 0),
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
