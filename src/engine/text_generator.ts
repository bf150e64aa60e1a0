/**
 * Plausible technical prose made of single-token pieces whose concatenation re-tokenizes to
 * exactly the number of pieces. That holds by construction: every piece is a whole
 * pre-tokenizer chunk (" word" of letters only, or one "," or "."), and each word list is
 * filtered once per encoding to the forms that encode to exactly one token on their own.
 */
import type { Prng } from "../util/prng.ts";
import type { EncodingName, Tokenizer } from "./tokenizer.ts";
import {
  buildVocabulary,
  startsWithVowelSound,
  type Vocabulary,
  type Word,
  type WordList,
} from "./prose_vocabulary.ts";

export interface TextGenerator {
  /** Exactly `tokenCount` single-token pieces of prose; deterministic for the prng state. */
  prose(prng: Prng, tokenCount: number, topicWords?: readonly string[]): string[];
}

const TOPIC_CACHE_LIMIT = 10_000;

class Writer {
  readonly out: string[] = [];
  private capNext = true;
  private lastWasPunct = true;

  constructor(
    private readonly v: Vocabulary,
    private readonly r: Prng,
    private readonly topics: readonly Word[],
  ) {}

  private pick(list: WordList): Word {
    if (!this.capNext) return this.r.pick(list.all);
    const starters = this.out.length === 0 ? list.first : list.cap;
    return this.r.pick(starters.length > 0 ? starters : this.v.detSingular.first);
  }

  private emit(w: Word): void {
    if (!this.capNext) this.out.push(w.sp);
    else this.out.push((this.out.length === 0 ? w.first : w.cap) ?? w.sp);
    this.capNext = false;
    this.lastWasPunct = false;
  }

  private say(list: WordList): void {
    this.emit(this.pick(list));
  }

  private punct(p: "," | "."): void {
    if (this.lastWasPunct) return;
    this.out.push(p);
    this.lastWasPunct = true;
  }

  private nounPhrase(plural: boolean, subject: boolean): void {
    const { v, r } = this;
    if (plural && !subject && r.chance(0.25)) {
      if (r.chance(0.3)) this.say(v.adjectives);
      this.say(v.nouns.inflected);
      return;
    }
    let det = this.pick(plural ? v.detPlural : v.detSingular);
    let adj = r.chance(0.35) ? r.pick(v.adjectives.all) : undefined;
    let modifier = r.chance(0.15) ? r.pick(v.nouns.base.all) : undefined;
    let noun = r.pick(plural ? v.nouns.inflected.all : v.nouns.base.all);
    if (this.topics.length > 0 && r.chance(0.3)) {
      // Topic words are often proper nouns ("Kubernetes", "GPU"): they read best as a
      // modifier ("the GPU scheduler") or after "the".
      const topic = r.pick(this.topics);
      if (plural || r.chance(0.6)) modifier = topic;
      else [noun, adj, det] = [topic, undefined, this.pick(v.the)];
    }
    const next = (adj ?? modifier ?? noun).text;
    if (det.text === "a" && startsWithVowelSound(next)) det = v.an;
    this.emit(det);
    if (adj) this.emit(adj);
    if (modifier) this.emit(modifier);
    this.emit(noun);
  }

  private verbPhrase(plural: boolean): void {
    const { v, r } = this;
    const verb = (verbs: Vocabulary["verbs"]) => {
      const i = r.int(verbs.base.all.length);
      this.emit(plural ? verbs.base.all[i] : verbs.inflected.all[i]);
    };
    const roll = r.next();
    if (roll < 0.2) {
      this.say(v.modals);
      this.emit(r.pick(v.verbs.base.all));
      this.nounPhrase(r.chance(0.4), false);
      if (r.chance(0.25)) this.say(v.adverbs);
    } else if (roll < 0.35) {
      verb(v.intransitive);
      this.say(v.adverbs);
    } else {
      verb(v.verbs);
      this.nounPhrase(r.chance(0.4), false);
      if (roll < 0.5) {
        this.emit(v.and);
        verb(v.verbs);
        this.nounPhrase(r.chance(0.4), false);
      }
    }
    if (r.chance(0.35)) this.prepositionalPhrase();
  }

  private prepositionalPhrase(): void {
    this.say(this.v.prepositions);
    this.nounPhrase(this.r.chance(0.3), false);
  }

