/** String values for the JSON Schema sampler: free text, `format`s, lengths and patterns. */
import type { Prng } from "../../util/prng.ts";
import { patternGenerator } from "./json_schema_pattern.ts";

// deno-fmt-ignore
export const DEFAULT_WORDS: readonly string[] = [
  "alpha", "amber", "anchor", "apple", "autumn", "basket", "beacon", "breeze", "bridge",
  "canyon", "cedar", "circle", "cloud", "copper", "coral", "delta", "desert", "ember",
  "falcon", "forest", "garden", "glacier", "harbor", "horizon", "island", "jasmine",
  "lantern", "maple", "meadow", "mirror", "nectar", "ocean", "orbit", "pebble", "pepper",
  "prairie", "quartz", "river", "saffron", "signal", "silver", "summit", "sunset",
  "thunder", "timber", "valley", "velvet", "willow", "winter", "zephyr",
]

const ASCII_WORD = /^[A-Za-z][A-Za-z0-9]{0,23}$/;

/** Keeps only short ASCII words (prompt text may hold anything); falls back to the defaults. */
export function usableWords(words: readonly string[] | undefined): readonly string[] {
  const ok = (words ?? []).filter((w) => ASCII_WORD.test(w));
  return ok.length > 0 ? [...new Set(ok)] : DEFAULT_WORDS;
}

export interface StringSchema {
  format?: unknown;
  pattern?: unknown;
  minLength?: unknown;
  maxLength?: unknown;
}

const pad2 = (n: number): string => String(n).padStart(2, "0");
const hex = (prng: Prng, n: number): string =>
  Array.from({ length: n }, () => "0123456789abcdef"[prng.int(16)]).join("");

function date(prng: Prng): string {
  return `${2020 + prng.int(7)}-${pad2(1 + prng.int(12))}-${pad2(1 + prng.int(28))}`;
}

function time(prng: Prng): string {
  return `${pad2(prng.int(24))}:${pad2(prng.int(60))}:${pad2(prng.int(60))}Z`;
}

function uuid(prng: Prng): string {
  const variant = "89ab"[prng.int(4)];
  return `${hex(prng, 8)}-${hex(prng, 4)}-4${hex(prng, 3)}-${variant}${hex(prng, 3)}-${
    hex(prng, 12)
  }`;
}

function duration(prng: Prng): string {
  const parts = [
    () => `P${1 + prng.int(30)}D`,
    () => `PT${1 + prng.int(23)}H${1 + prng.int(59)}M`,
    () => `PT${1 + prng.int(59)}M`,
    () => `P${1 + prng.int(6)}DT${1 + prng.int(23)}H`,
    () => `P${1 + prng.int(11)}M`,
  ];
  return prng.pick(parts)();
}

/** A value for a known `format`, or null when the format is unknown. */
export function formatValue(format: string, prng: Prng, words: readonly string[]): string | null {
  const w = () => prng.pick(words).toLowerCase();
  switch (format) {
    case "date-time":
      return `${date(prng)}T${time(prng)}`;
    case "date":
      return date(prng);
    case "time":
      return time(prng);
    case "email":
    case "idn-email":
      return `${w()}.${w()}@example.com`;
    case "uri":
    case "url":
    case "iri":
      return `https://example.com/${w()}/${w()}`;
    case "uri-reference":
    case "iri-reference":
      return `/${w()}/${w()}`;
    case "uuid":
      return uuid(prng);
    case "ipv4":
      return Array.from({ length: 4 }, (_, i) => (i === 0 ? 10 : prng.int(256))).join(".");
    case "ipv6":
      return `2001:db8:${Array.from({ length: 6 }, () => prng.int(65536).toString(16)).join(":")}`;
    case "hostname":
    case "idn-hostname":
      return `${w()}.example.com`;
    case "duration":
      return duration(prng);
    default:
      return null;
  }
}

/** Compiles `pattern` the way Ajv does (unicode flag), falling back to no flags. */
export function compilePattern(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, "u");
  } catch {
    try {
      return new RegExp(pattern);
    } catch {
      return null;
    }
  }
}

