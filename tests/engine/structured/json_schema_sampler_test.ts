import assert from "node:assert/strict";
import { Ajv } from "ajv";
import { createPrng } from "../../../src/util/prng.ts";
import {
  sampleJsonSchema,
  sampleToolArguments,
} from "../../../src/engine/structured/json_schema_sampler.ts";
import { KEYWORD_CASES } from "./json_schema_keyword_cases.ts";
import { SAMPLER_CASES as REALISTIC_CASES } from "./json_schema_sampler_cases.ts";

const SAMPLER_CASES = [...REALISTIC_CASES, ...KEYWORD_CASES];

const SEEDS = 50;

/** Our own format checks, so the sampler is judged by something other than its own code. */
const FORMATS: Record<string, RegExp> = {
  "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  time: /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  email: /^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i,
  uri: /^[a-z][a-z0-9+.-]*:[^\s]*$/i,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i,
  ipv4: /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/,
  ipv6: /^([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$/i,
  hostname:
    /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i,
  duration: /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/,
};

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const [name, re] of Object.entries(FORMATS)) ajv.addFormat(name, re);
  return ajv;
}

/** Ajv's default dialect is draft-07: express 2020-12 `prefixItems` as tuple `items`. */
function toDraft07(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toDraft07);
  if (typeof schema !== "object" || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k !== "$schema") out[k] = toDraft07(v);
  }
  if ("prefixItems" in out) {
    out.additionalItems = out.items ?? true;
    out.items = out.prefixItems;
    delete out.prefixItems;
  }
  return out;
}

const ASCII_JSON = /^[\x20-\x7e]*$/;

Deno.test("sampled values validate against every schema in the table (ajv)", () => {
  assert.ok(SAMPLER_CASES.length >= 25);
  const ajv = newAjv();
  for (const { name, schema, maxDepth } of SAMPLER_CASES) {
    const validate = ajv.compile(toDraft07(schema) as object);
    for (let seed = 0; seed < SEEDS; seed++) {
      const value = sampleJsonSchema(schema, createPrng(seed), { maxDepth });
      const json = JSON.stringify(value);
      assert.ok(
        validate(value),
        `${name} seed ${seed}: ${json}\n${JSON.stringify(validate.errors, null, 1)}`,
      );
      assert.match(json, ASCII_JSON, `${name} seed ${seed} is not printable ASCII: ${json}`);
    }
  }
});

Deno.test("patterns: generated strings match, with and without length bounds", () => {
  const patterns = [
    "^[A-Za-z0-9_]{3,16}$",
    "^\\+?[1-9]\\d{1,14}$",
    "^(\\([0-9]{3}\\))?[0-9]{3}-[0-9]{4}$",
    "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
    "^https?://",
    "^\\p{Lu}\\p{Ll}+$",
    "^(\\w+)\\s\\1$",
    "^(?<w>[a-z]{2,4})-\\k<w>$",
    "^[-+]?[0-9]*\\.?[0-9]+$",
    "^([01]?[0-9]|2[0-3]):[0-5][0-9]$",
    "\\bcat\\b",
    "^.{5}$",
    "^[a-f0-9]{40}$",
    "^[^\\d]+$",
    "^[\\u0041-\\u005A]+$",
    "^\\$\\d+(\\.\\d{2})?$",
    "^(a|b|c){2,}$",
    "x*y?z+",
    "^\\D\\W\\S$",
  ]; // deno-fmt-ignore
  const bounded: Array<[string, number, number]> = [
    ["^[a-z]+$", 30, 40], ["^\\d+$", 50, 50], ["^[a-z ]+$", 5, 8], ["^[A-Z]{2}-\\d+$", 12, 12],
  ]; // deno-fmt-ignore
  const cases = [
    ...patterns.map((pattern) => ({ pattern, minLength: 0, maxLength: 1000 })),
    ...bounded.map(([pattern, minLength, maxLength]) => ({ pattern, minLength, maxLength })),
  ];
  for (const schema of cases) {
    const re = new RegExp(schema.pattern, "u");
    for (let seed = 0; seed < SEEDS; seed++) {
      const value = sampleJsonSchema({ type: "string", ...schema }, createPrng(seed)) as string;
      assert.ok(re.test(value), `${schema.pattern} seed ${seed}: ${JSON.stringify(value)}`);
      assert.ok(value.length >= schema.minLength && value.length <= schema.maxLength, value);
      assert.match(value, ASCII_JSON);
    }
  }
});

Deno.test("same seed gives the same value; different seeds give different values", () => {
  for (const { name, schema, maxDepth, constant } of SAMPLER_CASES) {
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const a = sampleJsonSchema(schema, createPrng(seed), { maxDepth });
      const b = sampleJsonSchema(schema, createPrng(seed), { maxDepth });
      assert.deepEqual(a, b, `${name} seed ${seed} is not deterministic`);
      seen.add(JSON.stringify(a));
    }
    if (!constant) assert.ok(seen.size > 1, `${name}: every seed gave ${[...seen][0]}`);
  }
});

