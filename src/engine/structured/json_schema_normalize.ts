/** Resolving and choosing for the sampler: `$ref`/`allOf`/`anyOf`/`oneOf`, types, null-ness. */
import type { Prng } from "../../util/prng.ts";
import { isObject, mergeSchemas, resolveRef, type SchemaObject } from "./json_schema_merge.ts";

export interface Ctx {
  root: unknown;
  prng: Prng;
  words: readonly string[];
  maxDepth: number;
  /** Characters of JSON the sample may still take; sampling stops growing at 0. */
  budget: Budget;
}

export interface Budget {
  left: number;
  /** Set when the budget cut a value short (it may then not validate). */
  truncated: boolean;
}

const PRIMITIVES = new Set(["null", "boolean", "integer", "number", "string"]);
export const NULL_CHANCE = 0.2;

export function isNullSchema(s: unknown): boolean {
  if (!isObject(s)) return false;
  const onlyNull = Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null;
  return s.type === "null" || onlyNull || ("const" in s && s.const === null);
}

/** How far an alternative is from terminating: null < primitives < containers < references. */
function cost(alternative: unknown, ctx: Ctx): number {
  if (typeof alternative === "string") return PRIMITIVES.has(alternative) ? 1 : 2;
  const s = alternative;
  const r = isObject(s) && typeof s.$ref === "string" ? resolveRef(ctx.root, s.$ref) : s;
  if (isNullSchema(r)) return 0;
  if (!isObject(r)) return 1;
  if (s !== r || JSON.stringify(r).includes('"$ref"')) return 3;
  return typeof r.type === "string" && PRIMITIVES.has(r.type) ? 1 : 2;
}

/**
 * Picks one alternative (a schema, a type name or an enum value): null-like ones less often,
 * and the one closest to terminating once `depth` reaches `maxDepth`.
 */
export function choose<T>(
  items: readonly T[],
  ctx: Ctx,
  depth: number,
  isNull: (x: T) => boolean,
): T {
  if (depth >= ctx.maxDepth) {
    const w = (v: T) => (isNull(v) ? 0 : cost(v, ctx));
    return items.reduce((best, x) => (w(x) < w(best) ? x : best));
  }
  const others = items.filter((x) => !isNull(x));
  if (others.length > 0 && others.length < items.length && !ctx.prng.chance(NULL_CHANCE)) {
    return ctx.prng.pick(others);
  }
  return ctx.prng.pick(items);
}

/** Removes `$ref`, `allOf`, `anyOf` and `oneOf` from the top level by resolving/choosing. */
export function normalize(schema: unknown, ctx: Ctx, depth: number): unknown {
  let s = schema;
  for (let i = 0; i < 64 && isObject(s); i++) {
    const { $ref, allOf, anyOf, oneOf, ...rest } = s;
    if (typeof $ref === "string") {
      const target = resolveRef(ctx.root, $ref) ?? true;
      const siblings = { ...rest, ...(allOf ? { allOf } : {}), ...(anyOf ? { anyOf } : {}) };
      s = mergeSchemas(target, oneOf ? { ...siblings, oneOf } : siblings);
    } else if (Array.isArray(allOf)) {
      const base: SchemaObject = {
        ...rest,
        ...(anyOf ? { anyOf } : {}),
        ...(oneOf ? { oneOf } : {}),
      };
      s = allOf.reduce((acc: unknown, sub) => mergeSchemas(acc, sub), base);
    } else if (Array.isArray(anyOf) && anyOf.length > 0) {
      const branch = choose(anyOf, ctx, depth, isNullSchema);
      s = mergeSchemas(oneOf ? { ...rest, oneOf } : rest, branch);
    } else if (Array.isArray(oneOf) && oneOf.length > 0) {
      s = mergeSchemas(rest, choose(oneOf, ctx, depth, isNullSchema));
    } else {
      return s;
    }
  }
  return s;
}

export function inferType(s: SchemaObject): string {
  const has = (...keys: string[]) => keys.some((k) => k in s);
  if (has("properties", "required", "additionalProperties", "minProperties", "maxProperties")) {
    return "object";
  }
  if (has("items", "prefixItems", "minItems", "maxItems", "contains", "uniqueItems")) {
    return "array";
  }
  if (has("minLength", "maxLength", "pattern", "format")) return "string";
  if (has("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")) {
    return "number";
  }
  return "any";
}

export function matchesType(v: unknown, t: string): boolean {
  switch (t) {
    case "null":
      return v === null;
    case "integer":
      return Number.isInteger(v);
    case "array":
      return Array.isArray(v);
    case "object":
      return isObject(v);
    case "number":
      return typeof v === "number";
    case "string":
      return typeof v === "string";
    case "boolean":
      return typeof v === "boolean";
    default:
      return true;
  }
}
