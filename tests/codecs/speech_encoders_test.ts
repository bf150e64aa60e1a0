/** Every speech format parses as its container and lasts as long as the text asks. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { AAC_FRAME_SAMPLES, encodeAdtsAac } from "../../src/codecs/adts_aac.ts";
import { encodeFlac, FLAC_BLOCK_SIZE } from "../../src/codecs/flac.ts";
import { encodeMp3 } from "../../src/codecs/mp3.ts";
import { encodeOggOpus, OPUS_PRE_SKIP } from "../../src/codecs/ogg_opus.ts";
import { adtsFrameAt, walkAdts, walkMp3 } from "../../src/codecs/probe_mpeg.ts";
import { probeWav } from "../../src/codecs/probe_wav.ts";
import { SPEECH_SAMPLE_RATE, synthesizeSpeech } from "../../src/modalities/audio/speech_synth.ts";
import { encodePcm16, encodeWav } from "../../src/codecs/wav.ts";
import { decodeFlac } from "../support/flac_reader.ts";
import { readOggPages } from "../support/ogg_reader.ts";

const RATE = SPEECH_SAMPLE_RATE;
const TEXT = "one two three four five six seven eight nine ten eleven twelve"; // 12 words: 4.8 s
const pcm = await synthesizeSpeech({ text: TEXT, voice: "alloy", speed: 1, seed: 3 });

Deno.test("wav: 44-byte RIFF header with exact sizes around the PCM samples", () => {
  const wav = encodeWav(pcm, RATE);
  const view = new DataView(wav.buffer);
  assert.equal(new TextDecoder().decode(wav.subarray(0, 4)), "RIFF");
  assert.equal(view.getUint32(4, true), wav.length - 8);
  assert.equal(view.getUint32(40, true), pcm.length * 2);
  assert.deepEqual(probeWav(wav), {
    channels: 1,
    sampleRate: RATE,
    bitsPerSample: 16,
    dataBytes: pcm.length * 2,
    seconds: 4.8,
  });
  assert.deepEqual(wav.subarray(44), encodePcm16(pcm));
});

Deno.test("pcm: raw 16-bit little-endian samples, exactly 24 kHz × duration", () => {
  const raw = encodePcm16(pcm);
  assert.equal(raw.length, 4.8 * RATE * 2);
  assert.equal(new DataView(raw.buffer).getInt16(1000, true), pcm[500]);
});

Deno.test("flac: STREAMINFO, frame CRCs and a lossless round trip with the real MD5", async () => {
  const flac = await encodeFlac(pcm, RATE);
  const decoded = decodeFlac(flac);
  assert.equal(decoded.info.sampleRate, RATE);
  assert.equal(decoded.info.channels, 1);
  assert.equal(decoded.info.bitsPerSample, 16);
  assert.equal(decoded.info.totalSamples, pcm.length);
  assert.equal(decoded.info.minBlock, FLAC_BLOCK_SIZE);
  assert.equal(decoded.frames, Math.ceil(pcm.length / FLAC_BLOCK_SIZE));
  assert.equal(decoded.info.minFrame, Math.min(...decoded.frameSizes));
  assert.equal(decoded.info.maxFrame, Math.max(...decoded.frameSizes));
  assert.deepEqual(decoded.samples, pcm);
  const md5 = createHash("md5").update(encodePcm16(pcm)).digest();
  assert.deepEqual(Array.from(decoded.info.md5), Array.from(md5));
  assert.ok(flac.length < pcm.length * 2 / 2, "FIXED prediction compresses the quiet signal");
});

Deno.test("flac: silence (CONSTANT subframes) and a 2-sample stream round-trip", async () => {
  for (const samples of [new Int16Array(5000), Int16Array.from([7, -3])]) {
    const decoded = decodeFlac(await encodeFlac(samples, RATE));
    assert.deepEqual(decoded.samples, samples);
  }
});

Deno.test("opus: Ogg pages with valid CRCs, OpusHead/OpusTags, granules that trim to the duration", () => {
  const ogg = encodeOggOpus(pcm.length, RATE, 77);
  const pages = readOggPages(ogg);
  assert.equal(pages[0].flags, 0x02, "BOS");
  assert.equal(pages.at(-1)!.flags, 0x04, "EOS");
  assert.deepEqual(pages.map((p) => p.sequence), pages.map((_, i) => i));
  assert.ok(pages.every((p) => p.serial === 77));
  const head = pages[0].packets[0];
  assert.equal(new TextDecoder().decode(head.subarray(0, 8)), "OpusHead");
  assert.equal(head[9], 1, "mono");
  assert.equal(new DataView(head.buffer).getUint16(10, true), OPUS_PRE_SKIP);
  assert.equal(new DataView(head.buffer).getUint32(12, true), RATE);
  assert.equal(new TextDecoder().decode(pages[1].packets[0].subarray(0, 8)), "OpusTags");
  const audio = pages.slice(2);
  const packets = audio.flatMap((p) => p.packets);
  assert.ok(packets.every((p) => p[0] === 0xf8), "TOC: CELT-only fullband 20 ms, one frame");
  const finalGranule = audio.at(-1)!.granule;
  assert.equal(finalGranule - OPUS_PRE_SKIP, pcm.length * 2, "48 kHz samples after pre-skip");
  assert.ok(packets.length * 960 >= finalGranule && packets.length * 960 - finalGranule < 960);
  for (let i = 1; i < audio.length; i++) assert.ok(audio[i].granule > audio[i - 1].granule);
});

Deno.test("aac: ADTS frames (AAC-LC, 24 kHz, mono) covering the duration in 1024-sample frames", () => {
  const aac = encodeAdtsAac(pcm.length, RATE);
  const first = adtsFrameAt(aac, 0)!;
  assert.equal(first.sampleRate, RATE);
  assert.equal((aac[2] >> 6) + 1, 2, "object type AAC LC");
  assert.equal(((aac[2] & 1) << 2) | (aac[3] >> 6), 1, "channel configuration: mono");
  const walk = walkAdts(aac)!;
  assert.equal(walk.frames, Math.ceil(pcm.length / AAC_FRAME_SAMPLES));
  assert.equal(walk.frames * first.length, aac.length, "frames run end to end");
  assert.ok(walk.seconds >= 4.8 && walk.seconds - 4.8 < AAC_FRAME_SAMPLES / RATE);
});

Deno.test("mp3: MPEG-2 Layer III frames at 24 kHz, frame-accurate duration", async () => {
  const mp3 = await encodeMp3(pcm, RATE);
  assert.equal(mp3[0], 0xff);
  assert.equal(mp3[1] & 0xe0, 0xe0, "frame sync");
  const walk = walkMp3(mp3)!;
  assert.equal(walk.sampleRate, RATE);
  // LAME adds its encoder delay and pads the last frame; no gapless tag is written.
  assert.ok(walk.seconds >= 4.8 && walk.seconds < 4.8 + 0.1, `${walk.seconds}`);
});
