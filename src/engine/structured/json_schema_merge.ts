/** Schema plumbing for the sampler: local `$ref` resolution and `allOf`-style merging. */

import { isObj, type Obj } from "../../util/json_shapes.ts";

export type SchemaObject = Obj;
export const isObject = isObj;

/** Resolves a local reference (`#`, `#/$defs/X`, `#/definitions/X`, any JSON pointer). */
export function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  let pointer: string;
  try {
    pointer = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  if (pointer === "") return root;
  if (!pointer.startsWith("/")) return undefined;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const part = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isObject(node)) node = Object.hasOwn(node, part) ? node[part] : undefined;
    else return undefined;
  }
  return node;
}

const LOWER_BOUNDS = new Set([
  "minimum",
  "exclusiveMinimum",
  "minLength",
  "minItems",
  "minProperties",
]);
const UPPER_BOUNDS = new Set([
  "maximum",
  "exclusiveMaximum",
  "maxLength",
  "maxItems",
  "maxProperties",
]);

const typeList = (t: unknown): string[] | undefined =>
  typeof t === "string"
    ? [t]
    : Array.isArray(t)
    ? t.filter((x) => typeof x === "string")
    : undefined;

function intersectTypes(a: unknown, b: unknown): unknown {
  const [la, lb] = [typeList(a), typeList(b)];
  if (la === undefined) return b;
  if (lb === undefined) return a;
  const both = new Set<string>();
  for (const t of la) {
    if (lb.includes(t)) both.add(t);
    else if (t === "integer" && lb.includes("number")) both.add("integer");
    else if (t === "number" && lb.includes("integer")) both.add("integer");
  }
  if (both.size === 0) return a;
  return both.size === 1 ? [...both][0] : [...both];
}

const key = (v: unknown): string => JSON.stringify(v);

/** `a` and `b` as one schema (what `allOf: [a, b]` accepts), as far as plain keywords allow. */
export function mergeSchemas(a: unknown, b: unknown): unknown {
  if (a === false || b === false) return false;
  if (!isObject(a)) return isObject(b) ? { ...b } : true;
  if (!isObject(b)) return { ...a };
  const out: SchemaObject = { ...a };
  const nested: unknown[] = [];
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    if (prev === undefined) {
      out[k] = v;
    } else if (k === "properties" && isObject(prev) && isObject(v)) {
      // Property names are data: "constructor" or "__proto__" must stay own entries.
      const props: SchemaObject = Object.fromEntries(Object.entries(prev));
      for (const [name, s] of Object.entries(v)) {
        const merged = Object.hasOwn(props, name) ? { allOf: [props[name], s] } : s;
        Object.defineProperty(props, name, {
          value: merged,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      out[k] = props;
    } else if (k === "required" && Array.isArray(prev) && Array.isArray(v)) {
      out[k] = [...new Set([...prev, ...v])];
    } else if (k === "type") {
      out[k] = intersectTypes(prev, v);
    } else if (k === "enum" && Array.isArray(prev) && Array.isArray(v)) {
      const allowed = new Set(v.map(key));
      const both = prev.filter((x) => allowed.has(key(x)));
      out[k] = both.length > 0 ? both : prev;
    } else if (LOWER_BOUNDS.has(k) && typeof prev === "number" && typeof v === "number") {
      out[k] = Math.max(prev, v);
    } else if (UPPER_BOUNDS.has(k) && typeof prev === "number" && typeof v === "number") {
      out[k] = Math.min(prev, v);
    } else if (k === "additionalProperties" || k === "items") {
      out[k] = mergeSchemas(prev, v);
    } else if (k === "anyOf" || k === "oneOf" || k === "allOf") {
      nested.push({ [k]: v });
    }
  }
  if (nested.length > 0) out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), ...nested];
  return out;
}
