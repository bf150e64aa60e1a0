/** The openai SDK and the Vercel AI SDK against the real CLI: speech and transcription. */
import assert from "node:assert/strict";
import OpenAI, { toFile } from "openai";
import { generateSpeech, transcribe } from "ai";
import { createOpenAI } from "@ai-sdk/openai";
import { probeAudio } from "../../src/codecs/audio_probe.ts";
import { encodeWav } from "../../src/codecs/wav.ts";
import { type FakeAIProcess, startFakeAI } from "../support/fakeai_process.ts";

const FAST = ["--response-delay", "0"];
const TEXT = "The quick brown fox jumps over the lazy dog near the river bank."; // 13 words: 5.2 s

async function withServer(
  fn: (client: OpenAI, server: FakeAIProcess) => Promise<void>,
  options: { args?: string[]; env?: Record<string, string> } = {},
) {
  const server = await startFakeAI({ args: options.args ?? FAST, env: options.env });
  try {
    await fn(new OpenAI({ baseURL: server.baseURL, apiKey: "sk-test", maxRetries: 0 }), server);
  } finally {
    assert.equal(await server.stop(), 0);
  }
}

/** A 3-second 16 kHz WAV built in the test. */
function wavFile(seconds = 3) {
  const pcm = new Int16Array(16_000 * seconds).map((_, i) => Math.round(900 * Math.sin(i / 7)));
  return toFile(encodeWav(pcm, 16_000), "clip.wav", { type: "audio/wav" });
}

const MAGIC: Record<string, (b: Uint8Array) => boolean> = {
  mp3: (b) => b[0] === 0xff && (b[1] & 0xe0) === 0xe0,
  opus: (b) => new TextDecoder().decode(b.subarray(0, 4)) === "OggS",
  aac: (b) => b[0] === 0xff && (b[1] & 0xf6) === 0xf0,
  flac: (b) => new TextDecoder().decode(b.subarray(0, 4)) === "fLaC",
  wav: (b) => new TextDecoder().decode(b.subarray(8, 12)) === "WAVE",
  pcm: () => true,
};

Deno.test("e2e: audio.speech.create returns a valid file of every format, sized by the text", async () => {
  await withServer(async (client) => {
    for (const format of Object.keys(MAGIC) as Array<keyof typeof MAGIC>) {
      const res = await client.audio.speech.create({
        model: "tts-1",
        voice: "nova",
        input: TEXT,
        response_format: format as "mp3",
      });
      const bytes = new Uint8Array(await res.arrayBuffer());
      assert.ok(MAGIC[format](bytes), `${format} magic bytes`);
      const seconds = format === "pcm" ? bytes.length / 48_000 : probeAudio(bytes).seconds;
      assert.ok(seconds >= 5.2 && seconds < 5.3, `${format}: ${seconds} s`);
    }
  });
});

Deno.test("e2e: transcriptions in each response_format, and translations", async () => {
  await withServer(async (client) => {
    const json = await client.audio.transcriptions.create({
      file: await wavFile(),
      model: "whisper-1",
    });
    assert.ok(json.text.length > 0);
    assert.deepEqual(json.usage, { type: "duration", seconds: 3 });

    const verbose = await client.audio.transcriptions.create({
      file: await wavFile(),
      model: "whisper-1",
      response_format: "verbose_json",
      timestamp_granularities: ["word", "segment"],
    });
    assert.equal(verbose.duration, 3);
    assert.equal(verbose.text, json.text, "same bytes, same transcript");
    assert.equal(verbose.segments!.at(-1)!.end, 3);
    assert.equal(verbose.words!.length, verbose.text.match(/\w+/g)!.length);

    const text = await client.audio.transcriptions.create({
      file: await wavFile(),
      model: "whisper-1",
      response_format: "text",
    });
    assert.equal(text, `${json.text}\n`);
    const srt = await client.audio.transcriptions.create({
      file: await wavFile(),
      model: "whisper-1",
      response_format: "srt",
    });
    assert.match(srt, /^1\n00:00:00,000 --> 00:00:0\d,\d{3}\n/);
    const vtt = await client.audio.transcriptions.create({
      file: await wavFile(),
      model: "whisper-1",
      response_format: "vtt",
    });
    assert.match(vtt, /^WEBVTT\n\n00:00:00\.000 --> /);

    const gpt = await client.audio.transcriptions.create({
      file: await wavFile(),
      model: "gpt-4o-transcribe",
    });
    assert.equal(gpt.usage?.type, "tokens");

    const stream = await client.audio.transcriptions.create({
      file: await wavFile(),
      model: "gpt-4o-mini-transcribe",
      stream: true,
    });
    let deltas = "";
    let done = "";
    for await (const event of stream) {
      if (event.type === "transcript.text.delta") deltas += event.delta;
      if (event.type === "transcript.text.done") done = event.text;
    }
    assert.ok(done.length > 0);
    assert.equal(deltas, done);

    // The SDK's translation overloads all resolve to Translation; the body is the verbose form.
    const translation = await client.audio.translations.create({
      file: await wavFile(),
      model: "whisper-1",
      response_format: "verbose_json",
    }) as unknown as OpenAI.Audio.TranslationVerbose;
    assert.equal(translation.language, "english");
    assert.equal(translation.duration, 3);
  });
});

