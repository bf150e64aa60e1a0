/** Chat requests → generation plan: OpenAI's chat prompt counting and the tool-call decision. */
import type { EngineSettings } from "./engine_settings.ts";
import { planGeneration } from "./generation_planner.ts";
import type { OutputControls, PlanContext, ResponseFormat } from "./generation_input.ts";
import type { CompletionPlan } from "./plan.ts";
import type { CachePrefix } from "./kv/prompt_cache.ts";
import { type ChatMessageLike, chatPromptText, countChatPromptTokens } from "./prompt_tokens.ts";
import { chatPromptTokenIds } from "./kv/prompt_token_ids.ts";
import { preparedChatPrompt } from "./prepared_prompts.ts";
import { type Tokenizer, tokenizerFor } from "./tokenizer.ts";
import { selectTools, type ToolChoice, type ToolDef, topicWordsIn } from "./tool_selection.ts";

export type { PlanContext, ResponseFormat } from "./generation_input.ts";

export interface ChatPlanInput extends OutputControls {
  messages: readonly ChatMessageLike[];
  tools: readonly ToolDef[];
  toolChoice: ToolChoice;
  parallelToolCalls: boolean;
  /** Explicit prompt caching instead of the automatic kind (Anthropic's cache_control). */
  cacheBreakpoints?: readonly CachePrefix[];
}

/** Whether the prefix caches could hold any of a prompt this long (else skip computing its ids). */
export function cacheable(ctx: PlanContext, promptTokens: number): boolean {
  return ctx.admitPrompt !== undefined && promptTokens >= (ctx.minCacheableTokens ?? 0);
}

/** What a json_schema response format adds to the prompt: its schema, counted as JSON. */
export function responseFormatTokens(tokenizer: Tokenizer, format: ResponseFormat): number {
  return format.type === "json_schema" ? tokenizer.count(JSON.stringify(format.schema ?? {})) : 0;
}

export function planChat(
  input: ChatPlanInput,
  settings: EngineSettings,
  ctx: PlanContext,
): CompletionPlan {
  const tokenizer = tokenizerFor(input.model);
  const schemaTokens = responseFormatTokens(tokenizer, input.responseFormat);
  const last = input.messages[input.messages.length - 1];
  const lastUser = [...input.messages].reverse().find((m) => m.role === "user");
  const lastUserText = lastUser ? chatPromptText([lastUser]) : "";
  const toolCalls = selectTools({
    tools: input.tools,
    choice: input.toolChoice,
    parallel: input.parallelToolCalls,
    lastRole: last?.role ?? "user",
    lastUserText,
  });
  const tokens = countChatPromptTokens(tokenizer, input.messages, input.tools) + schemaTokens;
  const ready = preparedChatPrompt(input.messages);
  const prompt = {
    tokenIds: cacheable(ctx, tokens)
      ? ready?.tokenIds ?? chatPromptTokenIds(tokenizer, input.messages)
      : undefined,
    tokens,
    // Tool definitions change how the messages count (system padding): count them afresh.
    coreTokens: input.tools.length > 0
      ? () => countChatPromptTokens(tokenizer, input.messages)
      : () => tokens - schemaTokens,
    text: ready?.text ?? chatPromptText(input.messages),
    textHash: ready?.textHash,
    topicWords: topicWordsIn(lastUserText),
    toolCalls,
    cacheBreakpoints: input.cacheBreakpoints,
  };
  return planGeneration(input, [prompt], tokenizer, settings, ctx);
}
