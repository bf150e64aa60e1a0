/** Object ids (chatcmpl-…, call_…): unique per process, derived from a seeded PRNG and a counter. */
import { createPrng, type Prng } from "./prng.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const ALPHABET_CODES = Array.from(ALPHABET, (char) => char.charCodeAt(0));
/** One id's character codes (ids are made one at a time): one flat string, not a join per char. */
const codes: number[] = [];

export class IdGenerator {
  #prng: Prng;

  /** Production passes a random instance seed so replicas do not collide; tests pass a fixed one. */
  constructor(seed: number) {
    this.#prng = createPrng(seed);
  }

  next(prefix: string, length = 24): string {
    codes.length = length;
    for (let i = 0; i < length; i++) codes[i] = ALPHABET_CODES[this.#prng.int(ALPHABET.length)];
    return prefix + String.fromCharCode.apply(null, codes);
  }
}

/** Random seed for production id generators (ids are not behaviour, so need not repeat). */
export function randomInstanceSeed(): number {
  const words = crypto.getRandomValues(new Uint32Array(2));
  return (words[0] & 0x1fffff) * 4294967296 + words[1];
}
