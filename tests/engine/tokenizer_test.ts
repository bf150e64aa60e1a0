import assert from "node:assert/strict";
import {
  encodingForModel,
  tokenizerFor,
  tokenizerForEncoding,
} from "../../src/engine/tokenizer.ts";

Deno.test("encodingForModel picks the family's encoding", () => {
  const cases: Array<[string, string]> = [
    ["gpt-4", "cl100k_base"],
    ["gpt-4-0613", "cl100k_base"],
    ["gpt-4-turbo", "cl100k_base"],
    ["gpt-4-turbo-2024-04-09", "cl100k_base"],
    ["gpt-4-32k", "cl100k_base"],
    ["gpt-3.5-turbo", "cl100k_base"],
    ["gpt-3.5-turbo-instruct", "cl100k_base"],
    ["text-embedding-ada-002", "cl100k_base"],
    ["text-embedding-3-small", "cl100k_base"],
    ["text-embedding-3-large", "cl100k_base"],
    ["GPT-4", "cl100k_base"],
    ["openai/gpt-4", "cl100k_base"],
    ["ft:gpt-3.5-turbo:acme::abc123", "cl100k_base"],
    ["gpt-4o", "o200k_base"],
    ["gpt-4o-mini", "o200k_base"],
    ["openai/gpt-4o-2024-08-06", "o200k_base"],
    ["gpt-4.1", "o200k_base"],
    ["gpt-4.1-nano", "o200k_base"],
    ["gpt-4.5-preview", "o200k_base"],
    ["o1", "o200k_base"],
    ["o3-mini", "o200k_base"],
    ["o4-mini", "o200k_base"],
    ["gpt-5", "o200k_base"],
    ["gpt-5-mini", "o200k_base"],
    ["gpt-oss-120b", "o200k_base"],
    ["openai/gpt-oss-20b", "o200k_base"],
    ["meta-llama/Llama-3.1-8B-Instruct", "o200k_base"],
    ["my-custom-model", "o200k_base"],
    ["", "o200k_base"],
  ];
  for (const [model, expected] of cases) {
    assert.equal(encodingForModel(model), expected, model);
    assert.equal(tokenizerFor(model).encoding, expected, model);
  }
});

Deno.test("tokenizers are cached singletons per encoding", () => {
  assert.equal(tokenizerFor("gpt-4o"), tokenizerFor("gpt-5"));
  assert.equal(tokenizerFor("gpt-4"), tokenizerForEncoding("cl100k_base"));
  assert.notEqual(tokenizerFor("gpt-4"), tokenizerFor("gpt-4o"));
});

Deno.test("known token ids and counts (tiktoken reference values)", () => {
  const o200k = tokenizerForEncoding("o200k_base");
  const cl100k = tokenizerForEncoding("cl100k_base");
  assert.deepEqual(o200k.encode("Hello world"), [13225, 2375]);
  assert.deepEqual(cl100k.encode("Hello world"), [9906, 1917]);
  assert.deepEqual(o200k.encode("tiktoken is great!"), [83, 8251, 2488, 382, 2212, 0]);
  assert.deepEqual(cl100k.encode("tiktoken is great!"), [83, 1609, 5963, 374, 2294, 0]);
  assert.equal(o200k.count("antidisestablishmentarianism"), 6);
  assert.equal(cl100k.count("antidisestablishmentarianism"), 6);
  assert.equal(o200k.count(""), 0);
  for (const tok of [o200k, cl100k]) {
    const text = 'Crème brûlée 😀 日本語 {"a": [1, 2]}';
    assert.equal(tok.count(text), tok.encode(text).length);
    assert.equal(tok.decode(tok.encode(text)), text);
  }
});

Deno.test("special-token text in user input is ordinary text", () => {
  for (const tok of [tokenizerFor("gpt-4o"), tokenizerFor("gpt-4")]) {
    const text = "before <|endoftext|> after <|im_start|>";
    const ids = tok.encode(text);
    assert.ok(ids.length > 4);
    assert.equal(tok.count(text), ids.length);
    assert.equal(tok.decode(ids), text);
  }
});
