/** Reasoning models by wildcard pattern (case-insensitive) and reasoning_effort ratios. */
import assert from "node:assert/strict";
import { defaultConfig } from "../../src/config/schema.ts";
import { compilePatterns, matchesAny, reasoningRatio } from "../../src/engine/reasoning.ts";

const matches = (patterns: string[], model: string) => matchesAny(compilePatterns(patterns), model);

Deno.test("a pattern without * matches exactly that model, case-insensitively", () => {
  assert.ok(matches(["o1"], "o1"));
  assert.ok(matches(["o1"], "O1"));
  assert.ok(!matches(["o1"], "o1-mini"));
  assert.ok(!matches(["o1"], "xo1"));
});

Deno.test("* matches any run of characters (including none and slashes)", () => {
  assert.ok(matches(["o1*"], "o1"));
  assert.ok(matches(["o1*"], "o1-preview-2024"));
  assert.ok(!matches(["o1*"], "gpt-o1"));
  assert.ok(matches(["*"], "anything/at-all"));
  assert.ok(matches(["deepseek*r1*"], "deepseek-ai/DeepSeek-R1-Distill"));
  assert.ok(matches(["*-r1"], "DeepSeek-R1"));
  assert.ok(!matches(["*-r1"], "DeepSeek-R1-Lite"));
});

Deno.test("regex metacharacters in patterns are literal", () => {
  assert.ok(matches(["gpt-4.1"], "gpt-4.1"));
  assert.ok(!matches(["gpt-4.1"], "gpt-4x1"));
  assert.ok(matches(["a+b(c)?"], "a+b(c)?"));
  assert.ok(!matches(["a+b(c)?"], "aab"));
  assert.ok(matches(["[x]|y^$"], "[X]|Y^$"));
});

Deno.test("any of several patterns; an empty list matches nothing", () => {
  assert.ok(matches(["foo", "gpt-5*"], "gpt-5-mini"));
  assert.ok(!matches([], "o1"));
});

Deno.test("the default reasoning models", () => {
  const defaults = compilePatterns(defaultConfig().reasoningModels);
  for (const m of ["o1", "o3-mini", "o4-mini", "gpt-5", "openai/gpt-oss-120b", "gpt-oss-20b"]) {
    assert.ok(matchesAny(defaults, m), m);
  }
  assert.ok(matchesAny(defaults, "deepseek-ai/DeepSeek-R1"));
  assert.ok(matchesAny(defaults, "deepseek-r1-distill"), "case-insensitive");
  for (const m of ["gpt-4o", "gpt-4.1-mini", "gpt-3.5-turbo", "meta-llama/Llama-3.1-8B-Instruct"]) {
    assert.ok(!matchesAny(defaults, m), m);
  }
});

Deno.test("reasoning_effort scales the ratio: none 0 < minimal < low < medium < high", () => {
  const base = 0.5;
  const r = (e: Parameters<typeof reasoningRatio>[1]) => reasoningRatio(base, e);
  assert.equal(r("none"), 0);
  assert.ok(r("minimal") > 0);
  assert.ok(r("minimal") < r("low"));
  assert.ok(r("low") < r("medium"));
  assert.ok(r("medium") < r("high"));
  assert.equal(r("medium"), base, "medium is the configured ratio");
  assert.equal(r(null), r("medium"), "no effort means medium");
  assert.equal(r(undefined), r("medium"));
  assert.equal(reasoningRatio(0, "high"), 0);
});
