/**
 * A lexical stand-in for a cross-encoder reranker (NVIDIA NIM /v1/ranking). Each (query,
 * passage) pair is scored on its own, like a cross-encoder, so a passage's logit does not
 * depend on the other passages: relevance r mixes query-term coverage (content words weigh 1,
 * function words 0.15) with BM25-saturated term frequency, plus a bonus for query bigrams
 * found in order; logit = −9 + 14·r + 2·bigram share, ± a small deterministic jitter, clamped
 * to [−10, 10] and rounded to fp16 precision like the real service's output.
 */
import { deriveSeed, hashString } from "../../util/prng.ts";
import { STOPWORDS, words } from "../text_features.ts";

export interface Ranking {
  index: number;
  logit: number;
}

const K1 = 1.2;
const B = 0.75;
/** Typical passage length in words (BM25 length normalisation against a fixed reference). */
const REFERENCE_LENGTH = 60;
const JITTER = 0.3;

/** Maximum tokens of one query + passage pair, per NVIDIA's support matrix. */
const MAX_PAIR_TOKENS: Readonly<Record<string, number>> = {
  "nv-rerankqa-mistral-4b-v3": 512,
  "llama-3.2-nv-rerankqa-1b-v2": 8192,
  "llama-3.2-nemoretriever-500m-rerank-v2": 8192,
  "llama-nemotron-rerank-1b-v2": 8192,
  "llama-nemotron-rerank-500m-v2": 8192,
  "llama-nemotron-rerank-vl-1b-v2": 10240,
};
const DEFAULT_MAX_PAIR_TOKENS = 8192;

export function maxPairTokens(model: string): number {
  const id = model.slice(model.lastIndexOf("/") + 1).toLowerCase().replaceAll("_", ".");
  return Object.hasOwn(MAX_PAIR_TOKENS, id) ? MAX_PAIR_TOKENS[id] : DEFAULT_MAX_PAIR_TOKENS;
}

/** Passages by logit, highest first (ties keep the passage order). */
export function rankPassages(query: string, passages: readonly string[], seed: number): Ranking[] {
  return rankPairs(passages.map((passage) => ({ query, passage })), seed);
}

/** Like rankPassages, for pairs whose query differs (a query cut by truncation). */
export function rankPairs(
  pairs: ReadonlyArray<{ query: string; passage: string }>,
  seed: number,
): Ranking[] {
  const prepared = new Map<string, { terms: Map<string, number>; bigrams: Set<string> }>();
  const rankings = pairs.map(({ query, passage }, index) => {
    let q = prepared.get(query);
    if (!q) {
      q = { terms: queryTerms(query), bigrams: pairsOf(words(query).map(stem)) };
      prepared.set(query, q);
    }
    return {
      index,
      logit: pairLogit(q.terms, q.bigrams, passage, deriveSeed(seed, query, passage)),
    };
  });
  return rankings.sort((a, b) => b.logit - a.logit || a.index - b.index);
}

function pairLogit(
  terms: ReadonlyMap<string, number>,
  bigrams: ReadonlySet<string>,
  passage: string,
  seed: number,
): number {
  const stems = words(passage).map(stem);
  const tf = new Map<string, number>();
  for (const s of stems) tf.set(s, (tf.get(s) ?? 0) + 1);
  const norm = 1 - B + (B * stems.length) / REFERENCE_LENGTH;
  let weightSum = 0, covered = 0, saturated = 0;
  for (const [term, weight] of terms) {
    const f = tf.get(term) ?? 0;
    weightSum += weight;
    if (f > 0) covered += weight;
    saturated += (weight * f * (K1 + 1)) / (f + K1 * norm);
  }
  const coverage = weightSum > 0 ? covered / weightSum : 0;
  const bm25 = weightSum > 0 ? saturated / weightSum : 0;
  const r = 0.65 * coverage + 0.35 * Math.min(1, bm25 / 1.5);
  let inOrder = 0;
  if (bigrams.size > 0) {
    const present = pairsOf(stems);
    for (const pair of bigrams) if (present.has(pair)) inOrder++;
  }
  const bigramShare = bigrams.size > 0 ? inOrder / bigrams.size : 0;
  const jitter = ((hashString("jitter", seed % 0x7fffffff) % 10_007) / 10_007 * 2 - 1) * JITTER;
  const logit = Math.max(-10, Math.min(10, -9 + 14 * r + 2 * bigramShare + jitter));
  return toFp16Precision(logit);
}

function queryTerms(query: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const word of words(query)) out.set(stem(word), STOPWORDS.has(word) ? 0.15 : 1);
  return out;
}

function pairsOf(stems: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i < stems.length; i++) out.add(stems[i - 1] + " " + stems[i]);
  return out;
}

/** Crude suffix stripping so "roads"/"road" and "traveled"/"travel" meet. */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith("ing")) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

/** Rounds to the nearest value a float16 can hold (10 mantissa bits). */
export function toFp16Precision(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const step = 2 ** (Math.floor(Math.log2(Math.abs(x))) - 10);
  return Math.round(x / step) * step;
}
