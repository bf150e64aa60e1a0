/** /v1/audio/transcriptions and /translations in process: formats, usage, uploads and their 4xx. */
import assert from "node:assert/strict";
import { encodeWav } from "../../../src/codecs/wav.ts";
import { testApp } from "../../support/in_process.ts";

/** A WAV of `seconds` at 16 kHz (a quiet ramp, so different lengths hash differently). */
function wav(seconds: number): Uint8Array<ArrayBuffer> {
  return encodeWav(new Int16Array(Math.round(seconds * 16_000)).map((_, i) => i % 200), 16_000);
}

function form(
  fields: Record<string, string | string[]>,
  file: Blob | string | null,
  name = "a.wav",
) {
  const f = new FormData();
  if (file instanceof Blob) f.append("file", file, name);
  else if (file !== null) f.append("file", file);
  for (const [k, v] of Object.entries(fields)) {
    for (const item of Array.isArray(v) ? v : [v]) f.append(k, item);
  }
  return f;
}

async function upload(
  fields: Record<string, string | string[]>,
  file: Blob | string | null = new Blob([wav(6)]),
  path = "/v1/audio/transcriptions",
  overrides = {},
) {
  const { app } = testApp(overrides);
  return await app.request(path, { method: "POST", body: form(fields, file) });
}

Deno.test("transcriptions: whisper-1 json has text and duration usage (whole seconds)", async () => {
  const res = await upload({ model: "whisper-1" }, new Blob([wav(6.2)]));
  assert.equal(res.status, 200);
  const json = await res.json();
  assert.deepEqual(Object.keys(json), ["text", "usage"]);
  assert.deepEqual(json.usage, { type: "duration", seconds: 7 });
  const words = json.text.split(/\s+/).length;
  assert.ok(words >= 12 && words <= 19, `${words} words for 6.2 s`);
});

Deno.test("transcriptions: verbose_json segments by default; words when asked", async () => {
  const json = await (await upload({ model: "whisper-1", response_format: "verbose_json" })).json();
  assert.equal(json.task, "transcribe");
  assert.equal(json.language, "english");
  assert.equal(json.duration, 6);
  assert.ok(json.segments.length >= 1 && json.words === undefined);
  assert.equal(json.segments.at(-1).end, 6);
  const keys = Object.keys(json.segments[0]);
  assert.deepEqual(keys, [
    "id",
    "seek",
    "start",
    "end",
    "text",
    "tokens",
    "temperature",
    "avg_logprob",
    "compression_ratio",
    "no_speech_prob",
  ]);
  const both = await (await upload({
    model: "whisper-1",
    response_format: "verbose_json",
    language: "de",
    "timestamp_granularities[]": ["word", "segment"],
    temperature: "0.4",
  })).json();
  assert.equal(both.language, "german");
  assert.equal(both.segments[0].temperature, 0.4);
  assert.equal(both.words.length, both.text.match(/\w+/g).length);
  const wordsOnly = await (await upload({
    model: "whisper-1",
    response_format: "verbose_json",
    "timestamp_granularities[]": "word",
  })).json();
  assert.equal(wordsOnly.segments, undefined);
  assert.equal(wordsOnly.text, json.text, "same upload, same transcript");
});

Deno.test("transcriptions: text, srt and vtt are text/plain", async () => {
  const text = await upload({ model: "whisper-1", response_format: "text" });
  assert.equal(text.headers.get("content-type"), "text/plain; charset=utf-8");
  const plain = await text.text();
  assert.ok(plain.endsWith(".\n"));
  const srt = await (await upload({ model: "whisper-1", response_format: "srt" })).text();
  assert.match(srt, /^1\n00:00:00,000 --> 00:00:0\d,\d{3}\n\S.*\n\n/);
  const vtt = await (await upload({ model: "whisper-1", response_format: "vtt" })).text();
  assert.match(vtt, /^WEBVTT\n\n00:00:00\.000 --> 00:00:0\d\.\d{3}\n\S/);
});

