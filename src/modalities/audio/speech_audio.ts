/** Text → an audio file in one of OpenAI's speech formats (see speech_synth.ts for the signal). */
import { deriveSeed } from "../../util/prng.ts";
import { encodeAdtsAac } from "../../codecs/adts_aac.ts";
import { encodeFlac } from "../../codecs/flac.ts";
import { encodeMp3 } from "../../codecs/mp3.ts";
import { encodeOggOpus } from "../../codecs/ogg_opus.ts";
import {
  SPEECH_SAMPLE_RATE,
  type SpeechInput,
  speechSampleCount,
  synthesizeSpeech,
} from "./speech_synth.ts";
import { encodePcm16, encodeWav } from "../../codecs/wav.ts";

export const SPEECH_FORMATS = ["mp3", "opus", "aac", "flac", "wav", "pcm"] as const;
export type SpeechFormat = typeof SPEECH_FORMATS[number];

export const SPEECH_CONTENT_TYPES: Record<SpeechFormat, string> = {
  mp3: "audio/mpeg",
  opus: "audio/opus",
  aac: "audio/aac",
  flac: "audio/flac",
  wav: "audio/wav",
  pcm: "audio/pcm",
};

export interface SpeechAudio {
  bytes: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** Duration of the audio the text asks for (the container may round up, see README). */
  seconds: number;
}

export async function renderSpeech(
  format: SpeechFormat,
  input: SpeechInput,
  signal?: AbortSignal,
): Promise<SpeechAudio> {
  const samples = speechSampleCount(input.text, input.speed);
  const rate = SPEECH_SAMPLE_RATE;
  let bytes: Uint8Array<ArrayBuffer>;
  switch (format) {
    // Opus and AAC carry silence frames (no encoder needed), so the signal is never rendered.
    case "opus":
      bytes = encodeOggOpus(
        samples,
        rate,
        deriveSeed(input.seed, "ogg", input.voice, input.text) % 2 ** 32,
      );
      break;
    case "aac":
      bytes = encodeAdtsAac(samples, rate);
      break;
    case "mp3":
      bytes = await encodeMp3(await synthesizeSpeech(input, signal), rate, signal);
      break;
    case "flac":
      bytes = await encodeFlac(await synthesizeSpeech(input, signal), rate, signal);
      break;
    case "wav":
      bytes = encodeWav(await synthesizeSpeech(input, signal), rate);
      break;
    case "pcm":
      bytes = encodePcm16(await synthesizeSpeech(input, signal));
      break;
  }
  return { bytes, contentType: SPEECH_CONTENT_TYPES[format], seconds: samples / rate };
}
