/**
 * Value types for settings: how a value is parsed from a string (env var, flag) or from a
 * config-file value, and how it is shown. Parsing returns an error message, never throws.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface ValueType<T> {
  /** Short description for help text and the README ("bool", "int 1..65535", ...). */
  readonly label: string;
  fromString(raw: string): Parsed<T>;
  fromFile(raw: unknown): Parsed<T>;
  format(value: T): string;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

const TRUE_WORDS = new Set(["true", "1", "yes", "on"]);
const FALSE_WORDS = new Set(["false", "0", "no", "off"]);

export const bool: ValueType<boolean> = {
  label: "bool",
  fromString(raw) {
    const word = raw.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return ok(true);
    if (FALSE_WORDS.has(word)) return ok(false);
    return fail(`expected a boolean (true/false/1/0/yes/no/on/off), got "${raw}"`);
  },
  fromFile(raw) {
    if (typeof raw === "boolean") return ok(raw);
    if (typeof raw === "string" || typeof raw === "number") return bool.fromString(String(raw));
    return fail(`expected a boolean, got ${describe(raw)}`);
  },
  format: String,
};

const INTEGER_TEXT = /^[-+]?\d+(_\d+)*$/;
const DECIMAL_TEXT = /^[-+]?(\d+(_\d+)*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

function numberType(integer: boolean, min: number, max: number): ValueType<number> {
  const kind = integer ? "integer" : "number";
  const range = rangeLabel(min, max);
  const check = (n: number, raw: unknown): Parsed<number> => {
    if (!Number.isFinite(n)) return fail(`expected ${kind}, got ${describe(raw)}`);
    if (integer && !Number.isInteger(n)) return fail(`expected an integer, got ${describe(raw)}`);
    if (n < min || n > max) return fail(`must be ${range}, got ${n}`);
    return ok(n);
  };
  return {
    label: range ? `${kind} ${range}` : kind,
    fromString(raw) {
      const text = raw.trim();
      if (text === "") return fail(`expected ${kind}, got an empty value`);
      if (!(integer ? INTEGER_TEXT : DECIMAL_TEXT).test(text)) {
        return fail(`expected ${kind}, got "${raw}"`);
      }
      return check(Number(text.replaceAll("_", "")), raw);
    },
    fromFile(raw) {
      if (typeof raw === "number") return check(raw, raw);
      if (typeof raw === "string") return this.fromString(raw);
      return fail(`expected ${kind}, got ${describe(raw)}`);
    },
    format: String,
  };
}

function rangeLabel(min: number, max: number): string {
  const hasMin = min !== -Infinity;
  const hasMax = max !== Infinity;
  if (hasMin && hasMax) return `${min}..${max}`;
  if (hasMin) return `>= ${min}`;
  if (hasMax) return `<= ${max}`;
  return "";
}

export const int = (min = -Infinity, max = Infinity): ValueType<number> =>
  numberType(true, min, max);
export const num = (min = -Infinity, max = Infinity): ValueType<number> =>
  numberType(false, min, max);

/** A count, or "auto" (resolved where it is used, e.g. to the number of CPUs). */
export function countOrAuto(min: number, max: number): ValueType<number | "auto"> {
  const count = int(min, max);
  const isAuto = (raw: unknown) => typeof raw === "string" && raw.trim().toLowerCase() === "auto";
  const orAuto = (parsed: Parsed<number>): Parsed<number | "auto"> =>
    parsed.ok ? parsed : fail(parsed.error.replace(/^expected /, "expected auto or an "));
  return {
    label: `${count.label} or auto`,
    fromString: (raw) => (isAuto(raw) ? ok("auto") : orAuto(count.fromString(raw))),
    fromFile: (raw) => (isAuto(raw) ? ok("auto") : orAuto(count.fromFile(raw))),
    format: String,
  };
}

export const str: ValueType<string> = {
  label: "string",
  fromString: (raw) => ok(raw),
  fromFile: (raw) =>
    typeof raw === "string" || typeof raw === "number"
      ? ok(String(raw))
      : fail(`expected a string, got ${describe(raw)}`),
  format: (v) => v,
};

/** A value that may be absent (null = not set). */
export function optional<T>(inner: ValueType<T>): ValueType<T | null> {
  return {
    label: `${inner.label} (optional)`,
    fromString: (raw) => (raw.trim() === "" ? ok(null) : inner.fromString(raw)),
    fromFile: (raw) => (raw === null || raw === undefined ? ok(null) : inner.fromFile(raw)),
    format: (v) => (v === null ? "(unset)" : inner.format(v)),
  };
}

export function oneOf<const T extends string>(choices: readonly T[]): ValueType<T> {
  const parse = (raw: string): Parsed<T> => {
    const found = choices.find((c) => c.toLowerCase() === raw.trim().toLowerCase());
    return found !== undefined
      ? ok(found)
      : fail(`must be one of ${choices.join(", ")}; got "${raw}"`);
  };
  return {
    label: choices.join("|"),
    fromString: parse,
    fromFile: (raw) =>
      typeof raw === "string" ? parse(raw) : fail(`expected one of ${choices.join(", ")}`),
    format: (v) => v,
  };
}

/** A list of strings: a JSON array ('["a","b"]') or a comma list ("a,b") in env and flags. */
export function list(itemCheck?: (item: string) => string | null): ValueType<string[]> {
  const checkItems = (items: string[]): Parsed<string[]> => {
    for (const item of items) {
      const problem = itemCheck?.(item);
      if (problem) return fail(problem);
    }
    return ok(items);
  };
  return {
    label: "list",
    fromString(raw) {
      const text = raw.trim();
      if (text.startsWith("[")) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          // The raw text is not echoed: it may be a list of API keys.
          return fail("looks like a JSON array but is not valid JSON");
        }
        return this.fromFile(parsed);
      }
      if (text === "") return ok([]);
      return checkItems(text.split(",").map((s) => s.trim()).filter((s) => s !== ""));
    },
    fromFile(raw) {
      if (typeof raw === "string") return this.fromString(raw);
      if (!Array.isArray(raw)) return fail(`expected a list, got ${describe(raw)}`);
      if (!raw.every((x) => typeof x === "string" || typeof x === "number")) {
        return fail("every list item must be a string");
      }
      return checkItems(raw.map(String));
    },
    format: (v) => (v.length === 0 ? "[]" : v.join(",")),
  };
}

function describe(raw: unknown): string {
  if (raw === null) return "null";
  if (Array.isArray(raw)) return "a list";
  if (typeof raw === "object") return "an object";
  if (typeof raw === "string") return `"${raw}"`;
  return `${typeof raw} ${String(raw)}`;
}
