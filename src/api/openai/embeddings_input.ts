/**
 * The `input` of /v1/embeddings: a string, strings, one token array or token arrays. OpenAI
 * answers every malformed form (empty string, empty array, wrong types, more than 2048 items)
 * with the same message and no param; so does FakeAI.
 */
import { EMBEDDING_LIMITS } from "../../modalities/embeddings/embedding_models.ts";
import { decodeClientTokens } from "../../engine/token_ids.ts";
import type { Tokenizer } from "../../engine/tokenizer.ts";
import { errors } from "../../server/errors.ts";

export interface EmbeddingItem {
  text: string;
  /** Prompt tokens: the real BPE count of a string, or the number of ids given. */
  tokens: number;
}

export function parseEmbeddingInput(input: unknown, tokenizer: Tokenizer): EmbeddingItem[] {
  if (input === undefined) throw errors.missingParam("input");
  if (typeof input === "string") return [textItem(input, tokenizer)];
  if (!Array.isArray(input) || input.length === 0) throw errors.invalidEmbeddingInput();
  // One flat token array is a single input: the 8192-token limit applies, not the 2048 items.
  if (input.every(isTokenId)) return [tokenItem(input, tokenizer)];
  if (input.length > EMBEDDING_LIMITS.maxInputs) throw errors.invalidEmbeddingInput();
  if (input.every((x) => typeof x === "string")) {
    return input.map((text) => textItem(text, tokenizer));
  }
  if (input.every((x) => Array.isArray(x) && x.every(isTokenId))) {
    return input.map((ids) => tokenItem(ids, tokenizer));
  }
  throw errors.invalidEmbeddingInput();
}

function textItem(text: string, tokenizer: Tokenizer): EmbeddingItem {
  if (text.length === 0) throw errors.invalidEmbeddingInput();
  return { text, tokens: tokenizer.count(text) };
}

function tokenItem(ids: number[], tokenizer: Tokenizer): EmbeddingItem {
  if (ids.length === 0) throw errors.invalidEmbeddingInput();
  // Too long anyway (checkTokenLimits answers it): do not spend time decoding it.
  if (ids.length > EMBEDDING_LIMITS.maxInputTokens) return { text: "", tokens: ids.length };
  const text = decodeClientTokens(tokenizer, ids);
  if (text === null) throw errors.invalidEmbeddingInput();
  return { text, tokens: ids.length };
}

function isTokenId(x: unknown): x is number {
  return typeof x === "number" && Number.isInteger(x) && x >= 0;
}

/** OpenAI's two token limits: per input, then per request. */
export function checkTokenLimits(items: readonly EmbeddingItem[], maxInputTokens: number): void {
  let total = 0;
  for (const item of items) {
    if (item.tokens > maxInputTokens) {
      throw errors.embeddingInputTooLong(maxInputTokens, item.tokens);
    }
    total += item.tokens;
  }
  if (total > EMBEDDING_LIMITS.maxTokensPerRequest) {
    throw errors.embeddingTokensPerRequestExceeded(total, EMBEDDING_LIMITS.maxTokensPerRequest);
  }
}
