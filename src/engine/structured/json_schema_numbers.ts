/** Numbers for the JSON Schema sampler: bounds (draft-4 and 2020 styles) and `multipleOf`. */
import type { Prng } from "../../util/prng.ts";

export interface NumberSchema {
  minimum?: unknown;
  maximum?: unknown;
  exclusiveMinimum?: unknown;
  exclusiveMaximum?: unknown;
  multipleOf?: unknown;
}

interface Bounds {
  lo: number;
  hi: number;
  loExcl: boolean;
  hiExcl: boolean;
}

const num = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? v : undefined;

/** Widest span we draw from, so huge ranges (e.g. int64 limits) still give readable values. */
const WINDOW = 1000;

function bounds(schema: NumberSchema): Bounds {
  let lo = num(schema.minimum);
  let hi = num(schema.maximum);
  let loExcl = schema.exclusiveMinimum === true && lo !== undefined;
  let hiExcl = schema.exclusiveMaximum === true && hi !== undefined;
  const exLo = num(schema.exclusiveMinimum);
  if (exLo !== undefined && (lo === undefined || exLo >= lo)) [lo, loExcl] = [exLo, true];
  const exHi = num(schema.exclusiveMaximum);
  if (exHi !== undefined && (hi === undefined || exHi <= hi)) [hi, hiExcl] = [exHi, true];
  if (lo === undefined && hi === undefined) [lo, hi] = [0, 100];
  else if (lo === undefined) lo = hi! > 0 ? 0 : hi! - 100;
  else if (hi === undefined) hi = lo + 100;
  let [a, b] = [lo, hi!];
  if (b - a > WINDOW) {
    if (a <= 0 && b >= 0) [a, b] = [Math.max(a, 0), Math.min(b, WINDOW)];
    else if (a > 0) b = a + WINDOW;
    else a = b - WINDOW;
  }
  return { lo: a, hi: b, loExcl: loExcl && a === lo, hiExcl: hiExcl && b === hi };
}

const inBounds = (v: number, b: Bounds): boolean =>
  (b.loExcl ? v > b.lo : v >= b.lo) && (b.hiExcl ? v < b.hi : v <= b.hi);

/** Ajv's test: `value / multipleOf` must be an integer. */
const isMultiple = (v: number, m: number): boolean => Number.isInteger(v / m);

function decimals(m: number): number {
  const s = String(m);
  const exp = /e-(\d+)$/.exec(s);
  if (exp) return Math.min(20, Number(exp[1]) + (s.split("e")[0].split(".")[1]?.length ?? 0));
  return Math.min(20, s.split(".")[1]?.length ?? 0);
}

function sampleMultiple(b: Bounds, m: number, integer: boolean, prng: Prng): number {
  const kLo = Math.ceil(b.lo / m);
  const kHi = Math.floor(b.hi / m);
  const places = decimals(m);
  const value = (k: number) => (places === 0 ? k * m : Number((k * m).toFixed(places)));
  const good = (v: number) =>
    inBounds(v, b) && isMultiple(v, m) && (!integer || Number.isInteger(v));
  if (kHi >= kLo) {
    for (let i = 0; i < 20; i++) {
      const v = value(kLo + prng.int(kHi - kLo + 1));
      if (good(v)) return v;
    }
    for (let k = kLo; k <= kHi && k < kLo + 10_000; k++) if (good(value(k))) return value(k);
  }
  return good(0) ? 0 : value(kLo);
}

/** A number (or integer) inside the schema's bounds; best effort when they are contradictory. */
export function sampleNumber(schema: NumberSchema, prng: Prng, integer: boolean): number {
  const b = bounds(schema);
  const m = num(schema.multipleOf);
  if (m !== undefined && m > 0) return sampleMultiple(b, m, integer, prng) + 0;
  if (integer) {
    const lo = b.loExcl ? Math.floor(b.lo) + 1 : Math.ceil(b.lo);
    const hi = b.hiExcl ? Math.ceil(b.hi) - 1 : Math.floor(b.hi);
    return (hi < lo ? lo : lo + prng.int(hi - lo + 1)) + 0;
  }
  const v = b.lo + prng.next() * (b.hi - b.lo);
  const rounded = Math.round(v * 100) / 100;
  if (inBounds(rounded, b)) return rounded + 0;
  if (inBounds(v, b)) return v;
  return (b.lo + b.hi) / 2;
}