  private clause(): void {
    const { v, r } = this;
    const roll = r.next();
    if (roll < 0.08) {
      this.say(v.pronouns);
      this.verbPhrase(false);
    } else if (roll < 0.14) {
      const plural = r.chance(0.4);
      this.emit(v.there);
      this.emit(plural ? v.are : v.is);
      this.nounPhrase(plural, false);
      this.prepositionalPhrase();
    } else {
      const plural = r.chance(0.3);
      this.nounPhrase(plural, true);
      this.verbPhrase(plural);
    }
  }

  sentence(): void {
    const { v, r } = this;
    this.capNext = true;
    const roll = r.next();
    if (roll < 0.15) {
      this.say(v.openers);
      this.punct(",");
    } else if (roll < 0.3) {
      this.say(v.subordinators);
      this.clause();
      this.punct(",");
    } else if (roll < 0.4) {
      this.prepositionalPhrase();
      this.punct(",");
    }
    this.clause();
    const tail = r.next();
    if (tail < 0.2) {
      this.punct(",");
      this.say(v.conjunctions);
      this.clause();
    } else if (tail < 0.35) {
      this.say(v.linkers);
      this.clause();
    }
    this.punct(".");
  }
}

function createGenerator(tok: Tokenizer): TextGenerator {
  let vocabulary: Vocabulary | undefined;
  const topicCache = new Map<string, Word | null>();
  const topicWord = (v: Vocabulary, raw: string): Word | null => {
    let w = topicCache.get(raw);
    if (w !== undefined) return w;
    const ok = /^\p{L}{3,24}$/u.test(raw) && !v.stop.has(raw.toLowerCase()) &&
      v.single(" " + raw);
    w = ok ? { text: raw, sp: " " + raw } : null;
    if (topicCache.size >= TOPIC_CACHE_LIMIT) topicCache.clear();
    topicCache.set(raw, w);
    return w;
  };
  return {
    prose(prng, tokenCount, topicWords = []) {
      const count = Number.isFinite(tokenCount) ? Math.max(0, Math.floor(tokenCount)) : 0;
      if (count === 0) return [];
      const v = (vocabulary ??= buildVocabulary(tok));
      const topics: Word[] = [];
      const seen = new Set<string>();
      for (const raw of topicWords) {
        if (topics.length >= 64 || seen.has(raw)) continue;
        seen.add(raw);
        const w = topicWord(v, raw);
        if (w) topics.push(w);
      }
      const writer = new Writer(v, prng, topics);
      while (writer.out.length < count) writer.sentence();
      // A copy of exactly `count`: the pushed-to array keeps its spare capacity, and a held
      // stream keeps this array for its whole life.
      return writer.out.slice(0, count);
    },
  };
}

const generators = new Map<EncodingName, TextGenerator>();

export function textGeneratorFor(tokenizer: Tokenizer): TextGenerator {
  let g = generators.get(tokenizer.encoding);
  if (!g) generators.set(tokenizer.encoding, g = createGenerator(tokenizer));
  return g;
}

/**
 * Splits arbitrary text (e.g. a JSON document) into pieces of whole tokens: tokens are decoded
 * one by one; where a token boundary falls inside a multi-byte UTF-8 character, adjacent tokens
 * are merged so every piece is valid text. Returns the pieces and the token count of each.
 */
export function splitIntoTokenPieces(
  tokenizer: Tokenizer,
  text: string,
): { pieces: string[]; tokenCounts: number[] } {
  const ids = tokenizer.encode(text);
  // Byte-level tokens decode through a streaming UTF-8 decoder (as in gpt-tokenizer): a token
  // ending inside a character decodes to the characters it completes and carries the rest over
  // to the next call. Decoding in order therefore yields valid text per token ("" while a
  // character is incomplete), and those empty tokens merge into the next piece.
  const split = () => {
    const pieces: string[] = [];
    const tokenCounts: number[] = [];
    let carried = 0;
    for (const id of ids) {
      const piece = tokenizer.decode([id]);
      carried++;
      if (piece.length === 0) continue;
      pieces.push(piece);
      tokenCounts.push(carried);
      carried = 0;
    }
    if (carried > 0 && tokenCounts.length > 0) tokenCounts[tokenCounts.length - 1] += carried;
    return { pieces, tokenCounts };
  };
  // A second pass recovers from bytes another caller left pending in that shared decoder.
  for (let attempt = 0; attempt < 2; attempt++) {
    const result = split();
    if (result.pieces.join("") === text) return result;
  }
  return text.length === 0 ? { pieces: [], tokenCounts: [] } : {
    pieces: [text],
    tokenCounts: [ids.length],
  };
}
