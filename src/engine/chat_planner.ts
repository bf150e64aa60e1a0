/**
 * Turns a validated chat request into a CompletionPlan: prompt tokens, per-choice output (prose,
 * JSON or tool calls, with reasoning first for reasoning models), finish reasons, usage and the
 * emission timeline. Pure given (input, engine settings, seed).
 */
import { createPrng, deriveSeed, type Prng } from "../util/prng.ts";
import { sampleJsonSchema, sampleToolArguments } from "./json_schema_sampler.ts";
import { nonStreamDelayMs, streamOffsets } from "./latency.ts";
import { logprobsFor } from "./logprobs.ts";
import { decideLength, naturalLength } from "./output_length.ts";
import { type ChoicePlan, type CompletionPlan, eventCount, type ToolCallPlan } from "./plan.ts";
import { type ChatMessageLike, chatPromptText, countChatPromptTokens } from "./prompt_tokens.ts";
import { matchesAny, type ReasoningEffort, reasoningRatio } from "./reasoning.ts";
import { applyStops } from "./stop_sequences.ts";
import { splitIntoTokenPieces, textGeneratorFor } from "./text_generator.ts";
import { type Tokenizer, tokenizerFor } from "./tokenizer.ts";
import { selectTools, type ToolChoice, type ToolDef, wordsOf } from "./tool_selection.ts";
import type { EngineSettings } from "./engine_settings.ts";

export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; name: string; schema: unknown };

export interface ChatPlanInput {
  model: string;
  messages: readonly ChatMessageLike[];
  tools: readonly ToolDef[];
  toolChoice: ToolChoice;
  parallelToolCalls: boolean;
  responseFormat: ResponseFormat;
  n: number;
  maxTokens: number | null;
  minTokens: number;
  ignoreEos: boolean;
  stop: readonly string[];
  seed: number | null;
  logprobs: boolean;
  topLogprobs: number;
  reasoningEffort: ReasoningEffort | null;
  /** Per-request test controls (x-fakeai-* headers). */
  overrides: { ttftMs?: number; itlMs?: number; outputTokens?: number; seed?: number };
}

export interface PlanContext {
  id: string;
  createdSeconds: number;
  /** Distinguishes requests that give no seed (a per-process counter). */
  requestOrdinal: number;
  newToolCallId(): string;
}

