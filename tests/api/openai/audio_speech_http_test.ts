/** /v1/audio/speech in process: formats and content types, SSE events, OpenAI-shaped 4xx. */
import assert from "node:assert/strict";
import { testApp } from "../../support/in_process.ts";
import { probeAudio } from "../../../src/codecs/audio_probe.ts";
import { tick, waitFor } from "../../support/wait.ts";

const TEXT = "Ten words of input text make four seconds of speech."; // 10 words

async function speech(body: Record<string, unknown>, overrides = {}) {
  return await testApp(overrides).post("/v1/audio/speech", {
    model: "tts-1",
    input: TEXT,
    ...body,
  });
}

async function errorOf(res: Response) {
  assert.equal(res.headers.get("content-type"), "application/json");
  return (await res.json()).error;
}

Deno.test("speech: each format has its content type and lasts words / 2.5 seconds", async () => {
  const types = {
    mp3: "audio/mpeg",
    opus: "audio/opus",
    aac: "audio/aac",
    flac: "audio/flac",
    wav: "audio/wav",
    pcm: "audio/pcm",
  };
  for (const [format, type] of Object.entries(types)) {
    const res = await speech({ voice: "coral", response_format: format });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), type);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.equal(Number(res.headers.get("content-length")), bytes.length);
    const seconds = format === "pcm" ? bytes.length / 48_000 : probeAudio(bytes).seconds;
    assert.ok(seconds >= 4 && seconds < 4.1, `${format}: ${seconds}`);
  }
});

Deno.test("speech: speed scales the duration; defaults come from the configuration", async () => {
  const fast = await speech({ voice: "alloy", response_format: "wav", speed: 2 });
  assert.equal(probeAudio(new Uint8Array(await fast.arrayBuffer())).seconds, 2);
  const res = await speech({}, { defaultAudioFormat: "flac", defaultVoice: "sage" });
  assert.equal(res.headers.get("content-type"), "audio/flac");
  const same = await speech({ voice: "sage", response_format: "flac" });
  assert.deepEqual(await res.arrayBuffer(), await same.arrayBuffer());
  const custom = await speech({ voice: { id: "voice_1234" }, response_format: "wav" });
  assert.equal(custom.status, 200);
});

Deno.test("speech: stream_format sse sends base64 deltas that join into the file, then usage", async () => {
  const body = { model: "gpt-4o-mini-tts", voice: "verse", response_format: "wav" };
  const res = await speech({ ...body, stream_format: "sse", instructions: "Speak calmly." });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /^text\/event-stream/);
  const events = (await res.text()).split("\n\n").filter(Boolean).map((e) => {
    assert.ok(e.startsWith("data: "));
    return JSON.parse(e.slice(6));
  });
  const deltas = events.slice(0, -1);
  assert.ok(deltas.length >= 8, "about one delta per half second of audio");
  assert.ok(deltas.every((e) => e.type === "speech.audio.delta" && typeof e.audio === "string"));
  const joined = deltas.flatMap((e) => Array.from(atob(e.audio), (c) => c.charCodeAt(0)));
  const whole = new Uint8Array(await (await speech(body)).arrayBuffer());
  assert.deepEqual(Uint8Array.from(joined), whole);
  const done = events.at(-1);
  assert.equal(done.type, "speech.audio.done");
  assert.equal(done.usage.output_tokens, 80, "20 audio tokens a second");
  assert.equal(done.usage.total_tokens, done.usage.input_tokens + 80);
});

Deno.test("speech: bad parameters are 400s naming the parameter", async () => {
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ voice: "bob" }, "voice", /Supported values are: 'alloy', 'ash'.*'cedar'/],
    [{ voice: 7 }, "voice", /Invalid value: 7/],
    [{ input: "x".repeat(4097) }, "input", /maximum length 4096, but got 4097/],
    [{ input: undefined }, "input", /Missing required parameter: 'input'/],
    [{ model: undefined }, "model", /Missing required parameter: 'model'/],
    [{ speed: 4.5 }, "speed", /Expected a value <= 4/],
    [{ speed: 0.1 }, "speed", /Expected a value >= 0.25/],
    [{ response_format: "ogg" }, "response_format", /Supported values are: 'mp3'/],
    [{ stream_format: "sse" }, "stream_format", /not supported for model 'tts-1'/],
  ];
  for (const [body, param, message] of cases) {
    const res = await speech({ voice: "alloy", ...body });
    assert.equal(res.status, 400, param);
    const error = await errorOf(res);
    assert.equal(error.type, "invalid_request_error");
    assert.equal(error.param, param);
    assert.match(error.message, message);
  }
});

Deno.test("speech: FAKEAI_ENABLE_AUDIO=false answers 404 audio_disabled on every audio route", async () => {
  const app = testApp({ enableAudio: false });
  const routes = ["/v1/audio/speech", "/v1/audio/transcriptions", "/v1/audio/translations"];
  for (const path of routes) {
    const res = await app.post(path, { model: "tts-1", input: "hi" });
    assert.equal(res.status, 404);
    const error = await errorOf(res);
    assert.equal(error.code, "audio_disabled");
    assert.match(error.message, /FAKEAI_ENABLE_AUDIO=false/);
  }
});

Deno.test("speech and transcriptions answer after FAKEAI_RESPONSE_DELAY on the injected clock", async () => {
  // No body deadline: its sweep timer would join the two delay timers this test counts.
  const t = testApp({ responseDelay: 0.5, randomDelay: false, bodyTimeoutSeconds: 0 });
  const form = new FormData();
  form.append("file", new Blob([await (await speech({ response_format: "wav" })).arrayBuffer()]));
  form.append("model", "whisper-1");
  const requests = [
    t.post("/v1/audio/speech", {
      model: "tts-1",
      input: "hi",
      voice: "echo",
      response_format: "pcm",
    }),
    Promise.resolve(t.app.request("/v1/audio/transcriptions", { method: "POST", body: form })),
  ];
  let settled = 0;
  for (const r of requests) r.then(() => settled++);
  // Let both requests reach their delay timer (no time passes on the manual clock meanwhile).
  await waitFor("both requests to wait on the clock", () => t.clock.pendingTimers >= 2);
  assert.equal(t.clock.pendingTimers, 2);
  t.clock.advance(499);
  await tick();
  assert.equal(settled, 0);
  t.clock.advance(1);
  const [speechRes, transcriptRes] = await Promise.all(requests);
  assert.equal(speechRes.status, 200);
  assert.equal(transcriptRes.status, 200);
  await speechRes.arrayBuffer();
  await transcriptRes.json();
});
