/** A transcript in each response_format of /v1/audio/transcriptions and /translations. */
import type { Transcript, TranscriptSegment } from "../../modalities/audio/transcript.ts";
import type { LogprobEntry } from "../../engine/logprobs.ts";
import type { TranscriptFormat } from "./audio_form.ts";

export type TranscriptUsage =
  | { type: "duration"; seconds: number }
  | {
    type: "tokens";
    input_tokens: number;
    input_token_details: { text_tokens: number; audio_tokens: number };
    output_tokens: number;
    total_tokens: number;
  };

export interface RenderInput {
  transcript: Transcript;
  format: TranscriptFormat;
  task: "transcribe" | "translate";
  language: string;
  granularities: readonly ("word" | "segment")[];
  usage?: TranscriptUsage;
  logprobs?: LogprobEntry[];
}

const TEXT_TYPE = "text/plain; charset=utf-8";

export function renderTranscript(r: RenderInput): Response {
  const { transcript: t } = r;
  switch (r.format) {
    case "text":
      return new Response(`${t.text}\n`, { headers: { "content-type": TEXT_TYPE } });
    case "srt":
      return new Response(srt(t.segments), { headers: { "content-type": TEXT_TYPE } });
    case "vtt":
      return new Response(vtt(t.segments), { headers: { "content-type": TEXT_TYPE } });
    case "verbose_json": {
      const words = r.granularities.includes("word");
      const segments = !words || r.granularities.includes("segment");
      return Response.json({
        task: r.task,
        language: r.language,
        duration: round3(t.duration),
        text: t.text,
        ...(segments ? { segments: t.segments } : {}),
        ...(words ? { words: t.words } : {}),
        ...(r.usage ? { usage: r.usage } : {}),
      });
    }
    case "diarized_json":
      return Response.json({
        task: "transcribe",
        duration: round3(t.duration),
        text: t.text,
        segments: t.segments.map((s, i) => ({
          type: "transcript.text.segment",
          id: `seg_${i}`,
          start: s.start,
          end: s.end,
          text: s.text.trim(),
          speaker: String.fromCharCode(65 + (i % 2)),
        })),
        ...(r.usage ? { usage: r.usage } : {}),
      });
    case "json":
      return Response.json({
        text: t.text,
        ...(r.logprobs ? { logprobs: r.logprobs.map(plainLogprob) } : {}),
        ...(r.usage ? { usage: r.usage } : {}),
      });
  }
}

/** SSE events of a streamed gpt-4o transcription: one delta per token, then the whole text. */
export function transcriptStreamEvents(
  t: Transcript,
  usage: TranscriptUsage,
  logprobs?: LogprobEntry[],
): unknown[] {
  const events: unknown[] = t.pieces.map((delta, i) => ({
    type: "transcript.text.delta",
    delta,
    ...(logprobs ? { logprobs: [plainLogprob(logprobs[i])] } : {}),
  }));
  events.push({
    type: "transcript.text.done",
    text: t.text,
    ...(logprobs ? { logprobs: logprobs.map(plainLogprob) } : {}),
    usage,
  });
  return events;
}

function plainLogprob(l: LogprobEntry): { token: string; logprob: number; bytes: number[] } {
  return { token: l.token, logprob: l.logprob, bytes: l.bytes };
}

export function srt(segments: readonly TranscriptSegment[]): string {
  return segments.map((s, i) =>
    `${i + 1}\n${timestamp(s.start, ",")} --> ${timestamp(s.end, ",")}\n${s.text.trim()}\n\n`
  ).join("");
}

export function vtt(segments: readonly TranscriptSegment[]): string {
  return "WEBVTT\n\n" +
    segments.map((s) =>
      `${timestamp(s.start, ".")} --> ${timestamp(s.end, ".")}\n${s.text.trim()}\n\n`
    ).join("");
}

/** HH:MM:SS,mmm (SRT) or HH:MM:SS.mmm (WebVTT). */
export function timestamp(seconds: number, separator: "," | "."): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
