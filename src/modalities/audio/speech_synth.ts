/**
 * The "speech" FakeAI says: a quiet, deterministic tone pattern, one soft note per word, at
 * OpenAI's TTS output format (24 kHz, mono, 16-bit). Duration follows the text:
 *
 *   seconds = words / (WORDS_PER_SECOND × speed)      words = whitespace-separated runs (≥ 1)
 */
import { createPrng, deriveSeed, hashString } from "../../util/prng.ts";
import { timeSlicer } from "../../util/cooperative.ts";

export const SPEECH_SAMPLE_RATE = 24_000;
export const WORDS_PER_SECOND = 2.5;
/** Peak amplitude: about -26 dBFS, quiet but far from silence. */
const PEAK = 1600;
const RAMP_SECONDS = 0.012;

export interface SpeechInput {
  text: string;
  voice: string;
  speed: number;
  seed: number;
}

export function wordCount(text: string): number {
  return Math.max(1, text.split(/\s+/).filter((w) => w.length > 0).length);
}

export function speechDurationSeconds(text: string, speed: number): number {
  return wordCount(text) / (WORDS_PER_SECOND * speed);
}

export function speechSampleCount(text: string, speed: number): number {
  return Math.max(1, Math.round(speechDurationSeconds(text, speed) * SPEECH_SAMPLE_RATE));
}

export async function synthesizeSpeech(
  input: SpeechInput,
  signal?: AbortSignal,
): Promise<Int16Array> {
  const total = speechSampleCount(input.text, input.speed);
  const words = wordCount(input.text);
  const pcm = new Int16Array(total);
  const prng = createPrng(deriveSeed(input.seed, "speech", input.voice, input.text));
  // Each voice has its own pitch: 100–250 Hz fundamental.
  const basePitch = 100 + (hashString(input.voice) % 150);
  const ramp = Math.round(RAMP_SECONDS * SPEECH_SAMPLE_RATE);
  const slice = timeSlicer(signal);
  for (let w = 0; w < words; w++) {
    await slice();
    const start = Math.floor((w * total) / words);
    const end = Math.floor(((w + 1) * total) / words);
    // The note fills 70-90% of the word's slot; the rest is the pause between words.
    const voiced = Math.floor((end - start) * prng.range(0.7, 0.9));
    const freq = basePitch * prng.range(0.85, 1.3);
    note(pcm.subarray(start, start + voiced), freq, PEAK * prng.range(0.6, 1), ramp);
  }
  return pcm;
}

/** A soft note with two overtones: sine oscillators by recurrence, raised at both ends. */
function note(out: Int16Array, freq: number, amp: number, ramp: number): void {
  const harmonics = [1, 0.35, 0.15].map((gain, h) => {
    const w = (2 * Math.PI * freq * (h + 1)) / SPEECH_SAMPLE_RATE;
    // s[n] = 2cos(w)·s[n-1] - s[n-2], starting from sin(0) = 0 and sin(-w).
    return { gain, k: 2 * Math.cos(w), prev: -Math.sin(w), cur: 0 };
  });
  const last = out.length - 1;
  const scale = (amp * 0.7) / ramp;
  for (let i = 0; i <= last; i++) {
    let v = 0;
    for (const osc of harmonics) {
      v += osc.gain * osc.cur;
      const next = osc.k * osc.cur - osc.prev;
      osc.prev = osc.cur;
      osc.cur = next;
    }
    out[i] = Math.round(v * scale * Math.min(ramp, i, last - i));
  }
}