export function planChat(
  input: ChatPlanInput,
  settings: EngineSettings,
  ctx: PlanContext,
): CompletionPlan {
  const tokenizer = tokenizerFor(input.model);
  const promptText = chatPromptText(input.messages);
  const schemaTokens = input.responseFormat.type === "json_schema"
    ? tokenizer.count(JSON.stringify(input.responseFormat.schema ?? {}))
    : 0;
  const promptTokens = countChatPromptTokens(tokenizer, input.messages, input.tools) + schemaTokens;

  const requestSeed = input.overrides.seed ?? input.seed;
  const seed = requestSeed !== null
    ? deriveSeed(settings.seed, "seed", requestSeed, input.model, promptText)
    : deriveSeed(settings.seed, "ordinal", ctx.requestOrdinal, input.model, promptText);

  const last = input.messages[input.messages.length - 1];
  const lastUser = [...input.messages].reverse().find((m) => m.role === "user");
  const lastUserText = lastUser ? chatPromptText([lastUser]) : "";
  const topicWords = [...new Set(wordsOf(lastUserText).filter((w) => w.length >= 4))].slice(0, 12);
  const called = selectTools({
    tools: input.tools,
    choice: input.toolChoice,
    parallel: input.parallelToolCalls,
    lastRole: last?.role ?? "user",
    lastUserText,
  });
  const reasons = matchesAny(settings.reasoningPatterns, input.model);
  const ratio = reasons ? reasoningRatio(settings.reasoningRatio, input.reasoningEffort) : 0;

  const choices: ChoicePlan[] = [];
  for (let index = 0; index < input.n; index++) {
    const prng = createPrng(deriveSeed(seed, "choice", index));
    choices.push(planChoice(index, prng));
  }

  const steps = Math.max(1, ...choices.map(eventCount));
  const timingPrng = createPrng(deriveSeed(seed, "timing"));
  const latency = {
    ...settings.latency,
    ...(input.overrides.ttftMs !== undefined ? { ttftMs: input.overrides.ttftMs } : {}),
    ...(input.overrides.itlMs !== undefined ? { itlMs: input.overrides.itlMs } : {}),
  };
  const stepOffsetsMs = streamOffsets(latency, steps, timingPrng);
  const completionTokens = choices.reduce((sum, c) => sum + c.completionTokens, 0);
  return {
    id: ctx.id,
    created: ctx.createdSeconds,
    model: input.model,
    systemFingerprint: settings.systemFingerprint,
    choices,
    usage: {
      promptTokens,
      completionTokens,
      reasoningTokens: choices.reduce((sum, c) => sum + c.reasoning.length, 0),
      cachedTokens: 0,
    },
    steps,
    stepOffsetsMs,
    nonStreamDelayMs: nonStreamDelayMs(
      settings.responseDelay,
      stepOffsetsMs[steps - 1],
      timingPrng,
    ),
  };

  function planChoice(index: number, prng: Prng): ChoicePlan {
    const natural = naturalLength(settings.outputLength, prng);
    const naturalReasoning = Math.round(natural * ratio);
    const forced = input.overrides.outputTokens ?? null;
    const decision = decideLength(
      {
        maxTokens: input.maxTokens,
        minTokens: input.minTokens,
        ignoreEos: input.ignoreEos,
        forcedTokens: forced,
      },
      natural + naturalReasoning,
    );
    const exact = forced !== null || (input.ignoreEos && input.maxTokens !== null);
    const reasoningCount = exact
      ? Math.round(decision.tokens * ratio / (1 + ratio))
      : Math.min(naturalReasoning, decision.tokens);
    const reasoning = reasoningCount > 0
      ? textGeneratorFor(tokenizer).prose(prng, reasoningCount, topicWords)
      : [];
    const budget = decision.tokens - reasoning.length;
    const cap = input.maxTokens === null ? Infinity : input.maxTokens - reasoning.length;

    if (called.length > 0) {
      const toolCalls = called.map((tool) => planToolCall(tool, prng));
      const tokens = toolCalls.reduce(
        (s, c) => s + tokenizer.count(c.name) + c.argumentPieces.length,
        0,
      );
      return {
        index,
        reasoning,
        content: null,
        toolCalls,
        finishReason: "tool_calls",
        logprobs: null,
        completionTokens: reasoning.length + tokens,
      };
    }

    let finishReason = decision.finishReason;
    let pieces: string[];
    let contentTokens: number;
    if (input.responseFormat.type === "text") {
      pieces = textGeneratorFor(tokenizer).prose(prng, budget, topicWords);
      contentTokens = pieces.length;
    } else {
      const json = jsonContent(input.responseFormat, prng, budget);
      const split = splitIntoTokenPieces(tokenizer, json);
      pieces = split.pieces;
      let counts = split.tokenCounts;
      finishReason = "stop";
      if (split.tokenCounts.length > cap) {
        pieces = pieces.slice(0, cap);
        counts = counts.slice(0, cap);
        finishReason = "length";
      }
      contentTokens = counts.reduce((a, b) => a + b, 0);
    }
    const cut = applyStops(pieces, input.stop);
    if (cut.stopped) {
      pieces = cut.pieces;
      contentTokens = input.responseFormat.type === "text"
        ? pieces.length
        : tokenizer.count(pieces.join(""));
      finishReason = "stop";
    }
    const logprobs = input.logprobs ? logprobsFor(pieces, input.topLogprobs, prng) : null;
    return {
      index,
      reasoning,
      content: pieces,
      toolCalls: [],
      finishReason,
      logprobs,
      completionTokens: reasoning.length + contentTokens,
    };
  }

  function planToolCall(tool: ToolDef, prng: Prng): ToolCallPlan {
    const args = JSON.stringify(
      sampleToolArguments(tool.parameters ?? {}, prng, { words: topicWords }),
    );
    const split = splitIntoTokenPieces(tokenizer, args);
    return {
      id: ctx.newToolCallId(),
      name: tool.name,
      arguments: args,
      argumentPieces: split.pieces,
      tokens: tokenizer.count(tool.name) + split.tokenCounts.reduce((a, b) => a + b, 0),
    };
  }

  function jsonContent(format: ResponseFormat, prng: Prng, budget: number): string {
    if (format.type === "json_schema") {
      return JSON.stringify(sampleJsonSchema(format.schema ?? {}, prng, { words: topicWords }));
    }
    const prose = textGeneratorFor(tokenizer).prose(prng, Math.max(1, budget - 6), topicWords);
    return JSON.stringify({ response: prose.join("") });
  }
}

export type { Tokenizer };
