/** MP3 via lamejs (pure JavaScript LAME port): MPEG-2 Layer III at 24 kHz mono. */
import { Mp3Encoder } from "@breezystack/lamejs";
import { timeSlicer } from "../util/cooperative.ts";
import { concatBytes } from "./ogg.ts";

export const MP3_KBPS = 48;
/** ~0.1 s of audio, well under a millisecond of work: the unit between slice checks. */
const CHUNK = 1152 * 2;

export async function encodeMp3(
  pcm: Int16Array,
  sampleRate: number,
  signal?: AbortSignal,
): Promise<Uint8Array<ArrayBuffer>> {
  const encoder = new Mp3Encoder(1, sampleRate, MP3_KBPS);
  const parts: Uint8Array[] = [];
  const slice = timeSlicer(signal);
  for (let i = 0; i < pcm.length; i += CHUNK) {
    await slice();
    parts.push(bytesOf(encoder.encodeBuffer(pcm.subarray(i, i + CHUNK))));
  }
  parts.push(bytesOf(encoder.flush()));
  return concatBytes(parts);
}

// lamejs returns Int8Array views despite its typings; copy them as unsigned bytes.
function bytesOf(chunk: ArrayBufferView): Uint8Array<ArrayBuffer> {
  return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength).slice();
}