Deno.test("e2e: errors: bad voice, incompatible format, oversize upload, wrong body, disabled audio", async () => {
  await withServer(async (client, server) => {
    await assert.rejects(
      client.audio.speech.create({ model: "tts-1", voice: "bob", input: "hi" }),
      (err) => err instanceof OpenAI.BadRequestError && err.param === "voice",
    );
    await assert.rejects(
      client.audio.transcriptions.create({
        file: await wavFile(),
        model: "gpt-4o-transcribe",
        response_format: "srt",
      }),
      (err) => err instanceof OpenAI.BadRequestError && err.code === "unsupported_value",
    );
    await assert.rejects(
      client.audio.transcriptions.create({
        file: await toFile(new Uint8Array(26_214_401), "big.wav"),
        model: "whisper-1",
      }),
      (err) => err instanceof OpenAI.APIError && err.status === 413,
    );
    const raw = (contentType: string, body: string) =>
      fetch(`${server.baseURL}/audio/transcriptions`, {
        method: "POST",
        headers: { "content-type": contentType },
        body,
      });
    const asJson = await raw("application/json", JSON.stringify({ model: "whisper-1" }));
    assert.equal(asJson.status, 400);
    assert.match((await asJson.json()).error.message, /expected multipart\/form-data/);
    const broken = await raw("multipart/form-data; boundary=XYZ", "--ABC\r\nnot a form\r\n");
    assert.equal(broken.status, 400);
    assert.equal((await broken.json()).error.code, "invalid_multipart");
  });
  await withServer(async (client) => {
    await assert.rejects(
      client.audio.speech.create({ model: "tts-1", voice: "alloy", input: "hi" }),
      (err) => err instanceof OpenAI.NotFoundError && err.code === "audio_disabled",
    );
  }, { args: FAST, env: { FAKEAI_ENABLE_AUDIO: "false" } });
});

Deno.test("e2e: Vercel AI SDK generateSpeech and transcribe with @ai-sdk/openai", async () => {
  await withServer(async (_client, server) => {
    const openai = createOpenAI({ baseURL: server.baseURL, apiKey: "sk-test" });
    const speech = await generateSpeech({
      model: openai.speech("gpt-4o-mini-tts"),
      text: TEXT,
      voice: "coral",
      outputFormat: "wav",
    });
    const audio = speech.audio.uint8Array;
    assert.equal(probeAudio(audio).seconds, 5.2);

    const result = await transcribe({
      model: openai.transcription("whisper-1"),
      audio,
    });
    assert.ok(result.text.length > 0);
    assert.equal(result.durationInSeconds, 5.2);
    assert.equal(result.language, "en");
    assert.ok(result.segments.length >= 1);
    assert.equal(result.segments.at(-1)!.endSecond, 5.2);

    const gpt = await transcribe({
      model: openai.transcription("gpt-4o-transcribe"),
      audio,
    });
    assert.ok(gpt.text.length > 0);
  });
});
