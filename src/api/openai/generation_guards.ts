/**
 * Safety screening and context validation for the generating routes, as the plan input's
 * `refuse` and `checkPrompt` fields. Chat and Responses answer flagged input with a refusal (a
 * normal 200); legacy completions, which have no refusal field, answer OpenAI's 400
 * content_policy_violation. The context check runs inside the planner on the counted prompt,
 * before any output is planned or any cache block is held, and throws each endpoint's 400.
 */
import type { Config } from "../../config/schema.ts";
import type { ChatPlanInput } from "../../engine/chat_planner.ts";
import type { OutputControls } from "../../engine/generation_input.ts";
import { contextOverflow, ContextWindows, type PromptCount } from "../../engine/context_window.ts";
import {
  chatScreenedInput,
  safetyEnabled,
  safetySettings,
  screen,
} from "../../modalities/moderation/safety.ts";
import { promptTexts, type TextPlanInput } from "../../engine/text_planner.ts";
import { errors } from "../../server/errors.ts";

type Endpoint = "chat" | "completions" | "responses";

export interface Guards {
  refuse?: boolean;
  checkPrompt?: (prompt: PromptCount) => void;
  /** The model's most completion tokens per choice (the cap when max_tokens is absent). */
  outputLimit: number;
}

export function chatGuards(
  config: Config,
  input: ChatPlanInput,
  endpoint: "chat" | "responses",
  maxTokensParam = endpoint === "responses" ? "max_output_tokens" : "max_tokens",
): Guards {
  const outputLimit = checkOutputBudget(config, input, 1, maxTokensParam);
  const settings = safetySettings(config);
  const refuse = safetyEnabled(settings) &&
    screen(chatScreenedInput(input.messages), settings).refuse;
  return {
    refuse,
    checkPrompt: contextCheck(config, input.model, endpoint, input.maxTokens),
    outputLimit,
  };
}

export function completionGuards(config: Config, input: TextPlanInput): Guards {
  const outputLimit = checkOutputBudget(config, input, input.prompts.length, "max_tokens");
  const settings = safetySettings(config);
  if (safetyEnabled(settings)) {
    for (const text of promptTexts(input.model, input.prompts)) {
      if (screen({ texts: [text], imageUrls: [] }, settings).refuse) {
        throw errors.contentPolicyViolation();
      }
    }
  }
  return {
    checkPrompt: contextCheck(config, input.model, "completions", input.maxTokens),
    outputLimit,
  };
}

/**
 * Budget before work: a max_tokens beyond the model's own output limit is OpenAI's 400, and so is
 * a request whose choices, each run to its fixed length (max_tokens, min_tokens or
 * x-fakeai-output-tokens), add up to more than FAKEAI_MAX_GENERATED_TOKENS. Lengths left to
 * the model (no max_tokens) are the configured distribution's and are not charged here.
 * Returns the model's output limit.
 */
function checkOutputBudget(
  config: Config,
  input: OutputControls,
  prompts: number,
  param: string,
): number {
  const limits = modelLimits(config);
  const limit = limits.maxOutputFor(input.model);
  // A model whose output may fill its window (gpt-4, open models) answers with the context check.
  const ownLimit = limit < limits.windowFor(input.model);
  if (ownLimit && input.maxTokens !== null && input.maxTokens > limit) {
    throw errors.maxTokensTooLarge(param, input.maxTokens, limit);
  }
  // The most one choice may produce, as decideLength will decide it (capped by the limit).
  const perChoice = input.overrides.outputTokens ??
    Math.min(Math.max(input.maxTokens ?? 0, input.minTokens), input.maxTokens ?? limit);
  const choices = prompts * input.n;
  if (choices * perChoice > config.maxGeneratedTokens) {
    throw errors.generationOverBudget({
      param: input.n > 1 ? "n" : param,
      choices,
      perChoice,
      limit: config.maxGeneratedTokens,
    });
  }
  return limit;
}

const windowTables = new WeakMap<Config, ContextWindows>();

function modelLimits(config: Config): ContextWindows {
  let table = windowTables.get(config);
  if (!table) {
    table = new ContextWindows(config.contextWindows, config.defaultContextWindow);
    windowTables.set(config, table);
  }
  return table;
}

export function contextWindowOf(config: Config, model: string): number {
  return modelLimits(config).windowFor(model);
}

/**
 * FAKEAI_STRICT_TOKEN_COUNTING on: the prompt counts as usage.prompt_tokens does (messages,
 * images, audio, files, tool definitions, response-format schema). Off: without tool
 * definitions and schemas. Either way multimodal parts count once, as the prompt counter has
 * them.
 */
function contextCheck(
  config: Config,
  model: string,
  endpoint: Endpoint,
  maxTokens: number | null,
): Guards["checkPrompt"] {
  if (!config.enableContextValidation) return undefined;
  const window = contextWindowOf(config, model);
  return (prompt) => {
    const tokens = config.strictTokenCounting
      ? prompt.tokens
      : prompt.coreTokens?.() ?? prompt.tokens;
    if (!contextOverflow(window, tokens, maxTokens)) return;
    switch (endpoint) {
      case "chat":
        throw errors.contextLengthExceeded(window, tokens, maxTokens);
      case "completions":
        throw errors.promptContextLengthExceeded(window, tokens, maxTokens ?? 0);
      case "responses":
        throw errors.inputContextLengthExceeded();
    }
  };
}
