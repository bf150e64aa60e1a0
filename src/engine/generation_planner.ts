/**
 * The core of every text-generating endpoint: given prompt(s) already counted, decide per choice
 * the output (prose, JSON or tool calls, with reasoning first for reasoning models), finish
 * reasons, usage and the emission timeline. Pure given (input, engine settings, seed).
 */
import { createPrng, deriveSeed, hashString, type Prng } from "../util/prng.ts";
import type { EngineSettings } from "./engine_settings.ts";
import { isObject } from "./structured/json_schema_merge.ts";
import { sampleWithin } from "./structured/json_schema_sampler.ts";
import { nonStreamDelayMs, plannedOffsets } from "./latency.ts";
import { logprobsFor } from "./logprobs.ts";
import { decideLength, naturalLength } from "./output_length.ts";
import { type ChoicePlan, type CompletionPlan, eventCount, type ToolCallPlan } from "./plan.ts";
import { matchesAny, reasoningRatio } from "./reasoning.ts";
import { planRefusal } from "./refusal_planner.ts";
import { applyStops } from "./stop_sequences.ts";
import { splitIntoTokenPieces, textGeneratorFor } from "./text_generator.ts";
import type { Tokenizer } from "./tokenizer.ts";
import type { ToolDef } from "./tool_selection.ts";
import type { ExplicitCacheUsage } from "./kv/prompt_cache.ts";
import { scriptedChoice } from "./scenarios/scripted_choice.ts";
import type { OutputControls, PlanContext, PromptInfo } from "./generation_input.ts";

