/** The piece cache stays within two generations and never keeps pieces that may pin a text. */
import assert from "node:assert/strict";
import { PieceCache } from "../../src/engine/piece_cache.ts";

Deno.test("piece cache: remembers pieces, forgets a generation once the next one is full", () => {
  const cache = new PieceCache<number>(3);
  for (const [i, piece] of ["a", "b", "c"].entries()) cache.set(piece, i);
  // "a".."c" filled the first generation; it is now the older one.
  cache.set("d", 3);
  assert.equal(cache.get("a"), 0); // found in the older generation: moves to the newer
  cache.set("e", 4); // the newer generation is full again: "b" and "c" are forgotten
  assert.equal(cache.get("b"), undefined);
  assert.equal(cache.get("c"), undefined);
  assert.equal(cache.get("a"), 0);
  assert.equal(cache.get("d"), 3);
  assert.equal(cache.get("e"), 4);
});

Deno.test("piece cache: a piece longer than 12 characters is not remembered", () => {
  const cache = new PieceCache<number[]>(8);
  cache.set("twelve chars", [1]);
  cache.set("thirteen char", [2]);
  assert.deepEqual(cache.get("twelve chars"), [1]);
  assert.equal(cache.get("thirteen char"), undefined);
});
