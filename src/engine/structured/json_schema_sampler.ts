/**
 * Deterministic sample values for a JSON Schema, so structured outputs and tool-call arguments
 * validate against the schema the client sent (SDK `.parse()`, Zod, Pydantic).
 *
 * Not supported (best effort, the value may not validate): `not`, `if`/`then`/`else`,
 * `patternProperties`, `propertyNames`, `dependentSchemas`, `unevaluated*`, `minContains`/
 * `maxContains`, remote or `$id`/`$anchor`-based `$ref`s, and `oneOf` exclusivity (a value is
 * drawn from one branch and not checked against the others). See json_schema_pattern.ts for
 * the regex subset `pattern` understands.
 */
import type { Prng } from "../../util/prng.ts";
import { isObject, mergeSchemas, type SchemaObject } from "./json_schema_merge.ts";
import {
  choose,
  type Ctx,
  inferType,
  matchesType,
  normalize,
  NULL_CHANCE,
} from "./json_schema_normalize.ts";
import { sampleNumber } from "./json_schema_numbers.ts";
import { patternMinLength } from "./json_schema_pattern.ts";
import { sampleString, usableWords } from "./json_schema_strings.ts";

export interface SampleOptions {
  /** Words to use for free-text strings (e.g. taken from the prompt); fall back to a built-in list. */
  words?: readonly string[];
  /** Max recursion depth for $ref / nested schemas before choosing the smallest valid value. */
  maxDepth?: number;
  /**
   * Characters of JSON the value may take (default unbounded). A schema whose minimums need
   * more (`minLength: 1e9`, `minItems: 1e9`) is cut short here instead of filling memory; the
   * caller truncates the output at max_tokens, as the real API does.
   */
  maxChars?: number;
}

/** A sampled value and whether the character budget cut it short. */
export interface Sample {
  value: unknown;
  truncated: boolean;
}

/** Past maxDepth we only take terminating paths; this far past it we give up with null. */
const HARD_EXTRA_DEPTH = 24;
const OPTIONAL_PROPERTY_CHANCE = 0.6;

const num = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? v : undefined;

function sampleObject(s: SchemaObject, ctx: Ctx, depth: number, free: boolean): SchemaObject {
  const props = isObject(s.properties) ? s.properties : {};
  const required = new Set(
    Array.isArray(s.required) ? s.required.filter((k) => typeof k === "string") : [],
  );
  const extra = s.additionalProperties;
  const terminal = depth >= ctx.maxDepth;
  // No prototype while filling: `k in out` must not find "constructor", nor `out[k] =` set one
  // for "__proto__". The result gets a normal prototype, with "__proto__" as an own property.
  const out: SchemaObject = Object.create(null);
  const add = (k: string) => {
    if (k in out) return;
    if (!spend(ctx, k.length + 4)) return;
    out[k] = sample(
      Object.hasOwn(props, k) ? props[k] : extra === undefined ? true : extra,
      ctx,
      depth + 1,
      k,
    );
  };
  for (const k of Object.keys(props)) {
    if (required.has(k) || (!terminal && ctx.prng.chance(OPTIONAL_PROPERTY_CHANCE))) add(k);
  }
  for (const k of required) add(k);
  const deps = isObject(s.dependentRequired) ? s.dependentRequired : {};
  for (const [k, needs] of Object.entries(deps)) {
    if (k in out && Array.isArray(needs)) needs.filter((n) => typeof n === "string").forEach(add);
  }
  const maxP = num(s.maxProperties) ?? Infinity;
  for (const k of Object.keys(out).reverse()) {
    if (Object.keys(out).length > maxP && !required.has(k)) delete out[k];
  }
  const minP = Math.max(
    num(s.minProperties) ?? 0,
    free && !terminal && ctx.prng.chance(0.5) ? 1 : 0,
  );
  for (const k of Object.keys(props)) if (Object.keys(out).length < minP) add(k);
  const wantsExtra = Object.keys(props).length === 0 && isObject(extra) && !terminal &&
    ctx.prng.chance(0.7);
  const target = Math.max(minP, wantsExtra ? 1 + ctx.prng.int(2) : 0);
  for (let i = 0; extra !== false && Object.keys(out).length < target && i < 50; i++) {
    const word = ctx.prng.pick(ctx.words).toLowerCase();
    add(word in out ? `${word}_${i}` : word);
  }
  return Object.fromEntries(Object.entries(out));
}

