/**
 * OpenAI's Structured Outputs subset for `strict: true` schemas (response_format json_schema and
 * function tools). OpenAI rejects a schema outside the subset with HTTP 400 before generating;
 * the messages below follow the wording its API returns.
 *
 * Rules: the root is an object schema without a top-level union; every object sets
 * `additionalProperties: false` and lists every property in `required`; every node has a `type`
 * (unless it is a `$ref` or an `anyOf`); keywords outside the subset are "not permitted";
 * at most 10 levels of nesting, 5000 properties and 1000 enum values in total.
 */
import { isObj, type Obj } from "../../util/json_shapes.ts";

export interface StrictSchemaContext {
  kind: "response_format" | "function";
  name: string;
}

export const STRICT_SCHEMA_LIMITS = { nesting: 10, properties: 5000, enumValues: 1000 } as const;

/** Keywords OpenAI answers with "'<keyword>' is not permitted." in strict mode. */
export const STRICT_NOT_PERMITTED: readonly string[] = [
  "allOf",
  "oneOf",
  "not",
  "if",
  "then",
  "else",
  "dependentRequired",
  "dependentSchemas",
  "minLength",
  "maxLength",
  "patternProperties",
  "propertyNames",
  "unevaluatedProperties",
  "minProperties",
  "maxProperties",
  "contains",
  "minContains",
  "maxContains",
  "unevaluatedItems",
  "uniqueItems",
];

const TOP_LEVEL_FORBIDDEN = ["oneOf", "anyOf", "allOf", "enum", "not"];

type Path = ReadonlyArray<string | number>;

/** Python's repr of a str, as OpenAI's messages print schema paths and names. */
function pyStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");
  return quote + (quote === "'" ? body.replaceAll("'", "\\'") : body) + quote;
}

/** Python's repr of a tuple: `()`, `('properties',)`, `('properties', 'x')`. */
function pyTuple(path: Path): string {
  const items = path.map((p) => (typeof p === "number" ? String(p) : pyStr(p)));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
}

function typeRepr(type: unknown): string {
  if (type === undefined || type === null) return "None";
  if (Array.isArray(type)) {
    return `[${type.map((t) => (typeof t === "string" ? pyStr(t) : String(t))).join(", ")}]`;
  }
  return String(type);
}

const typesOf = (s: Obj): unknown[] => (Array.isArray(s.type) ? s.type : [s.type]);

interface Walk {
  maxLevel: number;
  properties: number;
  enumValues: number;
}

/** First rule violation at or below `node`, in document order; also tallies the limits. */
function walk(node: unknown, path: Path, level: number, w: Walk): string | null {
  const at = `In context=${pyTuple(path)}, `;
  if (!isObj(node)) return `${at}schema must have a 'type' key.`;
  for (const key of Object.keys(node)) {
    if (STRICT_NOT_PERMITTED.includes(key)) return `${at}'${key}' is not permitted.`;
  }
  if (Array.isArray(node.enum)) w.enumValues += node.enum.length;
  const types = typesOf(node);
  const container = types.includes("object") || types.includes("array");
  const here = container ? level + 1 : level;
  w.maxLevel = Math.max(w.maxLevel, here);
  const children: Array<[unknown, Path, number]> = [];
  for (const defsKey of ["$defs", "definitions"]) {
    const defs = node[defsKey];
    if (isObj(defs)) {
      for (const [name, def] of Object.entries(defs)) children.push([def, [defsKey, name], 0]);
    }
  }
  if (typeof node.$ref !== "string") {
    if (Array.isArray(node.anyOf)) {
      node.anyOf.forEach((b, i) => children.push([b, [...path, "anyOf", i], level]));
    } else if (node.type === undefined) {
      return `${at}schema must have a 'type' key.`;
    }
  }
  if (types.includes("object")) {
    if (node.additionalProperties !== false) {
      return `${at}'additionalProperties' is required to be supplied and to be false.`;
    }
    const props = isObj(node.properties) ? node.properties : {};
    const required = Array.isArray(node.required) ? node.required : [];
    const missing = Object.keys(props).find((k) => !required.includes(k));
    if (missing !== undefined) {
      return `${at}'required' is required to be supplied and to be an array including every ` +
        `key in properties. Missing ${pyStr(missing)}.`;
    }
    w.properties += Object.keys(props).length;
    for (const [k, v] of Object.entries(props)) {
      children.push([v, [...path, "properties", k], here]);
    }
  }
  if (isObj(node.items)) children.push([node.items, [...path, "items"], here]);
  if (Array.isArray(node.prefixItems)) {
    node.prefixItems.forEach((s, i) => children.push([s, [...path, "prefixItems", i], here]));
  }
  for (const [child, childPath, childLevel] of children) {
    const error = walk(child, childPath, childLevel, w);
    if (error !== null) return error;
  }
  return null;
}

function rootError(schema: unknown): string | null {
  const type = isObj(schema) ? schema.type : undefined;
  if (type !== "object") {
    return `schema must be a JSON Schema of 'type: "object"', got 'type: "${typeRepr(type)}"'.`;
  }
  return null;
}

/** null when the schema is acceptable for strict mode, else OpenAI's 400 message for it. */
export function checkStrictSchema(schema: unknown, context: StrictSchemaContext): string | null {
  const prefix = `Invalid schema for ${context.kind} ${pyStr(context.name)}: `;
  const root = rootError(schema);
  if (root !== null) return prefix + root;
  const node = schema as Obj;
  const notPermitted = Object.keys(node).find((k) => STRICT_NOT_PERMITTED.includes(k));
  const union = TOP_LEVEL_FORBIDDEN.find((k) => k in node);
  if (notPermitted === undefined && union !== undefined) {
    return prefix + `schema must have type 'object' and not have ` +
      `${TOP_LEVEL_FORBIDDEN.map((k) => `'${k}'`).join("/")} at the top level. Found '${union}'.`;
  }
  const w: Walk = { maxLevel: 0, properties: 0, enumValues: 0 };
  const error = walk(node, [], 0, w);
  if (error !== null) return prefix + error;
  const { nesting, properties, enumValues } = STRICT_SCHEMA_LIMITS;
  if (w.maxLevel > nesting) {
    return prefix + `${w.maxLevel} levels of nesting exceeds limit of ${nesting}.`;
  }
  if (w.properties > properties) {
    return prefix + `${w.properties} parameters exceeds limit of ${properties}.`;
  }
  if (w.enumValues > enumValues) {
    return prefix + `${w.enumValues} enum values exceeds limit of ${enumValues}.`;
  }
  return null;
}
