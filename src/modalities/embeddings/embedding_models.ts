/** What FakeAI knows about an embedding model: native vector size, `dimensions` support, limits. */

export interface EmbeddingModelInfo {
  /** Vector size without `dimensions`, and the largest `dimensions` accepted. */
  nativeDims: number;
  /** false for text-embedding-ada-002, which rejects `dimensions` like OpenAI does. */
  supportsDimensions: boolean;
  /** Largest single input, tokens. */
  maxInputTokens: number;
}

/** OpenAI's limits for every embedding model. */
export const EMBEDDING_LIMITS = {
  maxInputTokens: 8192,
  maxInputs: 2048,
  maxTokensPerRequest: 300_000,
} as const;

const BUILTIN: Readonly<Record<string, { dims: number; supportsDimensions: boolean }>> = {
  "text-embedding-3-small": { dims: 1536, supportsDimensions: true },
  "text-embedding-3-large": { dims: 3072, supportsDimensions: true },
  "text-embedding-ada-002": { dims: 1536, supportsDimensions: false },
};

export class EmbeddingModels {
  #table = new Map<string, number>();

  /** `pairs`: "model=dims" items (FAKEAI_EMBEDDING_DIMENSIONS, validated by the config loader). */
  constructor(pairs: readonly string[], private readonly defaultDims: number) {
    for (const pair of pairs) {
      const eq = pair.lastIndexOf("=");
      this.#table.set(pair.slice(0, eq).trim(), Number(pair.slice(eq + 1)));
    }
  }

  /** The configured table wins; then OpenAI's models (also as "openai/<id>"); then the default. */
  info(model: string): EmbeddingModelInfo {
    const builtin = builtinInfo(model) ?? builtinInfo(model.slice(model.lastIndexOf("/") + 1));
    const configured = this.#table.get(model);
    return {
      nativeDims: configured ?? builtin?.dims ?? this.defaultDims,
      supportsDimensions: builtin?.supportsDimensions ?? true,
      maxInputTokens: EMBEDDING_LIMITS.maxInputTokens,
    };
  }
}

/** OpenAI's own models; never a member every object inherits ("constructor", "__proto__"). */
function builtinInfo(id: string) {
  return Object.hasOwn(BUILTIN, id) ? BUILTIN[id] : undefined;
}
