/** One schema per keyword family the sampler supports (bounds, formats, patterns, tuples...). */
import { type SamplerCase, str, strict } from "./json_schema_sampler_cases.ts";

export const KEYWORD_CASES: SamplerCase[] = [
  { name: "mixed enum", schema: { enum: [1, "two", null, true, { three: 3 }] } },
  { name: "const", schema: { const: { kind: "fixed", n: [1, 2] } }, constant: true },
  {
    name: "nullable unions",
    schema: strict({ a: { type: ["string", "null"] }, b: { type: ["integer", "null"] } }),
  },
  {
    name: "OpenAPI nullable",
    schema: strict({
      n: { type: "integer", nullable: true },
      s: { type: "string", nullable: true },
    }),
  },
  {
    name: "anyOf of objects (discriminated union)",
    schema: strict({
      shape: {
        anyOf: [
          strict({
            kind: { type: "string", const: "circle" },
            radius: { type: "number", minimum: 0 },
          }),
          strict({
            kind: { type: "string", enum: ["square"] },
            side: { type: "integer", minimum: 1 },
          }),
        ],
      },
    }),
  },
  {
    name: "oneOf with const discriminators",
    schema: {
      oneOf: [
        { type: "object", properties: { t: { const: "a" }, x: str }, required: ["t", "x"] },
        {
          type: "object",
          properties: { t: { const: "b" }, y: { type: "boolean" } },
          required: ["t", "y"],
        },
      ],
    },
  },
  {
    name: "allOf merge with $ref base",
    schema: {
      $defs: {
        base: {
          type: "object",
          properties: { id: { type: "string", format: "uuid" } },
          required: ["id"],
        },
      },
      allOf: [
        { $ref: "#/$defs/base" },
        {
          properties: { count: { type: "integer", minimum: 10, maximum: 20 } },
          required: ["count"],
        },
        { properties: { count: { multipleOf: 5 } } },
      ],
    },
  },
  {
    name: "formats",
    schema: strict(Object.fromEntries(
      ["date-time", "date", "time", "email", "uri", "uuid", "ipv4", "ipv6", "hostname", "duration"]
        .map((f) => [f.replace("-", "_"), { type: "string", format: f }]),
    )),
  },
  {
    name: "numeric bounds and multipleOf",
    schema: strict({
      int: { type: "integer", minimum: -5, maximum: 5 },
      step: { type: "integer", multipleOf: 5, minimum: 12, maximum: 48 },
      cents: { type: "number", multipleOf: 0.01, minimum: 0, maximum: 1 },
      open: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
      tenth: { type: "number", multipleOf: 0.1, exclusiveMinimum: 2, maximum: 3 },
      big: { type: "integer", minimum: -9223372036854775808, maximum: 9223372036854775807 },
      neg: { type: "number", maximum: -1000.5 },
    }),
  },
  {
    name: "string length bounds",
    schema: strict({
      short: { type: "string", maxLength: 3 },
      exact: { type: "string", minLength: 12, maxLength: 12 },
      long: { type: "string", minLength: 200 },
      empty: { type: "string", maxLength: 0 },
    }),
  },
  {
    name: "patterns",
    schema: strict({
      phone: { type: "string", pattern: "^\\d{3}-\\d{4}$" },
      slug: { type: "string", pattern: "^[a-z]+(-[a-z]+)*$" },
      code: { type: "string", pattern: "^[A-Z]{3}-\\d{2,4}$" },
      color: { type: "string", pattern: "^(red|green|blue)$" },
      hex: { type: "string", pattern: "^#[0-9a-fA-F]{6}$" },
      email: { type: "string", pattern: "^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$" },
      contains: { type: "string", pattern: "abc" },
      sku: { type: "string", pattern: "^SKU_[A-Z0-9]{4,8}$", minLength: 10, maxLength: 10 },
      not_space: { type: "string", pattern: "^\\S+$" },
      version: { type: "string", pattern: "^v?\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.]+)?$" },
    }),
  },
  {
    name: "prefixItems tuple (2020-12)",
    schema: {
      type: "array",
      prefixItems: [str, { type: "integer" }, { type: "boolean" }],
      items: false,
      minItems: 3,
    },
  },
  {
    name: "draft-07 tuple items",
    schema: { type: "array", items: [{ type: "number" }, str], additionalItems: false },
  },
  {
    name: "uniqueItems over a small enum",
    schema: {
      type: "array",
      uniqueItems: true,
      minItems: 3,
      items: { enum: ["a", "b", "c", "d"] },
    },
  },
  {
    name: "dictionary with minProperties",
    schema: { type: "object", additionalProperties: { type: "number" }, minProperties: 2 },
  },
  {
    name: "optional properties without extras",
    schema: {
      type: "object",
      properties: { a: str, b: { type: "integer" }, c: { type: "boolean" } },
      additionalProperties: false,
      maxProperties: 2,
    },
  },
  { name: "empty schema", schema: {} },
  { name: "boolean schema true", schema: true },
  { name: "properties without type", schema: { properties: { q: str }, required: ["q"] } },
  {
    name: "matrix (array of arrays)",
    schema: {
      type: "array",
      minItems: 2,
      maxItems: 2,
      items: { type: "array", minItems: 3, maxItems: 3, items: { type: "integer" } },
    },
  },
  {
    name: "contains",
    schema: { type: "array", items: { type: "integer" }, contains: { minimum: 100 } },
  },
];
