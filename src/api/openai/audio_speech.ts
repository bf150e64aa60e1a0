/** POST /v1/audio/speech: text → a valid audio file (or SSE `speech.audio.delta` events). */
import { z } from "zod";
import { VOICES } from "../../config/choices.ts";
import { renderSpeech, SPEECH_FORMATS } from "../../modalities/audio/speech_audio.ts";
import { speechDurationSeconds } from "../../modalities/audio/speech_synth.ts";
import { readyTokenizer } from "../../engine/tokenizer.ts";
import { readJsonBody } from "../../server/body.ts";
import type { App } from "../../server/app_env.ts";
import { errors } from "../../server/errors.ts";
import type { ApiDeps } from "../deps.ts";
import { parseRequest } from "../validation.ts";
import { processRequest, SSE_HEADERS, sseBody } from "./audio_common.ts";

export const SPEECH_PATH = "/v1/audio/speech";
export const MAX_SPEECH_INPUT = 4096;
/** Audio output tokens per second for `speech.audio.done` usage (the Realtime API's rate). */
const OUTPUT_TOKENS_PER_SECOND = 20;
/** SSE deltas each carry about this much audio. */
const DELTA_SECONDS = 0.5;

const speechSchema = z.object({
  model: z.string().min(1),
  input: z.string().min(1).max(MAX_SPEECH_INPUT),
  voice: z.unknown().optional(),
  response_format: z.enum(SPEECH_FORMATS).optional(),
  speed: z.number().min(0.25).max(4).optional(),
  instructions: z.string().max(MAX_SPEECH_INPUT).optional(),
  stream_format: z.enum(["audio", "sse"]).optional(),
});

export function registerSpeech(app: App, deps: ApiDeps): void {
  const { config, engine } = deps;
  app.post(SPEECH_PATH, async (c) => {
    if (!config.enableAudio) throw errors.audioDisabled(SPEECH_PATH);
    const req = parseRequest(speechSchema, await readJsonBody(c.req.raw, config.maxRequestSize));
    const voice = voiceKey(req.voice ?? config.defaultVoice);
    if (req.stream_format === "sse" && /^tts-1/.test(req.model)) {
      throw errors.invalidParam(
        "stream_format",
        `stream_format 'sse' is not supported for model '${req.model}'. Use 'audio' instead.`,
        "unsupported_value",
      );
    }
    if (!engine.models.admit(req.model)) throw errors.modelNotFound(req.model);
    const format = req.response_format ?? config.defaultAudioFormat;
    const tokenizer = await readyTokenizer(req.model);
    const inputTokens = tokenizer.count(req.input) + tokenizer.count(req.instructions ?? "");
    const sse = req.stream_format === "sse";
    c.set("access", { model: req.model, prompt_tokens: inputTokens, stream: sse });

    const input = { text: req.input, voice, speed: req.speed ?? 1, seed: engine.settings.seed };
    const seconds = speechDurationSeconds(input.text, input.speed);
    if (seconds > config.maxSpeechSeconds) {
      throw errors.speechOverBudget(seconds, config.maxSpeechSeconds);
    }
    const audio = await processRequest(
      c,
      deps,
      `${voice}\u0000${req.input}`,
      (signal) => renderSpeech(format, input, signal),
    );
    if (!sse) {
      return new Response(audio.bytes, {
        headers: {
          "content-type": audio.contentType,
          "content-length": String(audio.bytes.length),
        },
      });
    }
    const outputTokens = Math.ceil(audio.seconds * OUTPUT_TOKENS_PER_SECOND);
    const events: unknown[] = deltaChunks(audio.bytes, audio.seconds).map((chunk) => ({
      type: "speech.audio.delta",
      audio: toBase64(chunk),
    }));
    events.push({
      type: "speech.audio.done",
      usage: {
        input_tokens: inputTokens,
        output_tokens: outputTokens,
        total_tokens: inputTokens + outputTokens,
      },
    });
    return new Response(sseBody(events), { headers: SSE_HEADERS });
  });
}

/** A built-in voice name, or a custom voice object's id; anything else is a 400 naming the voices. */
function voiceKey(voice: unknown): string {
  if (typeof voice === "string" && (VOICES as readonly string[]).includes(voice)) return voice;
  if (typeof voice === "object" && voice !== null && !Array.isArray(voice)) {
    const id = (voice as { id?: unknown }).id;
    if (typeof id === "string" && id.length > 0) return id;
  }
  const shown = typeof voice === "string" ? `'${voice}'` : JSON.stringify(voice);
  throw errors.invalidParam(
    "voice",
    `Invalid value: ${shown}. Supported values are: ${VOICES.map((v) => `'${v}'`).join(", ")}` +
      ` (or a custom voice object such as {"id": "voice_1234"}).`,
  );
}

/** Splits the file into pieces of ~DELTA_SECONDS each, cut at even offsets (whole PCM samples). */
function deltaChunks(bytes: Uint8Array, seconds: number): Uint8Array[] {
  const count = Math.max(1, Math.ceil(seconds / DELTA_SECONDS));
  const size = Math.max(2, Math.ceil(bytes.length / count / 2) * 2);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