/** Key-order independent identity, as `uniqueItems` compares values. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isObject(v)) {
    return `{${
      Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")
    }}`;
  }
  return JSON.stringify(v);
}

function sampleArray(s: SchemaObject, ctx: Ctx, depth: number): unknown[] {
  const tuple: unknown[] = Array.isArray(s.prefixItems)
    ? s.prefixItems
    : Array.isArray(s.items)
    ? s.items
    : [];
  const rest = Array.isArray(s.items) ? s.additionalItems : s.items;
  const minI = Math.max(0, Math.ceil(num(s.minItems) ?? 0));
  let maxI = Math.max(minI, Math.floor(num(s.maxItems) ?? Infinity));
  if (rest === false || (rest === undefined && tuple.length > 0)) {
    maxI = Math.min(maxI, Math.max(minI, tuple.length));
  }
  let count = minI;
  if (depth < ctx.maxDepth) {
    const lo = Math.max(minI, Math.min(tuple.length || 1, maxI));
    const hi = Math.min(maxI, Math.max(lo, 3));
    count = hi < lo ? maxI : lo + ctx.prng.int(hi - lo + 1);
  }
  if ("contains" in s && count === 0 && maxI > 0) count = 1;
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    if (!spend(ctx, 1)) break;
    let item = i < tuple.length ? tuple[i] : rest === undefined ? true : rest;
    if ("contains" in s && i === Math.min(tuple.length, count - 1)) {
      item = mergeSchemas(item, s.contains);
    }
    let value = sample(item, ctx, depth + 1);
    for (let t = 0; s.uniqueItems === true && seen.has(canonical(value)) && t < 40; t++) {
      value = sample(item, ctx, depth + 1);
    }
    if (s.uniqueItems === true && seen.has(canonical(value)) && out.length >= minI) break;
    seen.add(canonical(value));
    out.push(value);
  }
  return out;
}

function sample(schema: unknown, ctx: Ctx, depth: number, key?: string): unknown {
  if (depth > ctx.maxDepth + HARD_EXTRA_DEPTH) return null;
  const s = normalize(schema, ctx, depth);
  if (s === false) return null;
  if (!isObject(s)) return sample({}, ctx, depth, key);
  if ("const" in s) return structuredClone(s.const);
  const declared = typeof s.type === "string"
    ? [s.type]
    : Array.isArray(s.type)
    ? s.type.filter((t): t is string => typeof t === "string")
    : [];
  if (Array.isArray(s.enum) && s.enum.length > 0) {
    const typed = s.enum.filter((v) =>
      declared.length === 0 || declared.some((t) => matchesType(v, t))
    );
    return structuredClone(
      choose(typed.length > 0 ? typed : s.enum, ctx, depth, (v) => v === null),
    );
  }
  if (s.nullable === true && (depth >= ctx.maxDepth || ctx.prng.chance(NULL_CHANCE / 2))) {
    return null;
  }
  const type = declared.length > 0
    ? choose(declared, ctx, depth, (t) => t === "null")
    : inferType(s);
  switch (type) {
    case "null":
      return spent(ctx, null);
    case "boolean":
      return spent(ctx, ctx.prng.chance(0.5));
    case "integer":
    case "number":
      return spent(ctx, sampleNumber(s, ctx.prng, type === "integer"));
    case "string":
      return spent(ctx, sampleString(withinBudget(s, ctx), ctx.prng, ctx.words, key));
    case "object":
      return sampleObject(s, ctx, depth, false);
    case "array":
      return sampleArray(s, ctx, depth);
    default:
      return depth < ctx.maxDepth && ctx.prng.chance(0.25)
        ? sampleObject({}, ctx, depth, true)
        : spent(ctx, sampleString(withinBudget({}, ctx), ctx.prng, ctx.words, key));
  }
}

/** Takes `chars` from the budget; false (and marks the sample truncated) when it is spent. */
function spend(ctx: Ctx, chars: number): boolean {
  if (ctx.budget.left <= 0) {
    ctx.budget.truncated = true;
    return false;
  }
  ctx.budget.left -= chars;
  return true;
}

function spent<T>(ctx: Ctx, value: T): T {
  ctx.budget.left -= typeof value === "string" ? value.length + 2 : String(value).length;
  return value;
}

/** String bounds clamped to what the budget has left, so no string outgrows the output. */
function withinBudget(s: SchemaObject, ctx: Ctx): SchemaObject {
  const left = Math.max(0, Math.floor(ctx.budget.left));
  const min = Math.max(
    num(s.minLength) ?? 0,
    typeof s.pattern === "string" ? patternMinLength(s.pattern) : 0,
  );
  if (min <= left && (num(s.maxLength) ?? 0) <= left) {
    return num(s.maxLength) === undefined && left < 60 ? { ...s, maxLength: left } : s;
  }
  if (min > left) ctx.budget.truncated = true;
  return {
    ...s,
    minLength: Math.min(min, left),
    maxLength: Math.min(num(s.maxLength) ?? left, left),
  };
}

/** A value valid against `schema`, fully determined by the PRNG state. Never throws. */
export function sampleJsonSchema(
  schema: unknown,
  prng: Prng,
  options: SampleOptions = {},
): unknown {
  return sampleWithin(schema, prng, options).value;
}

/** sampleJsonSchema, also telling whether `maxChars` cut the value short. */
export function sampleWithin(schema: unknown, prng: Prng, options: SampleOptions = {}): Sample {
  const ctx: Ctx = {
    root: schema,
    prng,
    words: usableWords(options.words),
    maxDepth: Math.max(0, options.maxDepth ?? 8),
    budget: { left: options.maxChars ?? Infinity, truncated: false },
  };
  try {
    return { value: sample(schema, ctx, 0), truncated: ctx.budget.truncated };
  } catch {
    // Only pathological input (e.g. a cyclic object graph) gets here; keep the promise not to throw.
    return { value: null, truncated: false };
  }
}

/** Arguments for a tool call: always a plain object (`{}` for missing or empty parameters). */
export function sampleToolArguments(
  parameters: unknown,
  prng: Prng,
  options: SampleOptions = {},
): Record<string, unknown> {
  if (!isObject(parameters) || Object.keys(parameters).length === 0) return {};
  const value = sampleJsonSchema(parameters, prng, options);
  return isObject(value) ? value : {};
}
