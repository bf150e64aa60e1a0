import assert from "node:assert/strict";
import { checkStrictSchema } from "../../../src/engine/structured/strict_schema.ts";

const RF = { kind: "response_format", name: "math_response" } as const;
const PREFIX = "Invalid schema for response_format 'math_response': ";

const str = { type: "string" };
const strict = (properties: Record<string, unknown>) => ({
  type: "object",
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

const mathTutor = strict({
  steps: { type: "array", items: strict({ explanation: str, output: str }) },
  final_answer: str,
});

/** `levels` nested objects, each holding the next under "child". */
function nested(levels: number): Record<string, unknown> {
  let schema: Record<string, unknown> = strict({ leaf: str });
  for (let i = 1; i < levels; i++) schema = strict({ child: schema });
  return schema;
}

Deno.test("valid strict schemas pass", () => {
  const valid: unknown[] = [
    mathTutor,
    strict({}),
    strict({ maybe: { type: ["string", "null"] }, unit: { type: "string", enum: ["c", "f"] } }),
    {
      ...strict({ linked_list: { $ref: "#/$defs/node" } }),
      $defs: {
        node: strict({
          value: { type: "number" },
          next: { anyOf: [{ $ref: "#/$defs/node" }, { type: "null" }] },
        }),
      },
    },
    strict({
      type: { type: "string", enum: ["div", "button"] },
      children: { type: "array", items: { $ref: "#" } },
    }),
    strict({
      when: { type: "string", format: "date-time", pattern: "^\\d" },
      n: { type: "integer", minimum: 1, maximum: 9, multipleOf: 1 },
      tags: { type: "array", items: str, minItems: 1, maxItems: 3 },
    }),
    nested(10),
  ];
  for (const schema of valid) assert.equal(checkStrictSchema(schema, RF), null);
});

Deno.test("missing or true additionalProperties is rejected with its context", () => {
  const { additionalProperties: _, ...open } = mathTutor;
  assert.equal(
    checkStrictSchema(open, RF),
    PREFIX + "In context=(), 'additionalProperties' is required to be supplied and to be false.",
  );
  const innerOpen = strict({
    steps: { type: "array", items: { ...strict({ a: str }), additionalProperties: true } },
  });
  assert.equal(
    checkStrictSchema(innerOpen, RF),
    PREFIX + "In context=('properties', 'steps', 'items'), 'additionalProperties' is required " +
      "to be supplied and to be false.",
  );
  const freeDict = strict({ args: { type: "object" } });
  assert.equal(
    checkStrictSchema(freeDict, { kind: "function", name: "run" }),
    "Invalid schema for function 'run': In context=('properties', 'args'), " +
      "'additionalProperties' is required to be supplied and to be false.",
  );
});

Deno.test("a property missing from required is named", () => {
  const schema = { ...mathTutor, required: ["steps"] };
  assert.equal(
    checkStrictSchema(schema, RF),
    PREFIX + "In context=(), 'required' is required to be supplied and to be an array " +
      "including every key in properties. Missing 'final_answer'.",
  );
  const { required: _, ...noRequired } = strict({ city: str });
  const inDefs = { ...strict({ a: { $ref: "#/$defs/loc" } }), $defs: { loc: noRequired } };
  assert.equal(
    checkStrictSchema(inDefs, RF),
    PREFIX + "In context=('$defs', 'loc'), 'required' is required to be supplied and to be an " +
      "array including every key in properties. Missing 'city'.",
  );
});

Deno.test("the root must be a plain object schema", () => {
  const union = { anyOf: [strict({ a: str }), strict({ b: str })] };
  assert.equal(
    checkStrictSchema(union, RF),
    PREFIX + `schema must be a JSON Schema of 'type: "object"', got 'type: "None"'.`,
  );
  assert.equal(
    checkStrictSchema({ type: "array", items: str }, RF),
    PREFIX + `schema must be a JSON Schema of 'type: "object"', got 'type: "array"'.`,
  );
  assert.equal(
    checkStrictSchema({ ...strict({}), ...union }, RF),
    PREFIX + "schema must have type 'object' and not have 'oneOf'/'anyOf'/'allOf'/'enum'/'not' " +
      "at the top level. Found 'anyOf'.",
  );
  assert.equal(
    checkStrictSchema({ ...strict({}), allOf: [strict({})] }, RF),
    PREFIX + "In context=(), 'allOf' is not permitted.",
  );
});

Deno.test("keywords outside the subset and untyped nodes are rejected", () => {
  const cases: Array<[unknown, string]> = [
    [
      strict({ ids: { type: "array", items: str, uniqueItems: true } }),
      "In context=('properties', 'ids'), 'uniqueItems' is not permitted.",
    ],
    [
      strict({ title: { type: "string", maxLength: 80 } }),
      "In context=('properties', 'title'), 'maxLength' is not permitted.",
    ],
    [
      strict({ u: { oneOf: [str, { type: "null" }] } }),
      "In context=('properties', 'u'), 'oneOf' is not permitted.",
    ],
    [
      strict({ ok: { description: "flag" } }),
      "In context=('properties', 'ok'), schema must have a 'type' key.",
    ],
    [
      strict({ x: { anyOf: [{}, { type: "null" }] } }),
      "In context=('properties', 'x', 'anyOf', 0), schema must have a 'type' key.",
    ],
    [
      strict({ k: { const: "fact" } }),
      "In context=('properties', 'k'), schema must have a 'type' key.",
    ],
  ]; // deno-fmt-ignore
  for (const [schema, message] of cases) assert.equal(checkStrictSchema(schema, RF), PREFIX + message);
});

Deno.test("size limits: nesting depth, property count, enum values", () => {
  assert.equal(
    checkStrictSchema(nested(11), RF),
    PREFIX + "11 levels of nesting exceeds limit of 10.",
  );
  const arrays = strict({ m: { type: "array", items: { type: "array", items: nested(9) } } });
  assert.equal(checkStrictSchema(arrays, RF), PREFIX + "12 levels of nesting exceeds limit of 10.");
  const wide = strict(Object.fromEntries(Array.from({ length: 5001 }, (_, i) => [`p${i}`, str])));
  assert.equal(checkStrictSchema(wide, RF), PREFIX + "5001 parameters exceeds limit of 5000.");
  const values = Array.from({ length: 1001 }, (_, i) => `v${i}`);
  const bigEnum = strict({ e: { type: "string", enum: values } });
  assert.equal(checkStrictSchema(bigEnum, RF), PREFIX + "1001 enum values exceeds limit of 1000.");
});

Deno.test("names are quoted the way Python's repr does", () => {
  const message = checkStrictSchema({ type: "array" }, { kind: "function", name: "it's" });
  assert.ok(message?.startsWith(`Invalid schema for function "it's": `), message ?? "");
});
