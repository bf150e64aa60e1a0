/** Stop sequences cut at piece boundaries, before the earliest stop; the stop is never returned. */
import assert from "node:assert/strict";
import { applyStops } from "../../src/engine/stop_sequences.ts";
import { textGeneratorFor } from "../../src/engine/text_generator.ts";
import { tokenizerForEncoding } from "../../src/engine/tokenizer.ts";
import { createPrng } from "../../src/util/prng.ts";

const PIECES = ["Hello", " world", ",", " how", " are", " you", "?"];

Deno.test("no stops, or only empty stops: unchanged", () => {
  assert.deepEqual(applyStops(PIECES, []), { pieces: PIECES, stopped: false });
  assert.deepEqual(applyStops(PIECES, [""]), { pieces: PIECES, stopped: false });
});

Deno.test("a stop that never occurs: unchanged, not stopped", () => {
  assert.deepEqual(applyStops(PIECES, ["xyz", "World"]), { pieces: PIECES, stopped: false });
});

Deno.test("a stop aligned with a piece: the pieces before it are kept", () => {
  assert.deepEqual(applyStops(PIECES, [" how"]), {
    pieces: ["Hello", " world", ","],
    stopped: true,
    sequence: " how",
  });
  assert.deepEqual(applyStops(PIECES, ["Hello"]), { pieces: [], stopped: true, sequence: "Hello" });
});

Deno.test("a stop starting inside a piece drops that whole piece", () => {
  assert.deepEqual(applyStops(PIECES, ["orl"]), {
    pieces: ["Hello"],
    stopped: true,
    sequence: "orl",
  });
  assert.deepEqual(applyStops(PIECES, ["llo"]), { pieces: [], stopped: true, sequence: "llo" });
  assert.deepEqual(applyStops(PIECES, ["u?"]), {
    pieces: ["Hello", " world", ",", " how", " are"],
    stopped: true,
    sequence: "u?",
  });
});

Deno.test("a stop spanning several pieces cuts where it starts", () => {
  assert.deepEqual(applyStops(PIECES, ["d, h"]), {
    pieces: ["Hello"],
    stopped: true,
    sequence: "d, h",
  });
  assert.deepEqual(applyStops(PIECES, [", how are"]), {
    pieces: ["Hello", " world"],
    stopped: true,
    sequence: ", how are",
  });
});

Deno.test("several stops: the earliest in the text wins, not the first listed", () => {
  assert.deepEqual(applyStops(PIECES, ["?", " are", ","]), {
    pieces: ["Hello", " world"],
    stopped: true,
    sequence: ",",
  });
  assert.deepEqual(applyStops(PIECES, ["you", "nope", " are"]), {
    pieces: ["Hello", " world", ",", " how"],
    stopped: true,
    sequence: " are",
  });
});

Deno.test("property: kept text is a prefix of whole pieces, contains no stop, re-tokenizes exactly", () => {
  const tok = tokenizerForEncoding("o200k_base");
  const gen = textGeneratorFor(tok);
  for (let seed = 0; seed < 100; seed++) {
    const prng = createPrng(seed);
    const pieces = gen.prose(prng, 80);
    const text = pieces.join("");
    // Stops cut from the text itself so they occur, plus one that does not.
    const stops = [0, 1].map(() => {
      const at = prng.int(text.length - 4);
      return text.slice(at, at + 1 + prng.int(4));
    });
    stops.push("\u0000never");
    const cut = applyStops(pieces, stops);
    assert.equal(cut.stopped, true, `seed ${seed}`);
    assert.deepEqual(cut.pieces, pieces.slice(0, cut.pieces.length));
    const kept = cut.pieces.join("");
    for (const stop of stops) assert.ok(!kept.includes(stop), `seed ${seed}: ${stop}`);
    const first = Math.min(...stops.map((s) => text.indexOf(s)).filter((i) => i >= 0));
    assert.ok(kept.length <= first, "cut at or before the earliest stop");
    const next = pieces[cut.pieces.length];
    assert.ok(kept.length + next.length > first, "the piece holding the stop start is dropped");
    assert.equal(tok.encode(kept).length, cut.pieces.length, `seed ${seed}: re-tokenizes`);
  }
});
