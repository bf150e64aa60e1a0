import assert from "node:assert/strict";
import { encodeAdtsAac } from "../../src/codecs/adts_aac.ts";
import { probeAudio } from "../../src/codecs/audio_probe.ts";
import { encodeFlac } from "../../src/codecs/flac.ts";
import { encodeMp3 } from "../../src/codecs/mp3.ts";
import { encodeOggOpus } from "../../src/codecs/ogg_opus.ts";
import { encodeWav } from "../../src/codecs/wav.ts";

const RATE = 24_000;
const pcm = new Int16Array(RATE * 3).map((_, i) => Math.round(800 * Math.sin(i / 9)));

Deno.test("exact durations of the formats FakeAI writes", async () => {
  assert.deepEqual(probeAudio(encodeWav(pcm, RATE)), {
    container: "wav",
    seconds: 3,
    exact: true,
    plausible: true,
  });
  assert.deepEqual(probeAudio(await encodeFlac(pcm, RATE)), {
    container: "flac",
    seconds: 3,
    exact: true,
    plausible: true,
  });
  assert.deepEqual(probeAudio(encodeOggOpus(pcm.length, RATE, 1)), {
    container: "ogg",
    seconds: 3,
    exact: true,
    plausible: true,
  });
  const aac = probeAudio(encodeAdtsAac(pcm.length, RATE));
  assert.equal(aac.container, "aac");
  assert.equal(aac.seconds, (71 * 1024) / RATE);
  const mp3 = probeAudio(await encodeMp3(pcm, RATE));
  assert.equal(mp3.container, "mp3");
  assert.ok(mp3.seconds >= 3 && mp3.seconds < 3.1);
});

Deno.test("WAV: other layouts, extra chunks and streamed (unknown) sizes", () => {
  const wav = encodeWav(new Int16Array(16_000), 16_000); // 1 s at 16 kHz mono
  const withList = new Uint8Array(wav.length + 12);
  withList.set(wav.subarray(0, 36));
  withList.set([0x4c, 0x49, 0x53, 0x54, 4, 0, 0, 0, 1, 2, 3, 4], 36); // "LIST" chunk
  withList.set(wav.subarray(36), 48);
  assert.equal(probeAudio(withList).seconds, 1);
  const streamed = wav.slice();
  new DataView(streamed.buffer).setUint32(40, 0xffffffff, true);
  assert.equal(probeAudio(streamed).seconds, 1);
});

Deno.test("WAV whose header claims 1 Hz: the claimed duration is implausible for its bytes", () => {
  const wav = encodeWav(new Int16Array(16_000), 16_000);
  const view = new DataView(wav.buffer);
  view.setUint32(24, 1, true); // sample rate
  view.setUint32(28, 2, true); // byte rate
  const probe = probeAudio(wav);
  assert.equal(probe.seconds, 16_000);
  assert.equal(probe.plausible, false);
  assert.equal(probeAudio(encodeWav(new Int16Array(16_000), 16_000)).plausible, true);
});

Deno.test("MP4 (mvhd) and WebM (Info Duration) headers", () => {
  const mp4 = new Uint8Array(64);
  const v = new DataView(mp4.buffer);
  mp4.set(new TextEncoder().encode("ftypM4A "), 4);
  mp4.set(new TextEncoder().encode("mvhd"), 20);
  v.setUint32(24 + 4 + 8, 1000); // version 0: creation, modification, then timescale
  v.setUint32(24 + 4 + 12, 7250); // duration
  // 64 bytes cannot hold 7.25 s of audio: the duration is read but marked implausible.
  assert.deepEqual(probeAudio(mp4), {
    container: "mp4",
    seconds: 7.25,
    exact: true,
    plausible: false,
  });

  const webm = new Uint8Array(32);
  new DataView(webm.buffer).setUint32(0, 0x1a45dfa3);
  webm.set([0x44, 0x89, 0x88], 10);
  new DataView(webm.buffer).setFloat64(13, 4500); // 4500 ms at the default 1 ms timecode scale
  assert.deepEqual(probeAudio(webm), {
    container: "webm",
    seconds: 4.5,
    exact: true,
    plausible: false,
  });
});

Deno.test("unknown bytes: estimated at 16,000 bytes per second", () => {
  const noise = new Uint8Array(48_000).map((_, i) => (i * 7919) % 251);
  assert.deepEqual(probeAudio(noise), {
    container: "unknown",
    seconds: 3,
    exact: false,
    plausible: true,
  });
  assert.deepEqual(probeAudio(new Uint8Array()), {
    container: "unknown",
    seconds: 0,
    exact: false,
    plausible: true,
  });
});
