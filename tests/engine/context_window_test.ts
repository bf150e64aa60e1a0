/** Context windows per model and the context-length check. */
import assert from "node:assert/strict";
import { contextWindowPair } from "../../src/config/context_window_pairs.ts";
import {
  BUILTIN_CONTEXT_WINDOWS,
  contextOverflow,
  ContextWindows,
} from "../../src/engine/context_window.ts";

Deno.test("built-in windows for the listed models", () => {
  const w = new ContextWindows([], 128_000);
  const expected: Record<string, number> = {
    "gpt-4o": 128_000,
    "gpt-4o-mini": 128_000,
    "gpt-4.1": 1_047_576,
    "gpt-4": 8_192,
    "gpt-3.5-turbo": 16_385,
    "o1": 200_000,
    "o3-mini": 200_000,
    "o4-mini": 200_000,
    "gpt-5": 400_000,
    "openai/gpt-oss-120b": 131_072,
    "openai/gpt-oss-20b": 131_072,
    "meta-llama/Llama-3.1-8B-Instruct": 131_072,
    "deepseek-ai/DeepSeek-R1": 163_840,
  };
  for (const [model, tokens] of Object.entries(expected)) {
    assert.equal(w.windowFor(model), tokens, model);
    assert.equal(BUILTIN_CONTEXT_WINDOWS[model], tokens, model);
  }
});

Deno.test("dated snapshots, fine-tunes and org prefixes resolve to their base model", () => {
  const w = new ContextWindows([], 128_000);
  assert.equal(w.windowFor("gpt-4-0613"), 8_192);
  assert.equal(w.windowFor("gpt-4-turbo-2024-04-09"), 128_000, "longest listed prefix wins");
  assert.equal(w.windowFor("gpt-4o-mini-2024-07-18"), 128_000);
  assert.equal(w.windowFor("ft:gpt-4:my-org::abc123"), 8_192);
  assert.equal(w.windowFor("azure/gpt-4"), 8_192);
  assert.equal(w.windowFor("gpt-40"), 128_000, "no '-' boundary: the default");
});

Deno.test("the configured table overrides the built-in one; unknown models get the default", () => {
  const w = new ContextWindows(["gpt-4=32768", "my/model=4096", "odd=id=100"], 2048);
  assert.equal(w.windowFor("gpt-4"), 32_768);
  assert.equal(w.windowFor("gpt-4-0613"), 32_768);
  assert.equal(w.windowFor("my/model"), 4_096);
  assert.equal(w.windowFor("odd=id"), 100);
  assert.equal(w.windowFor("some-unlisted-model"), 2_048);
  assert.equal(w.windowFor("gpt-4o"), 128_000, "other built-ins stay");
});

Deno.test("overflow: prompt + requested output over the window; exact at the boundary", () => {
  assert.equal(contextOverflow(100, 60, 40), null);
  assert.deepEqual(contextOverflow(100, 60, 41), {
    window: 100,
    promptTokens: 60,
    completionTokens: 41,
    requested: 101,
  });
  assert.equal(contextOverflow(100, 100, null), null, "no requested output: only the prompt");
  assert.equal(contextOverflow(100, 101, null)?.requested, 101);
  assert.equal(contextOverflow(100, 100, 0), null);
});

Deno.test("FAKEAI_CONTEXT_WINDOWS items are validated", () => {
  assert.equal(contextWindowPair("gpt-4=8192"), null);
  assert.equal(contextWindowPair("org/model=1"), null);
  for (const bad of ["gpt-4", "=8192", "gpt-4=0", "gpt-4=1.5", "gpt-4=abc", "gpt-4=100000001"]) {
    assert.match(contextWindowPair(bad)!, /expected model=tokens/, bad);
  }
});
