/**
 * Schema cases: JSON Schemas a client may send as `response_format` or as a tool's parameters,
 * deep (thousands of levels), self-referencing, contradictory, or with property names every JS
 * object inherits. The request is valid either way, so the answer is a 2xx with a value; where
 * the schema names required properties, the value must have them.
 */
import { type FuzzCase, JSON_TYPE, utf8 } from "./fuzz_case.ts";

const nest = (open: string, close: string, inner: string, depth: number) =>
  open.repeat(depth) + inner + close.repeat(depth);

const INHERITED = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"];
const inheritedProps = Object.fromEntries(INHERITED.map((k) => [k, { type: "string" }]));

/** Schemas accepted without strict mode: [name, schema JSON, required keys of the value]. */
const SCHEMAS: Array<[string, string, string[]]> = [
  ["deep items", nest('{"items":', "}", "{}", 6000), []],
  ["deep anyOf", nest('{"anyOf":[', "]}", "{}", 5000), []],
  ["deep allOf", nest('{"allOf":[', "]}", "{}", 5000), []],
  ["deep not", nest('{"not":', "}", "{}", 6000), []],
  ["deep $defs", nest('{"$defs":{"a":', "}}", "{}", 4000), []],
  [
    "deep properties",
    nest('{"type":"object","properties":{"a":', '},"required":["a"]}', "{}", 1000),
    ["a"],
  ],
  ["$ref chain", refChain(1500), []],
  ["$ref to the root", '{"type":"object","properties":{"a":{"$ref":"#"}},"required":["a"]}', ["a"]],
  ["$ref loop", '{"$defs":{"n":{"$ref":"#/$defs/n"}},"$ref":"#/$defs/n"}', []],
  ["$ref to nowhere", '{"$ref":"#/$defs/constructor"}', []],
  ["remote $ref", '{"$ref":"http://example.com/schema.json"}', []],
  [
    "inherited property names",
    JSON.stringify({ type: "object", properties: inheritedProps, required: INHERITED }),
    INHERITED,
  ],
  [
    "inherited names merged by allOf",
    JSON.stringify({
      type: "object",
      allOf: [
        { properties: { constructor: { type: "string" } }, required: ["constructor"] },
        {
          properties: { constructor: { type: "string" }, __proto__: { type: "integer" } },
          required: ["__proto__"],
        },
      ],
    }),
    ["constructor", "__proto__"],
  ],
  ["catastrophic pattern", '{"type":"string","pattern":"^(a+)+$"}', []],
  ["invalid pattern", '{"type":"string","pattern":"(["}', []],
  ["backreference pattern", '{"type":"string","pattern":"(a)\\\\1"}', []],
  ["minimum above maximum", '{"type":"integer","minimum":5,"maximum":1}', []],
  ["multipleOf 0", '{"type":"number","multipleOf":0}', []],
  ["multipleOf -1", '{"type":"number","multipleOf":-1}', []],
  ["minimum 1e308", '{"type":"integer","minimum":1e308}', []],
  ["minLength above maxLength", '{"type":"string","minLength":5,"maxLength":1}', []],
  ["empty enum", '{"enum":[]}', []],
  ["empty type list", '{"type":[]}', []],
  ["empty anyOf", '{"anyOf":[]}', []],
  ["type constructor", '{"type":"constructor"}', []],
  ["format __proto__", '{"type":"string","format":"__proto__"}', []],
  ["boolean false", "false", []],
];

/** Strict mode: valid strict schemas with inherited property names, and one too deep. */
const STRICT: Array<[string, string, string[], string]> = [
  [
    "strict inherited property names",
    JSON.stringify({
      type: "object",
      properties: inheritedProps,
      required: INHERITED,
      additionalProperties: false,
    }),
    INHERITED,
    "2xx",
  ],
  [
    "strict 500 levels",
    nest(
      '{"type":"object","properties":{"a":',
      '},"required":["a"],"additionalProperties":false}',
      '{"type":"string"}',
      500,
    ),
    [],
    "400",
  ],
];

function refChain(length: number): string {
  const defs = Object.fromEntries(
    Array.from({ length }, (_, i) => [`d${i}`, { $ref: `#/$defs/d${i + 1}` }]),
  );
  return JSON.stringify({ $defs: defs, $ref: "#/$defs/d0" });
}

/** The value the model produced: the message content, or the first tool call's arguments. */
function producedValue(body: string, tool: boolean): unknown {
  const message = JSON.parse(body).choices[0].message;
  return JSON.parse(tool ? message.tool_calls[0].function.arguments : message.content);
}

function hasKeys(keys: string[], tool: boolean) {
  return (body: string): string | null => {
    if (keys.length === 0) return null;
    let value: unknown;
    try {
      value = producedValue(body, tool);
    } catch (err) {
      return `no JSON value: ${(err as Error).message}`;
    }
    const missing = keys.filter((k) =>
      typeof value !== "object" || value === null || !Object.hasOwn(value, k)
    );
    return missing.length > 0
      ? `value lacks required ${missing.join(", ")}: ${JSON.stringify(value)}`
      : null;
  };
}

export function schemaCases(): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const all = [
    ...SCHEMAS.map(([name, schema, keys]) => [name, schema, keys, "2xx", "false"] as const),
    ...STRICT.map(([name, schema, keys, expect]) => [name, schema, keys, expect, "true"] as const),
  ];
  for (const [name, schema, keys, expect, strict] of all) {
    const base = '{"model":"gpt-4o","max_tokens":400,"messages":[{"role":"user","content":"x"}],';
    const asFormat = `${base}"response_format":{"type":"json_schema","json_schema":` +
      `{"name":"out","strict":${strict},"schema":${schema}}}}`;
    const asTool = `${base}"tool_choice":"required","tools":[{"type":"function","function":` +
      `{"name":"f","strict":${strict},"parameters":${schema}}}]}`;
    for (
      const [where, body, tool] of [["response_format", asFormat, false], [
        "tool",
        asTool,
        true,
      ]] as const
    ) {
      // A schema must be a JSON object; `false` is not one.
      const expected = schema === "false" ? "400" : expect;
      cases.push({
        id: `schema ${where} ${name}`,
        method: "POST",
        target: "/v1/chat/completions",
        headers: [JSON_TYPE],
        body: utf8(body),
        expect: expected,
        check: expected === "2xx" ? hasKeys(keys, tool) : undefined,
      });
    }
  }
  return cases;
}
