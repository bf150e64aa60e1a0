/**
 * Media is budgeted before work: an audio header that lies about its length is OpenAI's
 * "corrupted or unsupported", the GPT-4o transcription models' own duration limits hold, and
 * speech or transcripts beyond the server's budget are refused before anything is rendered.
 * Each case was once a crash (a WAV claiming 1 Hz) or a freeze (speech of 2,048 words at 0.25×).
 */
import assert from "node:assert/strict";
import type { Config } from "../../src/config/schema.ts";
import { encodeOggOpus } from "../../src/codecs/ogg_opus.ts";
import { encodeWav } from "../../src/codecs/wav.ts";
import { testApp } from "../support/in_process.ts";

function wav(seconds: number, rate = 16_000): Uint8Array<ArrayBuffer> {
  return encodeWav(new Int16Array(Math.round(seconds * rate)), rate);
}

async function transcribe(
  model: string,
  bytes: Uint8Array<ArrayBuffer>,
  name: string,
  overrides: Partial<Config> = {},
) {
  const form = new FormData();
  form.append("file", new Blob([bytes]), name);
  form.append("model", model);
  form.append("response_format", model === "whisper-1" ? "verbose_json" : "json");
  const { app } = testApp({ responseDelay: 0, ...overrides });
  const res = await app.request("/v1/audio/transcriptions", { method: "POST", body: form });
  return { status: res.status, body: await res.json() };
}

Deno.test("media budget: a WAV whose header claims 1 Hz is corrupted, not 16,000 s of transcript", async () => {
  const lying = wav(1);
  const view = new DataView(lying.buffer);
  view.setUint32(24, 1, true); // sample rate
  view.setUint32(28, 2, true); // byte rate
  const { status, body } = await transcribe("whisper-1", lying, "a.wav");
  assert.equal(status, 400);
  assert.deepEqual(body.error, {
    message: "Audio file might be corrupted or unsupported",
    type: "invalid_request_error",
    param: "file",
    code: "invalid_value",
  });
});

Deno.test("media budget: gpt-4o-transcribe takes at most 1,500 s of audio", async () => {
  const long = encodeOggOpus(1_600 * 48_000, 48_000, 1);
  const { status, body } = await transcribe("gpt-4o-transcribe", long, "a.ogg");
  assert.equal(status, 400);
  assert.equal(
    body.error.message,
    "audio duration 1600 seconds is longer than 1500 seconds which is the maximum for this model",
  );
  assert.equal(body.error.code, "invalid_value");
  // whisper-1 has no duration limit of its own.
  assert.equal((await transcribe("whisper-1", long, "a.ogg")).status, 200);
});

Deno.test("media budget: transcriptions beyond FAKEAI_MAX_TRANSCRIPTION_SECONDS are refused", async () => {
  const { status, body } = await transcribe("whisper-1", wav(3), "a.wav", {
    maxTranscriptionSeconds: 2,
  });
  assert.equal(status, 400);
  assert.equal(body.error.param, "file");
  assert.match(body.error.message, /this server transcribes at most 2 seconds per request/);
});

Deno.test("media budget: speech longer than FAKEAI_MAX_SPEECH_SECONDS is refused up front", async () => {
  const { post } = testApp({ responseDelay: 0 });
  const words = Array.from({ length: 2_048 }, () => "a").join(" ");
  const res = await post("/v1/audio/speech", {
    model: "tts-1",
    voice: "alloy",
    input: words,
    speed: 0.25,
  });
  assert.equal(res.status, 400);
  const { error } = await res.json();
  assert.equal(error.param, "input");
  assert.equal(
    error.message,
    "The speech for this input would last 3277 seconds; this server renders at most 900 " +
      "seconds per request (FAKEAI_MAX_SPEECH_SECONDS).",
  );
  const ok = await post("/v1/audio/speech", { model: "tts-1", voice: "alloy", input: "Hello." });
  assert.equal(ok.status, 200);
});
