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
  const s = typeof seed === "string" ? hashString(seed) : seed;
  let a = s >>> 0;
  let b = Math.floor(s / 4294967296) >>> 0;
  let c = 0x9e3779b9;
  let d = 0x6d2b79f5 ^ a;
  const raw = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) raw();
  const prng: Prng = {
    next: raw,
    int: (n) => Math.floor(raw() * n),
    range: (min, max) => min + raw() * (max - min),
    pick: (items) => items[Math.floor(raw() * items.length)],
    normal: () => {
      const u = 1 - raw();
      const v = raw();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    chance: (p) => raw() < p,
  };
  return prng;
}