/** Free text: a few words, as long as `min..max` characters allow. */
function freeText(prng: Prng, words: readonly string[], min: number, max: number): string {
  const target = Math.min(max, Math.max(min, 1 + prng.int(4) * 8 + prng.int(8)));
  let text = prng.pick(words);
  text = text[0].toUpperCase() + text.slice(1);
  while (text.length < target) text += " " + prng.pick(words);
  text = text.slice(0, max).trimEnd();
  while (text.length < min) text += prng.pick(words)[0];
  return text;
}

/** Plausible values guessed from the property name when nothing else constrains the string. */
function fromKeyHint(key: string, prng: Prng, words: readonly string[]): string | null {
  const k = key.toLowerCase();
  if (/e-?mail/.test(k)) return formatValue("email", prng, words);
  if (/(^|_)(url|uri|link|website|homepage)$/.test(k)) return formatValue("uri", prng, words);
  if (/(^|_)(date|day|birthday)$/.test(k)) return formatValue("date", prng, words);
  if (/(_at|timestamp)$/.test(k)) return formatValue("date-time", prng, words);
  if (/(^|_)(uuid|guid)$/.test(k)) return formatValue("uuid", prng, words);
  return null;
}

const num = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? v : undefined;

/** Code points, as Ajv counts `minLength`/`maxLength`. */
const len = (s: string): number => [...s].length;

/** Repetition spreads tried in turn: typical, minimal, then long enough for large minLengths. */
const SPREADS = [6, 0, 6, 20, 6, 60, 6, 200];

/** Candidates built from words, tried before random generation so pattern values stay readable. */
function wordCandidates(prng: Prng, words: readonly string[]): string[] {
  const a = prng.pick(words).toLowerCase();
  const b = prng.pick(words).toLowerCase();
  const n = String(1 + prng.int(999));
  return [
    a,
    `${a} ${b}`,
    `${a}_${b}`,
    `${a}-${b}`,
    a.toUpperCase(),
    a[0].toUpperCase() + a.slice(1),
    n,
    `${a}${n}`,
  ];
}

/** A string satisfying the schema's string keywords, best effort when they conflict. */
export function sampleString(
  schema: StringSchema,
  prng: Prng,
  words: readonly string[],
  key?: string,
): string {
  const min = Math.max(0, Math.ceil(num(schema.minLength) ?? 0));
  const max = Math.max(min, Math.floor(num(schema.maxLength) ?? Math.max(min, 60)));
  const fits = (s: string) => len(s) >= min && len(s) <= max;
  const format = typeof schema.format === "string" ? formatValue(schema.format, prng, words) : null;
  const regex = typeof schema.pattern === "string" ? compilePattern(schema.pattern) : null;
  if (typeof schema.pattern !== "string" || regex === null) {
    if (format !== null && fits(format)) return format;
    const hinted = key !== undefined && format === null ? fromKeyHint(key, prng, words) : null;
    if (hinted !== null && fits(hinted)) return hinted;
    return freeText(prng, words, min, max);
  }
  const ok = (s: string) => fits(s) && regex.test(s);
  const tried: string[] = [];
  const attempt = (s: string | null): boolean => {
    if (s === null) return false;
    tried.push(s);
    return ok(s);
  };
  if (attempt(format)) return format!;
  for (const c of wordCandidates(prng, words)) if (attempt(c)) return c;
  // One character past `max` is enough to know a string does not fit.
  const generate = patternGenerator(schema.pattern, max + 1);
  for (let i = 0; i < 40; i++) {
    const s = generate(prng, SPREADS[i % SPREADS.length]);
    if (attempt(s)) return s;
  }
  // Steer open-ended quantifiers towards the length bounds by bisecting their repetition count.
  let [lo, hi] = [0, Math.max(min, Math.min(max, 1000))];
  for (let i = 0; i < 16 && lo <= hi; i++) {
    const mid = Math.floor((lo + hi) / 2);
    const s = generate(prng, mid, true);
    if (attempt(s)) return s;
    if (len(s) < min) lo = mid + 1;
    else hi = mid - 1;
  }
  // Unanchored patterns only need to occur somewhere: pad or trim around a match.
  const base = generate(prng, 0);
  for (const s of [base + "x".repeat(Math.max(0, min - len(base))), base.slice(0, max)]) {
    if (attempt(s)) return s;
  }
  return tried.find((s) => regex.test(s)) ?? tried.find(fits) ?? freeText(prng, words, min, max);
}
