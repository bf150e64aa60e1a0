/**
 * Context windows per model, and the context-length check: the prompt plus the requested output
 * (max_completion_tokens / max_tokens / max_output_tokens) must fit the window; without a
 * requested output only the prompt must fit.
 */

/** OpenAI's published windows, and the open models' max_position_embeddings (in tokens). */
export const BUILTIN_CONTEXT_WINDOWS: Readonly<Record<string, number>> = {
  "gpt-4o": 128_000,
  "gpt-4o-mini": 128_000,
  "gpt-4.1": 1_047_576,
  "gpt-4.1-mini": 1_047_576,
  "gpt-4.1-nano": 1_047_576,
  "gpt-4": 8_192,
  "gpt-4-turbo": 128_000,
  "gpt-3.5-turbo": 16_385,
  "gpt-3.5-turbo-instruct": 4_096,
  "o1": 200_000,
  "o1-mini": 128_000,
  "o3": 200_000,
  "o3-mini": 200_000,
  "o4-mini": 200_000,
  "gpt-5": 400_000,
  "gpt-5-mini": 400_000,
  "gpt-5-nano": 400_000,
  "openai/gpt-oss-120b": 131_072,
  "openai/gpt-oss-20b": 131_072,
  "meta-llama/Llama-3.1-8B-Instruct": 131_072,
  "meta-llama/Llama-3.1-70B-Instruct": 131_072,
  "deepseek-ai/DeepSeek-R1": 163_840,
};

export class ContextWindows {
  readonly #table = new Map<string, number>(Object.entries(BUILTIN_CONTEXT_WINDOWS));

  /** `pairs`: "model=tokens" items (FAKEAI_CONTEXT_WINDOWS), overriding the built-in table. */
  constructor(pairs: readonly string[], private readonly defaultWindow: number) {
    for (const pair of pairs) {
      const eq = pair.lastIndexOf("=");
      this.#table.set(pair.slice(0, eq).trim(), Number(pair.slice(eq + 1)));
    }
  }

  /**
   * The window of a model id: the exact id; a fine-tune's base model (ft:gpt-4o:org::id); the
   * longest listed id it extends with "-" (gpt-4o-2024-08-06 → gpt-4o); the same without an
   * "org/" prefix; else the default.
   */
  readonly #windows = new Map<string, number>();
  readonly #outputs = new Map<string, number>();

  windowFor(model: string): number {
    let window = this.#windows.get(model);
    if (window === undefined) {
      window = lookupByModelId(this.#table, model) ?? this.defaultWindow;
      // Model ids come from clients: remember a bounded number of them.
      if (this.#windows.size < 1_024) this.#windows.set(model, window);
    }
    return window;
  }

  /**
   * The most completion tokens one choice may ask for: the model's published output limit,
   * else (open models, unknown ids) its whole window, as vLLM checks only the context.
   */
  maxOutputFor(model: string): number {
    let limit = this.#outputs.get(model);
    if (limit === undefined) {
      const window = this.windowFor(model);
      limit = Math.min(window, lookupByModelId(BUILTIN_MAX_OUTPUT_TOKENS, model) ?? window);
      if (this.#outputs.size < 1_024) this.#outputs.set(model, limit);
    }
    return limit;
  }
}

/** OpenAI's published maximum output tokens; models not listed are limited by their window. */
const BUILTIN_MAX_OUTPUT_TOKENS: ReadonlyMap<string, number> = new Map(Object.entries({
  "gpt-4o": 16_384,
  "gpt-4o-mini": 16_384,
  "gpt-4.1": 32_768,
  "gpt-4.1-mini": 32_768,
  "gpt-4.1-nano": 32_768,
  "gpt-4": 8_192,
  "gpt-4-turbo": 4_096,
  "gpt-3.5-turbo": 4_096,
  "gpt-3.5-turbo-instruct": 4_096,
  "o1": 100_000,
  "o1-mini": 65_536,
  "o3": 100_000,
  "o3-mini": 100_000,
  "o4-mini": 100_000,
  "gpt-5": 128_000,
  "gpt-5-mini": 128_000,
  "gpt-5-nano": 128_000,
}));

/**
 * A model id's entry: the exact id; a fine-tune's base model (ft:gpt-4o:org::id); the longest
 * listed id it extends with "-" (gpt-4o-2024-08-06 → gpt-4o); the same without an "org/" prefix.
 */
function lookupByModelId(table: ReadonlyMap<string, number>, model: string): number | undefined {
  const base = model.startsWith("ft:") ? model.split(":")[1] ?? model : model;
  for (const id of [base, base.slice(base.lastIndexOf("/") + 1)]) {
    const exact = table.get(id);
    if (exact !== undefined) return exact;
    let best: string | null = null;
    for (const key of table.keys()) {
      if (id.startsWith(key + "-") && (best === null || key.length > best.length)) best = key;
    }
    if (best !== null) return table.get(best)!;
  }
  return undefined;
}

/** A counted prompt, as the planner hands it to context validation. */
export interface PromptCount {
  /** Everything usage.prompt_tokens counts. */
  tokens: number;
  /** The same without tool definitions and response-format schemas (absent: equal to tokens). */
  coreTokens?: () => number;
}

export interface ContextOverflow {
  window: number;
  promptTokens: number;
  /** The requested output, or null when the request names no limit. */
  completionTokens: number | null;
  /** promptTokens + (completionTokens ?? 0). */
  requested: number;
}

/** The overflow when the prompt plus the requested output exceeds the window, else null. */
export function contextOverflow(
  window: number,
  promptTokens: number,
  completionTokens: number | null,
): ContextOverflow | null {
  const requested = promptTokens + (completionTokens ?? 0);
  return requested > window ? { window, promptTokens, completionTokens, requested } : null;
}
