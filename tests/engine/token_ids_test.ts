import assert from "node:assert/strict";
import { decodeClientTokens } from "../../src/engine/token_ids.ts";
import { tokenizerForEncoding } from "../../src/engine/tokenizer.ts";

for (const encoding of ["cl100k_base", "o200k_base"] as const) {
  const tok = tokenizerForEncoding(encoding);

  Deno.test(`${encoding}: client token ids decode to their text`, () => {
    const ids = tok.encode("Hello, world! 🍕 café");
    assert.equal(decodeClientTokens(tok, ids), "Hello, world! 🍕 café");
  });

  Deno.test(`${encoding}: ids ending inside a character do not leak into the next decode`, () => {
    const pizza = tok.encode("🍕");
    assert.ok(pizza.length > 1, "the emoji spans several tokens");
    const partial = decodeClientTokens(tok, pizza.slice(0, -1));
    assert.equal(partial, "\uFFFD");
    assert.equal(tok.decode(tok.encode("next")), "next");
    // A text token after the partial character pushes the pending bytes into the decoder.
    const mixed = decodeClientTokens(tok, [...pizza.slice(0, 1), ...tok.encode("abc")]);
    assert.equal(mixed?.replace("\uFFFD", ""), "abc");
    assert.equal(tok.decode(tok.encode("after")), "after");
  });

  Deno.test(`${encoding}: unknown ids give null and leave the decoder clean`, () => {
    const first = tok.encode("🍕")[0];
    assert.equal(decodeClientTokens(tok, [first, ...tok.encode("x"), 999_999_999]), null);
    assert.equal(tok.decode(tok.encode("clean")), "clean");
  });
}
