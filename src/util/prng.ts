/** Seeded pseudo-random numbers. Every random choice in FakeAI goes through one of these. */

/** 53-bit string hash (cyrb53): stable across runs and platforms, used to derive seeds. */
export function hashString(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  return finishHash(h1, h2);
}

/** hashString's value, computed a slice of text at a time with `pause()` between slices. */
export async function hashStringSliced(
  text: string,
  pause: () => Promise<void>,
  sliceChars = 1 << 20,
): Promise<number> {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let from = 0; from < text.length; from += sliceChars) {
    const to = Math.min(text.length, from + sliceChars);
    for (let i = from; i < to; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    await pause();
  }
  return finishHash(h1, h2);
}

function finishHash(h1: number, h2: number): number {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * Combines any number of parts (numbers or strings) into one 53-bit seed: hashString of the parts
 * joined with NUL, without building that string (it runs several times per request). Safe
 * integers are hashed digit by digit, exactly as their decimal text.
 */
export function deriveSeed(...parts: Array<string | number>): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let p = 0; p < parts.length; p++) {
    if (p > 0) {
      h1 = Math.imul(h1, 2654435761); // the NUL between parts (h ^ 0 is h)
      h2 = Math.imul(h2, 1597334677);
    }
    const part = parts[p];
    const text = typeof part === "number" && isPlainInteger(part) ? null : String(part);
    if (text === null) {
      const count = writeDigits(part as number);
      for (let i = 0; i < count; i++) {
        h1 = Math.imul(h1 ^ DIGITS[i], 2654435761);
        h2 = Math.imul(h2 ^ DIGITS[i], 1597334677);
      }
      continue;
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
  }
  return finishHash(h1, h2);
}

/** A safe integer other than -0: String() gives it as plain decimal digits. */
function isPlainInteger(n: number): boolean {
  return Number.isSafeInteger(n) && !Object.is(n, -0);
}

/** Scratch for writeDigits: the character codes of one integer's decimal text. */
const DIGITS = new Uint8Array(17);

/** Writes String(n)'s character codes into DIGITS (n a plain integer); returns their count. */
function writeDigits(n: number): number {
  let at = 0;
  if (n < 0) {
    DIGITS[at++] = 45; // "-"
    n = -n;
  }
  // Below 2^53: a high part under 2^27 and eight low digits, each an int32.
  const high = Math.floor(n / 1e8);
  let low = n - high * 1e8;
  if (high > 0) {
    let h = high;
    let digits = 1;
    for (let x = 10; x <= h; x *= 10) digits++;
    for (let i = at + digits - 1; i >= at; i--) {
      DIGITS[i] = 48 + (h % 10);
      h = (h / 10) | 0;
    }
    at += digits;
    for (let i = at + 7; i >= at; i--) {
      DIGITS[i] = 48 + (low % 10);
      low = (low / 10) | 0;
    }
    return at + 8;
  }
  let digits = 1;
  for (let x = 10; x <= low; x *= 10) digits++;
  for (let i = at + digits - 1; i >= at; i--) {
    DIGITS[i] = 48 + (low % 10);
    low = (low / 10) | 0;
  }
  return at + digits;
}

export interface Prng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform float in [min, max). */
  range(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** Standard normal deviate (Box-Muller). */
  normal(): number;
  /** true with probability p. */
  chance(p: number): boolean;
}

/** sfc32: small, fast, good statistical quality; state seeded from a 53-bit number. */
export function createPrng(seed: number | string): Prng {
  return new Sfc32(typeof seed === "string" ? hashString(seed) : seed);
}

/** Four 32-bit words of state and methods on the prototype: about 50 bytes per generator. */
class Sfc32 implements Prng {
  #a: number;
  #b: number;
  #c = 0x9e3779b9;
  #d: number;

  constructor(s: number) {
    this.#a = s >>> 0;
    this.#b = Math.floor(s / 4294967296) >>> 0;
    this.#d = 0x6d2b79f5 ^ this.#a;
    for (let i = 0; i < 12; i++) this.next();
  }

  next(): number {
    const a = this.#a | 0;
    const b = this.#b | 0;
    const c = this.#c | 0;
    const d = this.#d | 0;
    const t = (((a + b) | 0) + d) | 0;
    this.#d = (d + 1) | 0;
    this.#a = b ^ (b >>> 9);
    this.#b = (c + (c << 3)) | 0;
    const rotated = (c << 21) | (c >>> 11);
    this.#c = (rotated + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}