Deno.test("transcriptions: gpt-4o-transcribe bills tokens, streams deltas, rejects whisper formats", async () => {
  const json = await (await upload({ model: "gpt-4o-transcribe", prompt: "Kubernetes talk" }))
    .json();
  assert.equal(json.usage.type, "tokens");
  assert.deepEqual(json.usage.input_token_details, { text_tokens: 3, audio_tokens: 60 });
  assert.equal(json.usage.total_tokens, json.usage.input_tokens + json.usage.output_tokens);
  const withLogprobs = await (await upload({
    model: "gpt-4o-mini-transcribe",
    "include[]": "logprobs",
  })).json();
  assert.equal(
    withLogprobs.logprobs.map((l: { token: string }) => l.token).join(""),
    withLogprobs.text,
  );
  assert.equal(withLogprobs.logprobs.length, withLogprobs.usage.output_tokens);

  const stream = await upload({ model: "gpt-4o-transcribe", stream: "true" });
  assert.match(stream.headers.get("content-type")!, /^text\/event-stream/);
  const events = (await stream.text()).split("\n\n").filter(Boolean).map((e) =>
    JSON.parse(e.slice(6))
  );
  const done = events.at(-1);
  assert.equal(done.type, "transcript.text.done");
  assert.equal(events.slice(0, -1).map((e) => e.delta).join(""), done.text);
  assert.equal(done.text, json.text);

  const bad = await upload({ model: "gpt-4o-transcribe", response_format: "verbose_json" });
  assert.equal(bad.status, 400);
  assert.deepEqual((await bad.json()).error, {
    message:
      "response_format 'verbose_json' is not compatible with model 'gpt-4o-transcribe'. Use 'json' or 'text' instead.",
    type: "invalid_request_error",
    param: "response_format",
    code: "unsupported_value",
  });
});

Deno.test("transcriptions: diarized_json for the diarize model", async () => {
  const json = await (await upload({
    model: "gpt-4o-transcribe-diarize",
    response_format: "diarized_json",
  }, new Blob([wav(20)]))).json();
  assert.equal(json.task, "transcribe");
  assert.ok(json.segments.length >= 2);
  assert.equal(json.segments[0].type, "transcript.text.segment");
  assert.deepEqual(json.segments.slice(0, 2).map((s: { speaker: string }) => s.speaker), [
    "A",
    "B",
  ]);
});

Deno.test("translations: English, task translate, no usage", async () => {
  const path = "/v1/audio/translations";
  const json = await (await upload({ model: "whisper-1" }, undefined, path)).json();
  assert.deepEqual(Object.keys(json), ["text"]);
  const verbose = await (await upload(
    { model: "whisper-1", response_format: "verbose_json" },
    undefined,
    path,
  )).json();
  assert.equal(verbose.task, "translate");
  assert.equal(verbose.language, "english");
  assert.equal(verbose.usage, undefined);
});

Deno.test("transcriptions: upload errors are OpenAI-shaped 4xx", async () => {
  const { app } = testApp();
  const asJson = await app.request("/v1/audio/transcriptions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "whisper-1", file: "abc" }),
  });
  assert.equal(asJson.status, 400);
  assert.match((await asJson.json()).error.message, /expected multipart\/form-data/);

  const expect = async (res: Response, status: number, param: string | null, message: RegExp) => {
    assert.equal(res.status, status);
    const error = (await res.json()).error;
    assert.equal(error.param, param);
    assert.match(error.message, message);
  };
  await expect(await upload({ model: "whisper-1" }, null), 400, "file", /Missing/);
  await expect(await upload({ model: "whisper-1" }, "not a file"), 400, "file", /expected a file/);
  await expect(await upload({}), 400, "model", /Missing required parameter: 'model'/);
  await expect(await upload({ model: "whisper-1", language: "xx" }), 400, "language", /ISO-639-1/);
  await expect(await upload({ model: "whisper-1", temperature: "2" }), 400, "temperature", /<= 1/);
  await expect(
    await upload({ model: "whisper-1", response_format: "yaml" }),
    400,
    "response_format",
    /Supported values are: 'json'/,
  );
  await expect(
    await upload({ model: "whisper-1" }, new Blob([wav(0.05)])),
    400,
    "file",
    /too short/,
  );
  const noise = new Blob([new Uint8Array(50_000).map((_, i) => (i * 31) % 251)]);
  await expect(
    await app.request("/v1/audio/transcriptions", {
      method: "POST",
      body: form({ model: "whisper-1" }, noise, "notes.txt"),
    }),
    400,
    "file",
    /Invalid file format. Supported formats: \['flac'/,
  );
  const ok = await app.request("/v1/audio/transcriptions", {
    method: "POST",
    body: form({ model: "whisper-1" }, noise, "clip.m4a"),
  });
  assert.equal((await ok.json()).usage.seconds, 4, "unknown content: 16,000 bytes a second");
});

Deno.test("transcriptions: uploads over 25 MB are 413 with OpenAI's message", async () => {
  const big = new Blob([new Uint8Array(26_214_400)]);
  const res = await upload({ model: "whisper-1" }, big);
  assert.equal(res.status, 413);
  const error = (await res.json()).error;
  assert.match(error.message, /^Maximum content size limit \(26214400\) exceeded \(/);
  const small = await upload({ model: "whisper-1" }, new Blob([wav(1)]), undefined, {
    maxRequestSize: 4096,
  });
  assert.equal(small.status, 413, "a lower FAKEAI_MAX_REQUEST_SIZE still applies");
});
