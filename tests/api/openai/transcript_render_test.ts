import assert from "node:assert/strict";
import { srt, timestamp, vtt } from "../../../src/api/openai/transcript_render.ts";
import type { TranscriptSegment } from "../../../src/modalities/audio/transcript.ts";

const seg = (id: number, start: number, end: number, text: string): TranscriptSegment => ({
  id,
  seek: 0,
  start,
  end,
  text,
  tokens: [],
  temperature: 0,
  avg_logprob: -0.2,
  compression_ratio: 1.3,
  no_speech_prob: 0.01,
});

Deno.test("SRT and WebVTT timestamps and cue layout", () => {
  assert.equal(timestamp(3723.456, ","), "01:02:03,456");
  assert.equal(timestamp(0.0004, "."), "00:00:00.000");
  const segments = [seg(0, 0, 3.32, " The first one."), seg(1, 3.4, 61.5, " And the next.")];
  assert.equal(
    srt(segments),
    "1\n00:00:00,000 --> 00:00:03,320\nThe first one.\n\n" +
      "2\n00:00:03,400 --> 00:01:01,500\nAnd the next.\n\n",
  );
  assert.equal(
    vtt(segments),
    "WEBVTT\n\n00:00:00.000 --> 00:00:03.320\nThe first one.\n\n" +
      "00:00:03.400 --> 00:01:01.500\nAnd the next.\n\n",
  );
});
