/**
 * POST /v1/audio/transcriptions and /v1/audio/translations: a multipart upload → deterministic
 * prose whose length follows the upload's duration (~2.5 words a second), in the requested format.
 */
import { probeAudio } from "../../codecs/audio_probe.ts";
import { planTranscript } from "../../modalities/audio/transcript.ts";
import { languageName } from "../../modalities/audio/whisper_languages.ts";
import { logprobsFor } from "../../engine/logprobs.ts";
import { readyTokenizer, tokenizerFor } from "../../engine/tokenizer.ts";
import type { Context } from "hono";
import type { App, AppEnv } from "../../server/app_env.ts";
import { errors } from "../../server/errors.ts";
import { createPrng, deriveSeed } from "../../util/prng.ts";
import type { ApiDeps } from "../deps.ts";
import { processRequest, SSE_HEADERS, sseBody } from "./audio_common.ts";
import { type AudioFormFields, readAudioForm, type TranscriptFormat } from "./audio_form.ts";
import {
  renderTranscript,
  transcriptStreamEvents,
  type TranscriptUsage,
} from "./transcript_render.ts";

export const TRANSCRIPTIONS_PATH = "/v1/audio/transcriptions";
export const TRANSLATIONS_PATH = "/v1/audio/translations";
/** Input audio tokens per second for token-billed models (the Realtime API's input rate). */
const AUDIO_TOKENS_PER_SECOND = 10;
const MIN_SECONDS = 0.1;
const ACCEPTED_EXTENSIONS = [
  "flac",
  "m4a",
  "mp3",
  "mp4",
  "mpeg",
  "mpga",
  "oga",
  "ogg",
  "wav",
  "webm",
];

type Task = "transcribe" | "translate";

export function registerTranscriptions(app: App, deps: ApiDeps): void {
  app.post(TRANSCRIPTIONS_PATH, (c) => handle(c, deps, "transcribe"));
  app.post(TRANSLATIONS_PATH, (c) => handle(c, deps, "translate"));
}

async function handle(
  c: Context<AppEnv>,
  deps: ApiDeps,
  task: Task,
): Promise<Response> {
  const { config, engine } = deps;
  if (!config.enableAudio) throw errors.audioDisabled(c.req.path);
  const { file, fields } = await readAudioForm(c.req.raw, config.maxRequestSize);
  const model = fields.model;
  const format = fields.response_format ?? "json";
  if (task === "translate" && format === "diarized_json") {
    throw errors.invalidParam(
      "response_format",
      "Invalid value: 'diarized_json'. Supported values are: 'json', 'text', 'srt', 'verbose_json' and 'vtt'.",
    );
  }
  checkFormat(model, format);
  const language = task === "translate" ? "english" : languageOf(fields.language);
  if (!engine.models.admit(model)) throw errors.modelNotFound(model);

  const probe = probeAudio(file.bytes);
  if (!probe.exact && !hasAcceptedExtension(file.name)) {
    throw errors.invalidParam(
      "file",
      `Invalid file format. Supported formats: [${
        ACCEPTED_EXTENSIONS.map((e) => `'${e}'`).join(", ")
      }]`,
    );
  }
  if (probe.seconds < MIN_SECONDS) {
    throw errors.audioTooShort(MIN_SECONDS);
  }
  // Budget before work: the transcript is sized from this duration, so it must be believable.
  if (!probe.plausible) throw errors.audioUnreadable();
  const modelMax = MAX_SECONDS_BY_FAMILY[modelFamily(model)];
  if (modelMax !== null && probe.seconds > modelMax) {
    throw errors.audioTooLong(Number(probe.seconds.toFixed(6)), modelMax);
  }
  if (probe.seconds > config.maxTranscriptionSeconds) {
    throw errors.transcriptionOverBudget(probe.seconds, config.maxTranscriptionSeconds);
  }

  const digest = await crypto.subtle.digest("SHA-256", file.bytes as Uint8Array<ArrayBuffer>);
  const fileHash = Array.from(new Uint8Array(digest, 0, 12), (b) => b.toString(16)).join("");
  await readyTokenizer(model); // the transcript and the prompt are counted in tokens
  const transcript = planTranscript({
    model,
    duration: probe.seconds,
    seed: engine.settings.seed,
    fileHash,
    temperature: fields.temperature ?? 0,
  });
  const tokenBilled = modelFamily(model) !== "whisper";
  const usage = usageFor(task, tokenBilled, probe.seconds, transcript.pieces.length, fields);
  const logprobs = tokenBilled && fields.include?.includes("logprobs") && format === "json"
    ? logprobsFor(
      transcript.pieces,
      0,
      createPrng(deriveSeed(engine.settings.seed, "lp", fileHash)),
    )
    : undefined;
  const streamed = fields.stream === true && tokenBilled && task === "transcribe";
  c.set("access", {
    model,
    prompt_tokens: usage?.type === "tokens" ? usage.input_tokens : undefined,
    completion_tokens: transcript.pieces.length,
    stream: streamed,
  });
  await processRequest(c, deps, fileHash, () => undefined);
  if (streamed && usage) {
    return new Response(sseBody(transcriptStreamEvents(transcript, usage, logprobs)), {
      headers: SSE_HEADERS,
    });
  }
  return renderTranscript({
    transcript,
    format,
    task,
    language,
    granularities: fields.timestamp_granularities ?? ["segment"],
    usage,
    logprobs,
  });
}

