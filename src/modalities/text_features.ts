/** Word-level text features shared by the embedding, reranking and moderation models. */

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** Lower-cased words (letters and digits, keeping "don't"-style contractions), in order. */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Function words: they carry little meaning, so they weigh less in similarity and ranking. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a an the and or but if of at by for with about against between into through during before " +
    "after above below to from up down in out on off over under again further then once here " +
    "there when where why how all any both each few more most other some such no nor not only " +
    "own same so than too very can will just should now is are was were be been being have has " +
    "had having do does did doing i me my we our you your he him his she her it its they them " +
    "their what which who whom this that these those am would could shall may might must"
  ).split(" "),
);

/** 32-bit FNV-1a of a string's UTF-16 code units, continuing from `seed`. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's 32-bit finaliser: spreads the bits of an integer hash. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
