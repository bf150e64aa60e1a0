/**
 * Encodings are built on first use only: nothing at start, the family asked for and not the other;
 * a load in slices and a synchronous use in the middle of it agree, and the engine's preparation
 * waits for the load. The tests share the tokenizer singletons, so their order matters.
 */
import assert from "node:assert/strict";
import cl100k from "gpt-tokenizer/encoding/cl100k_base";
import { defaultConfig } from "../../src/config/schema.ts";
import { Engine } from "../../src/engine/engine.ts";
import { LazyEncoding } from "../../src/engine/lazy_encoding.ts";
import { tokenizerFor, tokenizerForEncoding } from "../../src/engine/tokenizer.ts";
import { ManualClock } from "../../src/util/clock.ts";
import { IdGenerator } from "../../src/util/ids.ts";

Deno.test("tokenizers: nothing is built at start; a family is built when first used", () => {
  const o200k = tokenizerForEncoding("o200k_base");
  const cl100k = tokenizerForEncoding("cl100k_base");
  assert.equal(o200k.loaded, false);
  assert.equal(cl100k.loaded, false);
  assert.equal(tokenizerFor("gpt-4o").count("Hello world"), 2);
  assert.equal(o200k.loaded, true);
  assert.equal(cl100k.loaded, false);
});

Deno.test("engine: preparing a request waits until its family's encoding is built", async () => {
  const engine = new Engine({
    config: defaultConfig(),
    clock: new ManualClock(),
    ids: new IdGenerator(1),
  });
  assert.equal(tokenizerFor("gpt-4").loaded, false);
  await engine.prepareChat("gpt-4", 40, [{ role: "user", content: "Hello world" }]);
  assert.equal(tokenizerFor("gpt-4").loaded, true);
});

Deno.test("lazy encoding: a synchronous use during a load finishes it, with exact counts", async () => {
  const lazy = new LazyEncoding("cl100k_base");
  const loading = lazy.load();
  assert.equal(lazy.loaded, false, "one step done, the rest after a yield");
  assert.equal(lazy.load(), loading, "one load at a time");
  const text = "A request must never be miscounted while its encoding loads: 😀 naïve 123";
  assert.equal(lazy.get().count(text), cl100k.countTokens(text));
  assert.equal(lazy.loaded, true);
  await loading;
  assert.equal(lazy.get(), lazy.get());
  await lazy.load();
});
