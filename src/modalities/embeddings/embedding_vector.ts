/**
 * Similarity-preserving text embeddings without a model: a feature-hashing bag of word unigrams,
 * word bigrams and character trigrams (sublinear tf, signed hashing into a Float32Array), plus a
 * fixed per-model "background" direction, so unrelated texts sit at a realistic small positive
 * cosine instead of exactly zero and every component is non-zero. Deterministic per (seed, text).
 */
import { createPrng, deriveSeed } from "../../util/prng.ts";
import { FeatureCounter } from "./feature_counter.ts";
import { fnv1a, mix32, STOPWORDS, words } from "../text_features.ts";

// Feature classes and their weights.
const UNIGRAM = 0;
const STOP_UNIGRAM = 1;
const BIGRAM = 2;
const STOP_BIGRAM = 3;
const TRIGRAM = 4;
const WEIGHT = [1, 0.25, 0.7, 0.3, 0.25];
const SALT = [0x1b873593, 0x27d4eb2f, 0x165667b1, 0x61c88647, 0x7feb352d];
/**
 * Each feature adds ± its weight at SPREAD positions, drawn from nested prefixes of the vector
 * (the first 32, the first 256, then anywhere), so that, as with OpenAI's Matryoshka-trained
 * models, a vector cut short by `dimensions` keeps the text's signal instead of only noise.
 */
const RANGES = [32, 256, Infinity, Infinity];
const SPREAD = RANGES.length;
/** Weight of the shared background direction relative to the unit text part. */
const BACKGROUND = 0.4;

/** The hashing seed of one embedding model on one server. */
export function embeddingSeed(serverSeed: number, model: string): number {
  return deriveSeed("embedding", serverSeed, model) >>> 0;
}

const counter = new FeatureCounter();

/** A unit-length vector of `dims` components for `text`. */
export function embedText(text: string, dims: number, seed: number): Float32Array {
  const add = (key: number, cls: number) => counter.add(mix32(key ^ SALT[cls]), cls);
  const list = words(text);
  const hashes = new Uint32Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const word = list[i];
    const h = fnv1a(word, seed);
    hashes[i] = h;
    const stop = STOPWORDS.has(word);
    add(h, stop ? STOP_UNIGRAM : UNIGRAM);
    if (i > 0) {
      const stopPair = stop || STOPWORDS.has(list[i - 1]);
      add(mix32(hashes[i - 1] * 31) ^ h, stopPair ? STOP_BIGRAM : BIGRAM);
    }
    if (!stop) addTrigrams(word, seed, add);
  }
  // Text without letters or digits (emoji, punctuation) still gets a text-specific vector.
  if (list.length === 0) addTrigrams(text, seed, add);

  const out = new Float32Array(dims);
  const ranges = RANGES.map((r) => Math.min(r, dims));
  counter.drain((key, tf, cls) => {
    const w = (1 + Math.log(tf)) * WEIGHT[cls] / Math.sqrt(SPREAD);
    for (let j = 0; j < SPREAD; j++) {
      const x = mix32(key + Math.imul(j, 0x9e3779b9));
      out[(x & 0x7fffffff) % ranges[j]] += x >>> 31 ? -w : w;
    }
  });
  normalize(out);
  const background = backgroundFor(seed, dims);
  for (let i = 0; i < dims; i++) out[i] += BACKGROUND * background[i];
  normalize(out);
  return out;
}

/** Character trigrams of " word " (with boundary marks), hashed without building substrings. */
function addTrigrams(word: string, seed: number, add: (key: number, cls: number) => void): void {
  let a = 32;
  let b = word.charCodeAt(0);
  const base = seed ^ 0x811c9dc5;
  for (let i = 1; i <= word.length; i++) {
    const c = i < word.length ? word.charCodeAt(i) : 32;
    let h = Math.imul(base ^ a, 0x01000193);
    h = Math.imul(h ^ b, 0x01000193);
    add(Math.imul(h ^ c, 0x01000193), TRIGRAM);
    a = b;
    b = c;
  }
}

/** The first `dims` components, scaled back to unit length (what OpenAI's `dimensions` does). */
export function reduceDimensions(vector: Float32Array, dims: number): Float32Array {
  if (dims >= vector.length) return vector;
  const out = vector.slice(0, dims);
  normalize(out);
  return out;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

function normalize(v: Float32Array): void {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  if (sum === 0) return;
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < v.length; i++) v[i] *= scale;
}

const BACKGROUND_CACHE_LIMIT = 32;
const backgrounds = new Map<string, Float32Array>();

/** A fixed unit vector per (seed, dims); cached, bounded so client-chosen model ids cannot grow it. */
function backgroundFor(seed: number, dims: number): Float32Array {
  const key = `${seed}:${dims}`;
  let v = backgrounds.get(key);
  if (v) return v;
  const prng = createPrng(deriveSeed("embedding background", seed, dims));
  v = new Float32Array(dims);
  // Same energy profile over the components as the text part, so a vector cut short by
  // `dimensions` keeps the same balance between the two.
  const ranges = RANGES.map((r) => Math.min(r, dims));
  for (let i = 0; i < dims; i++) {
    let density = 0;
    for (const r of ranges) if (i < r) density += 1 / r;
    v[i] = prng.normal() * Math.sqrt(density);
  }
  normalize(v);
  if (backgrounds.size >= BACKGROUND_CACHE_LIMIT) {
    backgrounds.delete(backgrounds.keys().next().value!);
  }
  backgrounds.set(key, v);
  return v;
}
