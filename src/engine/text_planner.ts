/** Legacy completions → generation plan: one or more prompts (text or token ids), n choices each. */
import type { EngineSettings } from "./engine_settings.ts";
import { planGeneration } from "./generation_planner.ts";
import type { OutputControls, PlanContext } from "./generation_input.ts";
import type { CompletionPlan } from "./plan.ts";
import { cacheable } from "./chat_planner.ts";
import { decodeClientTokens } from "./token_ids.ts";
import { tokenizerFor } from "./tokenizer.ts";
import { topicWordsIn } from "./tool_selection.ts";

export interface TextPrompt {
  text: string;
  tokens: number;
}

export interface TextPlanInput extends OutputControls {
  /** Each prompt's text, and its token count when given as token ids. */
  prompts: ReadonlyArray<string | number[]>;
}

export function planText(
  input: TextPlanInput,
  settings: EngineSettings,
  ctx: PlanContext,
): CompletionPlan {
  const tokenizer = tokenizerFor(input.model);
  const prompts = input.prompts.map((prompt) => {
    const text = typeof prompt === "string" ? prompt : decodeClientTokens(tokenizer, prompt) ?? "";
    const tokens = typeof prompt === "string" ? tokenizer.count(prompt) : prompt.length;
    const tokenIds = cacheable(ctx, tokens)
      ? (typeof prompt === "string" ? tokenizer.encode(prompt) : prompt)
      : undefined;
    return { text, tokens, tokenIds, topicWords: topicWordsIn(text), toolCalls: [] };
  });
  return planGeneration(input, prompts, tokenizer, settings, ctx);
}

/** The prompt texts of a plan input (for echo), decoding token-id prompts. */
export function promptTexts(model: string, prompts: ReadonlyArray<string | number[]>): string[] {
  const tokenizer = tokenizerFor(model);
  return prompts.map((p) => (typeof p === "string" ? p : decodeClientTokens(tokenizer, p) ?? ""));
}
