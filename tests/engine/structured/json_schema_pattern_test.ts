/** patternMinLength: the fewest characters a pattern can match, so budgets see it before sampling. */
import assert from "node:assert/strict";
import { patternMinLength } from "../../../src/engine/structured/json_schema_pattern.ts";

Deno.test("patternMinLength: literals, classes, quantifiers, alternation and groups", () => {
  const cases: [string, number][] = [
    ["", 0],
    ["^abc$", 3],
    ["[a-z]{2,5}", 2],
    ["a*b+c?", 1],
    ["(ab|c)d", 2],
    ["(?:xy){3}", 6],
    ["(a)\\1", 1],
    ["^a{100000000}$", 100_000_000],
    ["^((a{1000}){1000}){1000}$", 1_000_000_000],
    ["\\d{3}-\\d{4}", 8],
  ];
  for (const [pattern, expected] of cases) {
    assert.equal(patternMinLength(pattern), expected, pattern);
  }
});
