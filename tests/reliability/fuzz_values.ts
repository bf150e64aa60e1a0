/**
 * The fuzzer's values and its oracle. A value is raw JSON text (so `1e400`, `-0` and 2^64 reach
 * the server as written) with a short label for case ids. A Kind judges what JSON.parse makes of
 * it for one field: "ok" (the request stays valid), "bad" (a 400 naming the field) or "either"
 * (both answers are right).
 */

export type Verdict = "ok" | "bad" | "either";
export type Kind = (value: unknown) => Verdict;

export interface FuzzValue {
  label: string;
  raw: string;
}

const deep = (depth: number, open: string, close: string) =>
  open.repeat(depth) + close.repeat(depth);

/** Values every field is tried with (a seeded sample of them per field). */
export const POOL: readonly FuzzValue[] = [
  ["null", "null"],
  ["true", "true"],
  ["false", "false"],
  ["0", "0"],
  ["-0", "-0"],
  ["1", "1"],
  ["-1", "-1"],
  ["1.0", "1.0"],
  ["0.5", "0.5"],
  ["1.5", "1.5"],
  ["2", "2"],
  ["4", "4"],
  ["16", "16"],
  ["20", "20"],
  ["100", "100"],
  ["128", "128"],
  ["129", "129"],
  ["1e308", "1e308"],
  ["-1e308", "-1e308"],
  ["1e400", "1e400"],
  ["-1e400", "-1e400"],
  ["5e-324", "5e-324"],
  ["2^53+1", "9007199254740993"],
  ["2^53-1", "9007199254740991"],
  ["2^64", "18446744073709551616"],
  ["-2^31-1", "-2147483649"],
  ["1e21", "1e21"],
  ['"NaN"', '"NaN"'],
  ['"Infinity"', '"Infinity"'],
  ['"-1"', '"-1"'],
  ['"1"', '"1"'],
  ['""', '""'],
  ['" "', '" "'],
  ['"true"', '"true"'],
  ['"null"', '"null"'],
  ['"x"', '"x"'],
  ["nul-char", '"\\u0000"'],
  ["lone-surrogate", '"\\ud800"'],
  ["noncharacter", '"\\uffff"'],
  ["emoji", '"\u{1F99C}\u{1F99C}"'],
  ["rtl-override", '"\\u202e"'],
  ["long-string", JSON.stringify("lorem ipsum ".repeat(100))],
  ["[]", "[]"],
  ["[null]", "[null]"],
  ["[1]", "[1]"],
  ['["x"]', '["x"]'],
  ["[[]]", "[[]]"],
  ["[{}]", "[{}]"],
  ["{}", "{}"],
  ['{"a":1}', '{"a":1}'],
  ['{"type":"text"}', '{"type":"text"}'],
  ["__proto__-object", '{"__proto__":{"polluted":"yes"}}'],
  ["constructor-key", '{"constructor":"x"}'],
  ['"__proto__"', '"__proto__"'],
  ['"constructor"', '"constructor"'],
  ["deep-array-64", deep(64, "[", "]")],
  ["deep-object-64", '{"a":'.repeat(64) + "1" + "}".repeat(64)],
  ["500-ints", JSON.stringify(Array.from({ length: 500 }, (_, i) => i))],
].map(([label, raw]) => ({ label, raw }));

export function valueOf(value: FuzzValue): unknown {
  return JSON.parse(value.raw);
}

/** A value given as a JS value (field-specific extras), labelled by its JSON. */
export function jsValue(v: unknown): FuzzValue {
  const raw = JSON.stringify(v);
  return { label: raw.length <= 40 ? raw : `${raw.slice(0, 37)}...`, raw };
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const verdict = (ok: boolean): Verdict => (ok ? "ok" : "bad");

/** Absent or null is fine; anything else is judged by `kind`. */
export const nullish = (kind: Kind): Kind => (v) => v === undefined || v === null ? "ok" : kind(v);
/** Absent is fine (null is not: zod's .optional()). */
export const optional = (kind: Kind): Kind => (v) => v === undefined ? "ok" : kind(v);

export const str = (min = 0, max = Infinity): Kind => (v) =>
  verdict(typeof v === "string" && v.length >= min && v.length <= max);
/** zod's .int(): a safe integer. */
export const int = (min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): Kind => (v) =>
  verdict(typeof v === "number" && Number.isSafeInteger(v) && v >= min && v <= max);
/** zod's z.number(): finite. */
export const num = (min: number, max: number): Kind => (v) =>
  verdict(typeof v === "number" && Number.isFinite(v) && v >= min && v <= max);
export const bool: Kind = (v) => verdict(typeof v === "boolean");
export const oneOf = (...values: unknown[]): Kind => (v) => verdict(values.includes(v));
export const never: Kind = () => "bad";
export const anything: Kind = () => "ok";
/**
 * An object of `kind` values. zod drops a `__proto__` key from records unread (its guard against
 * prototype pollution), so a record holding one passes either way.
 */
export const record = (kind: Kind): Kind => (v) => {
  if (!isObject(v)) return "bad";
  const own = Object.entries(v).filter(([k]) => k !== "__proto__");
  if (!own.every(([, x]) => kind(x) === "ok")) return "bad";
  return Object.hasOwn(v, "__proto__") && kind(v.__proto__) !== "ok" ? "either" : "ok";
};
export const arrayOf = (kind: Kind, min = 0, max = Infinity): Kind => (v) =>
  verdict(
    Array.isArray(v) && v.length >= min && v.length <= max && v.every((x) => kind(x) === "ok"),
  );
export const anyOf = (...kinds: Kind[]): Kind => (v) => {
  const verdicts = kinds.map((k) => k(v));
  return verdicts.includes("ok") ? "ok" : verdicts.includes("either") ? "either" : "bad";
};
/** A value above the model's output limit is OpenAI's 400 (work budgets). */
export const budget = (kind: Kind, limit: number): Kind => (v) => {
  const base = kind(v);
  return base === "ok" && typeof v === "number" && v > limit ? "bad" : base;
};
/** A model name: any non-empty string (an empty one is a 400 on every endpoint). */
export const modelName: Kind = (v) => v === "" ? "bad" : str()(v);
