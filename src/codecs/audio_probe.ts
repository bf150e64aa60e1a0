/**
 * How long is an uploaded audio file? Exact for WAV (header), FLAC (STREAMINFO), Ogg (granule
 * positions), MP3 and AAC ADTS (summing frame headers), MP4/M4A (mvhd) and WebM (Info
 * Duration); any other upload is estimated from its size at 128 kbit/s (16,000 bytes a second).
 */
import { flacSeconds, mp4Seconds, oggSeconds, webmSeconds } from "./probe_containers.ts";
import { walkAdts, walkMp3 } from "./probe_mpeg.ts";
import { probeWav } from "./probe_wav.ts";

export type AudioContainer = "wav" | "flac" | "ogg" | "mp3" | "aac" | "mp4" | "webm" | "unknown";

export interface AudioProbe {
  container: AudioContainer;
  seconds: number;
  /** false when the duration is the size-based estimate. */
  exact: boolean;
  /**
   * false when the header claims more audio than its bytes can hold (a WAV saying 1 Hz, an
   * MP4 saying a day): such a file is corrupt, and its claim must not size the transcript.
   */
  plausible: boolean;
}

export const ESTIMATE_BYTES_PER_SECOND = 16_000;

/**
 * Below any real recording (256 bit/s: even Opus silence with DTX takes more; FakeAI's own
 * Opus silence takes ~230 bytes a second). A header claiming more time than this is a lie;
 * how long a believable file may be is the transcription budget's business.
 */
export const MIN_BYTES_PER_SECOND = 32;

export function probeAudio(bytes: Uint8Array): AudioProbe {
  const found = detect(bytes);
  if (found) {
    return {
      ...found,
      exact: true,
      plausible: found.seconds * MIN_BYTES_PER_SECOND <= bytes.length,
    };
  }
  return {
    container: "unknown",
    seconds: bytes.length / ESTIMATE_BYTES_PER_SECOND,
    exact: false,
    plausible: true,
  };
}

function detect(b: Uint8Array): { container: AudioContainer; seconds: number } | null {
  const tries: Array<[AudioContainer, () => number | null | undefined]> = [
    ["wav", () => probeWav(b)?.seconds],
    ["flac", () => flacSeconds(b)],
    ["ogg", () => oggSeconds(b)],
    ["mp4", () => mp4Seconds(b)],
    ["webm", () => webmSeconds(b)],
    ["aac", () => walkAdts(b)?.seconds],
    ["mp3", () => walkMp3(b)?.seconds],
  ];
  for (const [container, read] of tries) {
    const seconds = read();
    if (seconds !== null && seconds !== undefined && seconds > 0) return { container, seconds };
  }
  return null;
}
