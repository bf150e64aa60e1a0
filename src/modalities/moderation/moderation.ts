/**
 * The simulated moderation classifier: deterministic category scores from the word lists in
 * moderation_lexicon.ts. Evidence E of a category is the sum over matched terms of
 * weight × (1 + ln occurrences), plus co-occurrence bonuses, plus PARENT_SHARE of each
 * subcategory's evidence for its parents; score = 1 − e^(−E), lifted by a tiny baseline
 * (1e-6 … 3e-3, log-uniform from a hash of the input) so unrelated text never scores exactly 0.
 * Pure: the traffic-control middleware reuses it for FAKEAI_ENABLE_MODERATION.
 */
import { hashString } from "../../util/prng.ts";
import {
  COMBINATIONS,
  IMAGE_CATEGORIES,
  LEXICON,
  MINOR_TERMS,
  MODERATION_CATEGORIES,
  type ModerationCategory,
  PARENT_SHARE,
  PARENTS,
} from "./moderation_lexicon.ts";
import { words } from "../text_features.ts";

export { MODERATION_CATEGORIES, type ModerationCategory } from "./moderation_lexicon.ts";

export type CategoryMap<T> = Record<ModerationCategory, T>;

export interface ModerationResult {
  flagged: boolean;
  categories: CategoryMap<boolean>;
  category_scores: CategoryMap<number>;
}

export interface MultimodalModerationResult extends ModerationResult {
  category_applied_input_types: CategoryMap<Array<"text" | "image">>;
}

export const DEFAULT_MODERATION_THRESHOLD = 0.5;

/** Scores one text; a category is flagged when its score reaches `threshold`. */
export function moderate(text: string, threshold = DEFAULT_MODERATION_THRESHOLD): ModerationResult {
  const { applied: _, ...result } = moderateParts([text], [], threshold);
  return result;
}

/**
 * Scores text parts and image URLs together (one multimodal input). Images cannot be seen, so
 * the words of an http(s) URL (e.g. ".../gore.png") stand in for its content, for the image
 * categories only; data: URLs add nothing but the baseline.
 */
export function moderateParts(
  texts: readonly string[],
  imageUrls: readonly string[],
  threshold = DEFAULT_MODERATION_THRESHOLD,
): ModerationResult & { applied: CategoryMap<Array<"text" | "image">> } {
  const textEvidence = evidence(texts.join("\n"));
  const imageEvidence = evidence(imageUrls.filter((u) => !u.startsWith("data:")).join("\n"));
  const noiseKey = texts.join("\u0000") + "\u0001" + imageUrls.join("\u0000");
  const categories = {} as CategoryMap<boolean>;
  const scores = {} as CategoryMap<number>;
  const applied = {} as CategoryMap<Array<"text" | "image">>;
  let flagged = false;
  for (const cat of MODERATION_CATEGORIES) {
    const onImage = IMAGE_CATEGORIES.has(cat);
    const e = textEvidence[cat] + (onImage ? imageEvidence[cat] : 0);
    const score = smoothScore(e, noiseKey, cat);
    scores[cat] = score;
    categories[cat] = score >= threshold;
    flagged ||= categories[cat];
    const types: Array<"text" | "image"> = [];
    if (texts.length > 0) types.push("text");
    if (imageUrls.length > 0 && onImage) types.push("image");
    applied[cat] = types;
  }
  return { flagged, categories, category_scores: scores, applied };
}

function smoothScore(evidence: number, key: string, cat: string): number {
  const u = (hashString(cat, hashString(key) % 0x7fffffff) % 1_000_003) / 1_000_003;
  const baseline = Math.pow(10, -6 + 3.5 * u);
  const s = 1 - Math.exp(-evidence);
  return Number((s + (1 - s) * baseline).toPrecision(8));
}

type Source = ModerationCategory | "minor";
type Evidence = Record<Source, number>;

function evidence(text: string): Evidence {
  const list = words(text.replaceAll("’", "'"));
  const counts = new Map<CompiledTerm, number>();
  for (let i = 0; i < list.length; i++) {
    for (const term of index.get(list[i]) ?? []) {
      if (matchesAt(list, i, term)) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    for (const term of prefixTerms) {
      if (list[i].startsWith(term.words[0])) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
  }
  const out = { minor: 0 } as Evidence;
  for (const cat of MODERATION_CATEGORIES) out[cat] = 0;
  for (const [term, count] of counts) out[term.source] += term.weight * (1 + Math.log(count));
  for (const combo of COMBINATIONS) {
    if (combo.needs.every((need) => out[need] > 0)) out[combo.target] += combo.weight;
  }
  for (const cat of MODERATION_CATEGORIES) {
    for (const parent of PARENTS[cat] ?? []) out[parent] += PARENT_SHARE * out[cat];
  }
  return out;
}

interface CompiledTerm {
  source: Source;
  words: string[];
  /** The last word matches any word starting with it. */
  prefix: boolean;
  weight: number;
}

/** Terms by first word; single-word prefix terms ("murder*") are checked at every word. */
const index = new Map<string, CompiledTerm[]>();
const prefixTerms: CompiledTerm[] = [];

/** Parses "term=weight; ..." (see moderation_lexicon.ts) into the index. */
function compile(source: Source, list: string): void {
  for (const entry of list.split(";")) {
    const eq = entry.lastIndexOf("=");
    const text = entry.slice(0, eq).trim();
    const weight = Number(entry.slice(eq + 1));
    const prefix = text.endsWith("*");
    const term = { source, words: words(prefix ? text.slice(0, -1) : text), prefix, weight };
    if (prefix && term.words.length === 1) prefixTerms.push(term);
    else index.set(term.words[0], [...(index.get(term.words[0]) ?? []), term]);
  }
}
for (const cat of MODERATION_CATEGORIES) compile(cat, LEXICON[cat]);
compile("minor", MINOR_TERMS);

function matchesAt(list: readonly string[], at: number, term: CompiledTerm): boolean {
  const last = term.words.length - 1;
  if (at + last >= list.length) return false;
  for (let j = 1; j <= last; j++) {
    const word = list[at + j];
    const want = term.words[j];
    if (j === last && term.prefix ? !word.startsWith(want) : word !== want) return false;
  }
  return true;
}
