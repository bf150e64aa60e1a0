/** The plan of a completion: pure data decided before the first byte is sent. */
import type { ExplicitCacheUsage } from "./kv/prompt_cache.ts";
import type { StepOffsets } from "./latency.ts";
import type { LogprobEntry } from "./logprobs.ts";

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter";

export interface ToolCallPlan {
  id: string;
  name: string;
  arguments: string;
  /** The arguments split into token pieces (one token each, except around split characters). */
  argumentPieces: string[];
  /** Tokens of the call: its name plus its arguments. */
  tokens: number;
}

export interface ChoicePlan {
  index: number;
  /** Single-token pieces of reasoning_content (empty for non-reasoning models). */
  reasoning: string[];
  /** Single-token pieces of the content; null when the reply is only tool calls or a refusal. */
  content: string[] | null;
  /** Single-token pieces of the refusal when the model refuses (then content is null), else null. */
  refusal: string[] | null;
  toolCalls: ToolCallPlan[];
  finishReason: FinishReason;
  /** The stop sequence that ended the choice, when one did (Anthropic's stop_sequence). */
  stopSequence?: string;
  logprobs: LogprobEntry[] | null;
  completionTokens: number;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  /** Prompt tokens the engine found cached (either cache; OpenAI's cached_tokens). */
  cachedTokens: number;
  /** Prompts planned with cache breakpoints (Anthropic's cache_control): what they read and wrote. */
  explicitCache?: ExplicitCacheUsage;
}

export interface CompletionPlan {
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
  systemFingerprint: string;
  choices: ChoicePlan[];
  usage: Usage;
  /** Emission steps: step k carries the k-th event of every choice that still has one. */
  steps: number;
  /** Offsets (ms from arrival) at which each step is due when streamed. */
  stepOffsetsMs: StepOffsets;
  /** How long the non-streamed response waits before it is sent, ms. */
  nonStreamDelayMs: number;
  /** Prefix-cache holds taken for this request, released when it ends (Engine.finish). */
  cacheLeases: ReadonlyArray<{ worker: number; release(): void }>;
}

/**
 * Number of stream events a choice needs: reasoning, content (or refusal), then per tool call a
 * header + arguments.
 */
export function eventCount(choice: ChoicePlan): number {
  let n = choice.reasoning.length + (choice.content?.length ?? 0) + (choice.refusal?.length ?? 0);
  for (const call of choice.toolCalls) n += 1 + call.argumentPieces.length;
  return n;
}