export function planGeneration(
  controls: OutputControls,
  prompts: readonly PromptInfo[],
  tokenizer: Tokenizer,
  settings: EngineSettings,
  ctx: PlanContext,
): CompletionPlan {
  const requestSeed = controls.overrides.seed ?? controls.seed;
  const baseSeed = requestSeed !== null
    ? deriveSeed(settings.seed, "seed", requestSeed, controls.model)
    : deriveSeed(settings.seed, "ordinal", ctx.requestOrdinal, controls.model);
  const reasons = controls.thinkingBudget !== undefined ||
    matchesAny(settings.reasoningPatterns, controls.model);
  const ratio = reasons ? reasoningRatio(settings.reasoningRatio, controls.reasoningEffort) : 0;
  const generator = textGeneratorFor(tokenizer);
  if (controls.checkPrompt) { for (const prompt of prompts) controls.checkPrompt(prompt); }

  // Each prompt's text is hashed once; every seed below derives from those numbers.
  const promptHashes = prompts.map((p) => p.textHash ?? hashString(p.text));
  const choices: ChoicePlan[] = [];
  prompts.forEach((prompt, p) => {
    const promptSeed = deriveSeed(baseSeed, promptHashes[p]);
    for (let j = 0; j < controls.n; j++) {
      const prng = createPrng(deriveSeed(promptSeed, "choice", j));
      choices.push(planChoice(p * controls.n + j, prompt, prng));
    }
  });

  const leases = ctx.admitPrompt
    ? prompts.map((p) => ctx.admitPrompt!(p.tokenIds ?? [], p.tokens, p.cacheBreakpoints))
    : [];
  const promptTokens = prompts.reduce((sum, p) => sum + p.tokens, 0);
  const cachedTokens = leases.reduce((sum, l) => sum + l.cachedTokens, 0);
  const explicitCache = explicitUsage(leases);
  const steps = Math.max(1, ...choices.map(eventCount));
  const timingSeed = deriveSeed(baseSeed, "timing", promptHashes[0] ?? 0);
  const timingPrng = createPrng(timingSeed);
  const cachedShare = promptTokens > 0 ? cachedTokens / promptTokens : 0;
  const latency = {
    ...settings.latency,
    ttftMs: settings.latency.ttftMs * (ctx.ttftFactor?.(cachedShare) ?? 1),
    ...(controls.overrides.ttftMs !== undefined ? { ttftMs: controls.overrides.ttftMs } : {}),
    ...(controls.overrides.itlMs !== undefined ? { itlMs: controls.overrides.itlMs } : {}),
  };
  const stepOffsetsMs = plannedOffsets(latency, steps, timingSeed, timingPrng);
  return {
    id: ctx.id,
    created: ctx.createdSeconds,
    model: controls.model,
    systemFingerprint: settings.systemFingerprint,
    choices,
    usage: {
      promptTokens,
      completionTokens: choices.reduce((sum, c) => sum + c.completionTokens, 0),
      reasoningTokens: choices.reduce((sum, c) => sum + c.reasoning.length, 0),
      cachedTokens,
      explicitCache,
    },
    steps,
    stepOffsetsMs,
    cacheLeases: leases,
    nonStreamDelayMs: controls.overrides.responseDelayMs !== undefined
      ? controls.overrides.responseDelayMs + stepOffsetsMs.last
      : nonStreamDelayMs(settings.responseDelay, stepOffsetsMs.last, timingPrng),
  };

  function planChoice(index: number, prompt: PromptInfo, prng: Prng): ChoicePlan {
    if (controls.script) {
      return scriptedChoice(
        index,
        controls.script,
        tokenizer,
        ctx.newToolCallId,
        controls.maxTokens,
      );
    }
    if (controls.refuse) {
      return planRefusal(index, tokenizer, controls, deriveSeed(settings.seed, prompt.text, index));
    }
    const natural = naturalLength(settings.outputLength, prng);
    const naturalReasoning = Math.round(natural * ratio);
    const forced = controls.overrides.outputTokens ?? null;
    const decision = decideLength(
      {
        maxTokens: controls.maxTokens,
        // min_tokens cannot pass the model's own output limit.
        minTokens: Math.min(controls.minTokens, controls.outputLimit ?? Infinity),
        ignoreEos: controls.ignoreEos,
        forcedTokens: forced,
      },
      natural + naturalReasoning,
    );
    const exact = forced !== null || (controls.ignoreEos && controls.maxTokens !== null);
    const reasoningCount = Math.min(
      exact
        ? Math.round(decision.tokens * ratio / (1 + ratio))
        : Math.min(naturalReasoning, decision.tokens),
      controls.thinkingBudget ?? Infinity,
    );
    const reasoning = reasoningCount > 0
      ? generator.prose(prng, reasoningCount, prompt.topicWords)
      : [];
    const budget = decision.tokens - reasoning.length;
    const cap = (controls.maxTokens ?? controls.outputLimit ?? DEFAULT_OUTPUT_LIMIT) -
      reasoning.length;
    const base = { index, reasoning, refusal: null, logprobs: null };

    if (prompt.toolCalls.length > 0) {
      // Tool calls count toward max_tokens: the call that crosses it ends cut, like the API's.
      const toolCalls: (ToolCallPlan & { cut: boolean })[] = [];
      let left = cap;
      for (const tool of prompt.toolCalls) {
        if (left <= 0) break;
        const call = planToolCall(tool, prompt, prng, left);
        toolCalls.push(call);
        left -= call.tokens;
      }
      const tokens = toolCalls.reduce((s, c) => s + c.tokens, 0);
      const cut = toolCalls.length < prompt.toolCalls.length || toolCalls.some((c) => c.cut);
      return {
        ...base,
        content: null,
        toolCalls: toolCalls.map(({ cut: _, ...call }) => call),
        finishReason: cut ? "length" : "tool_calls",
        completionTokens: reasoning.length + tokens,
      };
    }

    let finishReason = decision.finishReason;
    let pieces: string[];
    let counts: number[] | null = null; // null: one token per piece
    if (controls.responseFormat.type === "text") {
      pieces = generator.prose(prng, budget, prompt.topicWords);
    } else {
      const split = splitIntoTokenPieces(tokenizer, jsonContent(prompt, prng, budget, cap));
      pieces = split.pieces;
      counts = split.tokenCounts;
      finishReason = "stop";
      // The cap counts tokens, not pieces: a piece may hold several tokens (split characters).
      const kept = piecesWithin(counts, cap).pieces;
      if (kept < pieces.length) {
        pieces = pieces.slice(0, kept);
        counts = counts.slice(0, kept);
        finishReason = "length";
      }
    }
    const cut = applyStops(pieces, controls.stop);
    if (cut.stopped) {
      pieces = cut.pieces;
      counts = counts?.slice(0, pieces.length) ?? null;
      finishReason = "stop";
    }
    const stopSequence = cut.stopped ? { stopSequence: cut.sequence } : {};
    const contentTokens = counts ? counts.reduce((a, b) => a + b, 0) : pieces.length;
    return {
      ...base,
      content: pieces,
      toolCalls: [],
      finishReason,
      ...stopSequence,
      logprobs: controls.logprobs ? logprobsFor(pieces, controls.topLogprobs, prng) : null,
      completionTokens: reasoning.length + contentTokens,
    };
  }

  function planToolCall(
    tool: ToolDef,
    prompt: PromptInfo,
    prng: Prng,
    cap: number,
  ): ToolCallPlan & { cut: boolean } {
    const parameters = tool.parameters ?? {};
    const sampled = isObject(parameters) && Object.keys(parameters).length > 0
      ? sampleWithin(parameters, prng, { words: prompt.topicWords, maxChars: charsFor(cap) })
      : { value: {}, truncated: false };
    const args = JSON.stringify(isObject(sampled.value) ? sampled.value : {});
    const split = splitIntoTokenPieces(tokenizer, args);
    const nameTokens = tokenizer.count(tool.name);
    const kept = piecesWithin(split.tokenCounts, cap - nameTokens);
    const pieces = split.pieces.slice(0, kept.pieces);
    return {
      id: ctx.newToolCallId(),
      name: tool.name,
      arguments: pieces.join(""),
      argumentPieces: pieces,
      tokens: nameTokens + kept.tokens,
      cut: kept.pieces < split.pieces.length,
    };
  }

  function jsonContent(prompt: PromptInfo, prng: Prng, budget: number, cap: number): string {
    const format = controls.responseFormat;
    if (format.type === "json_schema") {
      const options = { words: prompt.topicWords, maxChars: charsFor(cap) };
      return JSON.stringify(sampleWithin(format.schema ?? {}, prng, options).value);
    }
    const prose = generator.prose(prng, Math.max(1, budget - 6), prompt.topicWords);
    return JSON.stringify({ response: prose.join("") });
  }
}

