/** MP3 via lamejs (pure JavaScript LAME port): MPEG-2 Layer III at 24 kHz mono. */
import { Mp3Encoder } from "@breezystack/lamejs";
import { yieldToEventLoop } from "../util/cooperative.ts";
import { concatBytes } from "./ogg.ts";

export const MP3_KBPS = 48;
/** ~0.1 s of audio, a few ms of work: about the longest the encoder holds the event loop. */
const CHUNK = 1152 * 2;

export async function encodeMp3(
  pcm: Int16Array,
  sampleRate: number,
  signal?: AbortSignal,
): Promise<Uint8Array<ArrayBuffer>> {
  const encoder = new Mp3Encoder(1, sampleRate, MP3_KBPS);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < pcm.length; i += CHUNK) {
    if (i > 0) await yieldToEventLoop(signal);
    parts.push(bytesOf(encoder.encodeBuffer(pcm.subarray(i, i + CHUNK))));
  }
  parts.push(bytesOf(encoder.flush()));
  return concatBytes(parts);
}

// lamejs returns Int8Array views despite its typings; copy them as unsigned bytes.
function bytesOf(chunk: ArrayBufferView): Uint8Array<ArrayBuffer> {
  return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength).slice();
}
