/**
 * What the generation planner is given: a request's output controls and test overrides, its
 * counted prompts, and the per-request context (ids, prefix caching, the TTFT factor).
 */
import type { PromptCount } from "./context_window.ts";
import type { ReasoningEffort } from "./reasoning.ts";
import type { ToolDef } from "./tool_selection.ts";
import type { CachePrefix, ExplicitCacheUsage } from "./kv/prompt_cache.ts";
import type { ScriptedReply } from "./scenarios/scripted_choice.ts";

export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; name: string; schema: unknown };

/** Per-request test controls (x-fakeai-* headers). */
export interface PlanOverrides {
  ttftMs?: number;
  itlMs?: number;
  outputTokens?: number;
  seed?: number;
  /** Replaces the configured base response delay (and its variance). */
  responseDelayMs?: number;
}

/** Output controls shared by every generating endpoint. */
export interface OutputControls {
  model: string;
  responseFormat: ResponseFormat;
  /** Choices per prompt. */
  n: number;
  maxTokens: number | null;
  /** The model's most completion tokens per choice: the cap when max_tokens is absent. */
  outputLimit?: number;
  minTokens: number;
  ignoreEos: boolean;
  stop: readonly string[];
  seed: number | null;
  logprobs: boolean;
  topLogprobs: number;
  reasoningEffort: ReasoningEffort | null;
  overrides: PlanOverrides;
  /** The safety check said refuse: every choice is a refusal (see safety.ts). */
  refuse?: boolean;
  /** Called with each counted prompt before anything is planned or cached; throws to reject. */
  checkPrompt?: (prompt: PromptCount) => void;
  /** A scenario rule's reply: every choice says it instead of generated content. */
  script?: ScriptedReply;
  /** Extended thinking asked for (Anthropic `thinking`): any model reasons, within the budget. */
  thinkingBudget?: number;
}

export interface PromptInfo extends PromptCount {
  /** Text the seed and topic words derive from. */
  text: string;
  /** hashString(text), when worked out ahead (prepared prompts). */
  textHash?: number;
  topicWords: readonly string[];
  /** Functions the simulated model calls for this prompt (empty: it answers in text). */
  toolCalls: readonly ToolDef[];
  /** Token ids the prefix caches see (only needed when the context admits prompts). */
  tokenIds?: ArrayLike<number>;
  /** Explicit prompt caching: the prefixes that may be read and written (see PromptCache). */
  cacheBreakpoints?: readonly CachePrefix[];
}

export interface PlanContext {
  id: string;
  createdSeconds: number;
  /** Distinguishes requests that give no seed (a per-process counter). */
  requestOrdinal: number;
  newToolCallId(): string;
  /** Prefix caching: routes the prompt and reports its cached tokens (absent: no caching). */
  admitPrompt?(
    tokenIds: ArrayLike<number>,
    promptTokens: number,
    breakpoints?: readonly CachePrefix[],
  ): {
    cachedTokens: number;
    explicit?: ExplicitCacheUsage;
    worker: number;
    release(): void;
  };
  /** Prompts shorter than this cannot have cached tokens: their ids need not be computed. */
  minCacheableTokens?: number;
  /** TTFT multiplier for a prompt of which `cachedShare` is cached (fixed latency mode). */
  ttftFactor?(cachedShare: number): number;
}