/** The explicit caching of a request's prompts together (undefined when none had breakpoints). */
function explicitUsage(
  leases: readonly { explicit?: ExplicitCacheUsage }[],
): ExplicitCacheUsage | undefined {
  // Per request: the usual prompt has no breakpoints, and then nothing is built.
  if (!leases.some((l) => l.explicit)) return undefined;
  const usages = leases.flatMap((l) => l.explicit ? [l.explicit] : []);
  return {
    readTokens: usages.reduce((sum, u) => sum + u.readTokens, 0),
    writes: usages.flatMap((u) => u.writes),
  };
}

/** Used when neither max_tokens nor the model's output limit is known. */
const DEFAULT_OUTPUT_LIMIT = 16_384;

/**
 * Characters of JSON a sampled value may take before it certainly outgrows `tokens` tokens
 * (no token of sampled JSON spans more than this many characters on average), so an
 * unsatisfiable schema minimum stops there instead of filling memory.
 */
const CHARS_PER_TOKEN_BOUND = 8;
function charsFor(tokens: number): number {
  return Math.max(0, tokens) * CHARS_PER_TOKEN_BOUND + 64;
}

/** How many leading pieces fit in `cap` tokens, and their tokens. */
function piecesWithin(
  tokenCounts: readonly number[],
  cap: number,
): { pieces: number; tokens: number } {
  let pieces = 0;
  let tokens = 0;
  while (pieces < tokenCounts.length && tokens + tokenCounts[pieces] <= cap) {
    tokens += tokenCounts[pieces++];
  }
  return { pieces, tokens };
}