type Family = "whisper" | "gpt" | "diarize";

function modelFamily(model: string): Family {
  if (/diarize/.test(model)) return "diarize";
  return /transcribe/.test(model) ? "gpt" : "whisper";
}

/** The GPT-4o transcription models' own duration limits (whisper-1 has none but the upload size). */
const MAX_SECONDS_BY_FAMILY: Record<Family, number | null> = {
  whisper: null,
  gpt: 1_500,
  diarize: 1_400,
};

const FORMATS_BY_FAMILY: Record<Family, readonly TranscriptFormat[]> = {
  whisper: ["json", "text", "srt", "verbose_json", "vtt"],
  gpt: ["json", "text"],
  diarize: ["json", "text", "diarized_json"],
};

function checkFormat(model: string, format: TranscriptFormat): void {
  const allowed = FORMATS_BY_FAMILY[modelFamily(model)];
  if (allowed.includes(format)) return;
  const quoted = allowed.map((f) => `'${f}'`);
  const list = `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
  throw errors.invalidParam(
    "response_format",
    `response_format '${format}' is not compatible with model '${model}'. Use ${list} instead.`,
    "unsupported_value",
  );
}

function languageOf(code: string | undefined): string {
  if (code === undefined || code === "") return "english";
  const name = languageName(code);
  if (name) return name;
  throw errors.invalidParam(
    "language",
    `Invalid language '${code}'. Language parameter must be specified in ISO-639-1 format.`,
  );
}

function hasAcceptedExtension(name: string): boolean {
  const dot = name.lastIndexOf(".");
  return dot >= 0 && ACCEPTED_EXTENSIONS.includes(name.slice(dot + 1).toLowerCase());
}

/** whisper-1 bills whole seconds; gpt-4o-*-transcribe bills tokens. Translations carry none. */
function usageFor(
  task: Task,
  tokenBilled: boolean,
  seconds: number,
  outputTokens: number,
  fields: AudioFormFields,
): TranscriptUsage | undefined {
  if (task === "translate") return undefined;
  if (!tokenBilled) return { type: "duration", seconds: Math.ceil(seconds) };
  const textTokens = fields.prompt ? tokenizerFor(fields.model).count(fields.prompt) : 0;
  const audioTokens = Math.ceil(seconds * AUDIO_TOKENS_PER_SECOND);
  return {
    type: "tokens",
    input_tokens: textTokens + audioTokens,
    input_token_details: { text_tokens: textTokens, audio_tokens: audioTokens },
    output_tokens: outputTokens,
    total_tokens: textTokens + audioTokens + outputTokens,
  };
}
