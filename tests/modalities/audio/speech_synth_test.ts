import assert from "node:assert/strict";
import {
  SPEECH_SAMPLE_RATE,
  speechDurationSeconds,
  synthesizeSpeech,
  wordCount,
} from "../../../src/modalities/audio/speech_synth.ts";

Deno.test("duration = words / (2.5 words per second × speed)", () => {
  assert.equal(wordCount("  Hello,   world!\nHow are you? "), 5);
  assert.equal(wordCount("..."), 1);
  assert.equal(wordCount(""), 1);
  assert.equal(speechDurationSeconds("a b c d e", 1), 2);
  assert.equal(speechDurationSeconds("a b c d e", 2), 1);
  assert.equal(speechDurationSeconds("a b c d e", 0.25), 8);
});

Deno.test("the signal is quiet, not silent, and one note per word", async () => {
  const pcm = await synthesizeSpeech({ text: "a b c d e", voice: "alloy", speed: 1, seed: 0 });
  assert.equal(pcm.length, 2 * SPEECH_SAMPLE_RATE);
  const peak = pcm.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  assert.ok(peak > 500 && peak < 2500, `peak ${peak}`);
  // The last sample of each word's slot falls in the pause after its note.
  for (let w = 1; w <= 5; w++) assert.equal(pcm[(w * pcm.length) / 5 - 1], 0);
});

Deno.test("deterministic per (seed, voice, text); voices and texts differ", async () => {
  const make = (text: string, voice: string, seed = 0) =>
    synthesizeSpeech({ text, voice, speed: 1, seed });
  const a = await make("hello there world", "alloy");
  assert.deepEqual(await make("hello there world", "alloy"), a);
  assert.notDeepEqual(await make("hello there world", "onyx"), a);
  assert.notDeepEqual(await make("hello there friend", "alloy"), a);
  assert.notDeepEqual(await make("hello there world", "alloy", 1), a);
});
