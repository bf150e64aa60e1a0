import assert from "node:assert/strict";
import { planTranscript } from "../../../src/modalities/audio/transcript.ts";
import { tokenizerFor } from "../../../src/engine/tokenizer.ts";

const plan = (duration: number, fileHash = "abc", model = "whisper-1") =>
  planTranscript({ model, duration, seed: 0, fileHash, temperature: 0 });

Deno.test("text length follows the duration (~2.5 words a second) and re-tokenizes exactly", () => {
  for (const duration of [0.5, 3, 12, 60, 300]) {
    const t = plan(duration);
    const target = Math.max(1, Math.round(duration * 2.5));
    const slack = Math.max(3, Math.round(target / 4));
    assert.ok(Math.abs(t.words.length - target) <= slack, `${duration}s: ${t.words.length} words`);
    assert.equal(t.pieces.join(""), t.text);
    assert.equal(tokenizerFor("whisper-1").count(t.text), t.pieces.length);
    assert.ok(t.text.endsWith("."));
  }
});

Deno.test("words and segments are ordered, inside the audio, and cover the text", () => {
  const t = plan(47.3);
  for (let i = 1; i < t.words.length; i++) assert.ok(t.words[i].start >= t.words[i - 1].end);
  assert.ok(t.words.every((w) => w.start < w.end && w.end <= 47.3 && /^\w+$/.test(w.word)));
  assert.equal(t.segments.map((s) => s.text).join(""), ` ${t.text}`);
  assert.deepEqual(t.segments.map((s) => s.id), t.segments.map((_, i) => i));
  assert.equal(t.segments[0].start, 0);
  assert.equal(t.segments.at(-1)!.end, 47.3);
  for (const s of t.segments) {
    assert.ok(s.text.startsWith(" ") && s.end > s.start);
    assert.equal(s.seek, Math.floor(s.start / 30) * 3000);
    assert.ok(s.tokens[0] >= 50364 && s.tokens.at(-1)! > s.tokens[0], "timestamp tokens");
    assert.ok(s.avg_logprob < 0 && s.no_speech_prob < 0.1 && s.compression_ratio > 1);
  }
});

Deno.test("deterministic per upload; different uploads read differently", () => {
  assert.deepEqual(plan(10, "same"), plan(10, "same"));
  assert.notEqual(plan(10, "one").text, plan(10, "two").text);
});
