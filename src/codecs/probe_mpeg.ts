/** Durations of MPEG audio elementary streams by walking frame headers: MP3 (MPEG-1/2/2.5) and AAC ADTS. */
import { AAC_SAMPLE_RATES } from "./adts_aac.ts";

export interface FrameWalk {
  frames: number;
  samples: number;
  sampleRate: number;
  seconds: number;
}

const MPEG1_RATES = [44100, 48000, 32000];
// kbps by [version group][layer]: version group 0 = MPEG-1, 1 = MPEG-2/2.5; layer 1..3.
const BITRATES: Record<string, number[]> = {
  "0-1": [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  "0-2": [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  "0-3": [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  "1-1": [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  "1-2": [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  "1-3": [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};

interface Mp3Frame {
  length: number;
  samples: number;
  sampleRate: number;
}

/** Parses the MPEG audio frame header at `i`, or null. */
export function mp3FrameAt(b: Uint8Array, i: number): Mp3Frame | null {
  if (i + 4 > b.length || b[i] !== 0xff || (b[i + 1] & 0xe0) !== 0xe0) return null;
  const version = (b[i + 1] >> 3) & 3; // 0: 2.5, 2: 2, 3: 1
  const layer = 4 - ((b[i + 1] >> 1) & 3); // 1..3 (4 = reserved)
  const bitrateIndex = b[i + 2] >> 4;
  const rateIndex = (b[i + 2] >> 2) & 3;
  if (version === 1 || layer === 4 || bitrateIndex === 0 || bitrateIndex === 15) return null;
  if (rateIndex === 3) return null;
  const mpeg1 = version === 3;
  const sampleRate = MPEG1_RATES[rateIndex] / (mpeg1 ? 1 : version === 2 ? 2 : 4);
  const kbps = BITRATES[`${mpeg1 ? 0 : 1}-${layer}`][bitrateIndex];
  const padding = (b[i + 2] >> 1) & 1;
  if (layer === 1) {
    return {
      length: (Math.floor((12 * kbps * 1000) / sampleRate) + padding) * 4,
      samples: 384,
      sampleRate,
    };
  }
  const perFrame = layer === 3 && !mpeg1 ? 576 : 1152;
  const length = Math.floor(((perFrame / 8) * kbps * 1000) / sampleRate) + padding;
  return { length, samples: perFrame, sampleRate };
}

export function walkMp3(b: Uint8Array): FrameWalk | null {
  let i = skipId3v2(b);
  const scanEnd = Math.min(b.length, i + 64 * 1024);
  // Find the first frame whose successor also starts a frame (guards against false syncs).
  while (i < scanEnd) {
    const f = mp3FrameAt(b, i);
    if (f && (i + f.length >= b.length || mp3FrameAt(b, i + f.length))) break;
    i++;
  }
  const first = i;
  let frames = 0;
  let samples = 0;
  let sampleRate = 0;
  while (i < b.length) {
    const f = mp3FrameAt(b, i);
    if (!f) break;
    // A Xing/Info/VBRI tag frame carries metadata, not audio.
    if (!(frames === 0 && samples === 0 && hasTag(b, i, f.length))) samples += f.samples;
    frames++;
    sampleRate = f.sampleRate;
    i += f.length;
  }
  // Random bytes can look like a frame or two; real MP3 data is frames end to end.
  if (frames === 0 || (i - first) * 2 < b.length - first) return null;
  return { frames, samples, sampleRate, seconds: samples / sampleRate };
}

function hasTag(b: Uint8Array, start: number, length: number): boolean {
  const text = String.fromCharCode(...b.subarray(start + 4, Math.min(b.length, start + 4 + 40)));
  return length > 0 && /Xing|Info|VBRI/.test(text);
}

function skipId3v2(b: Uint8Array): number {
  if (b.length < 10 || b[0] !== 0x49 || b[1] !== 0x44 || b[2] !== 0x33) return 0;
  const size = (b[6] << 21) | (b[7] << 14) | (b[8] << 7) | b[9];
  return 10 + size + ((b[5] & 0x10) ? 10 : 0);
}

/** ADTS header at `i`: frame length in bytes, samples (1024 per raw data block), rate. */
export function adtsFrameAt(b: Uint8Array, i: number): Mp3Frame | null {
  if (i + 7 > b.length || b[i] !== 0xff || (b[i + 1] & 0xf6) !== 0xf0) return null;
  const sampleRate = AAC_SAMPLE_RATES[(b[i + 2] >> 2) & 0x0f];
  const length = ((b[i + 3] & 0x03) << 11) | (b[i + 4] << 3) | (b[i + 5] >> 5);
  if (!sampleRate || length < 7) return null;
  return { length, samples: 1024 * ((b[i + 6] & 0x03) + 1), sampleRate };
}

export function walkAdts(b: Uint8Array): FrameWalk | null {
  let i = skipId3v2(b);
  let frames = 0;
  let samples = 0;
  let sampleRate = 0;
  for (let f = adtsFrameAt(b, i); f; f = adtsFrameAt(b, i)) {
    frames++;
    samples += f.samples;
    sampleRate = f.sampleRate;
    i += f.length;
  }
  if (frames === 0) return null;
  return { frames, samples, sampleRate, seconds: samples / sampleRate };
}