Deno.test("recursion stops at maxDepth", () => {
  const list = {
    $defs: {
      node: {
        type: "object",
        properties: { next: { anyOf: [{ $ref: "#/$defs/node" }, { type: "null" }] } },
        required: ["next"],
      },
    },
    $ref: "#/$defs/node",
  };
  const length = (v: unknown): number => v === null ? 0 : 1 + length((v as { next: unknown }).next);
  for (let seed = 0; seed < SEEDS; seed++) {
    assert.ok(length(sampleJsonSchema(list, createPrng(seed), { maxDepth: 3 })) <= 4);
  }
  const selfOnly = { type: "object", properties: { child: { $ref: "#" } }, required: ["child"] };
  assert.doesNotThrow(() => sampleJsonSchema(selfOnly, createPrng(1)));
});

Deno.test("free-text strings use the given words and drop non-ASCII ones", () => {
  const words = ["Paris", "croissant", "caf\u00e9", "\u65e5\u672c"];
  for (let seed = 0; seed < SEEDS; seed++) {
    const value = sampleJsonSchema({ type: "string" }, createPrng(seed), { words }) as string;
    for (const word of value.split(" ")) assert.ok(/^(paris|croissant)$/i.test(word), value);
  }
});

Deno.test("draft-4 boolean exclusive bounds are honoured", () => {
  const schema = {
    type: "integer",
    minimum: 1,
    maximum: 3,
    exclusiveMinimum: true,
    exclusiveMaximum: true,
  };
  for (let seed = 0; seed < SEEDS; seed++) {
    assert.equal(sampleJsonSchema(schema, createPrng(seed)), 2);
  }
});

Deno.test("never throws on odd or impossible schemas", () => {
  const odd: unknown[] = [
    null,
    42,
    "text",
    [],
    true,
    false,
    { type: "unknown" },
    { enum: [] },
    { anyOf: [] },
    { $ref: "#/nope" },
    { $ref: "http://example.com/schema.json" },
    { $ref: "#" },
    { type: "string", minLength: 10, maxLength: 2 },
    { type: "integer", minimum: 5, maximum: 1 },
    { allOf: [{ type: "string" }, { type: "integer" }] },
    { properties: 5, required: "x" },
    { type: "string", pattern: "(" },
    { type: "string", pattern: "^(?=a)b$" },
    { type: "number", multipleOf: 0.7, minimum: 0.1, maximum: 0.2 },
    { items: [1, 2] },
  ]; // deno-fmt-ignore
  for (const schema of odd) {
    for (let seed = 0; seed < 5; seed++) {
      assert.doesNotThrow(() => sampleJsonSchema(schema, createPrng(seed)), JSON.stringify(schema));
    }
  }
});

Deno.test("sampleToolArguments always returns a plain object", () => {
  const prng = createPrng(7);
  assert.deepEqual(sampleToolArguments(undefined, prng), {});
  assert.deepEqual(sampleToolArguments({}, prng), {});
  assert.deepEqual(sampleToolArguments({ type: "string" }, prng), {});
  const weather = {
    type: "object",
    properties: {
      location: { type: "string" },
      unit: { type: "string", enum: ["celsius", "fahrenheit"] },
    },
    required: ["location"],
    additionalProperties: false,
  };
  for (let seed = 0; seed < SEEDS; seed++) {
    const args = sampleToolArguments(weather, createPrng(seed));
    assert.equal(typeof args.location, "string");
    assert.ok(Object.keys(args).every((k) => k === "location" || k === "unit"));
  }
});

Deno.test("property names every object inherits are sampled like any other", () => {
  // Found by the request fuzzer (tests/reliability): "constructor" counted as present already and
  // "__proto__" was assigned as the prototype, so required properties were missing from outputs.
  const names = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"];
  const props = `{${names.map((n) => `"${n}":{"type":"string"}`).join(",")}}`;
  const required = JSON.stringify(names);
  const schemas = [
    `{"type":"object","properties":${props},"required":${required},"additionalProperties":false}`,
    `{"type":"object","allOf":[{"properties":${props}},{"properties":${props},"required":${required}}]}`,
    `{"type":"object","properties":{"inner":{"type":"object","properties":${props},"required":${required}}},"required":["inner"]}`,
  ].map((text) => JSON.parse(text));
  for (const [i, schema] of schemas.entries()) {
    for (let seed = 0; seed < 10; seed++) {
      let value = sampleJsonSchema(schema, createPrng(seed)) as Record<string, unknown>;
      if (i === 2) value = value.inner as Record<string, unknown>;
      for (const name of names) {
        assert.ok(Object.hasOwn(value, name), `schema ${i} seed ${seed} lacks ${name}`);
        assert.equal(typeof value[name], "string", `schema ${i} seed ${seed}: ${name}`);
      }
      assert.equal(Object.getPrototypeOf(value), Object.prototype);
      assert.deepEqual(JSON.parse(JSON.stringify(value)), value);
    }
  }
});
