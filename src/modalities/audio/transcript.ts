/**
 * A simulated transcript of an upload: prose from the text generator, seeded by the file's
 * bytes, about WORDS_PER_SECOND words per second of audio, with evenly spread word timings and
 * sentence segments in Whisper's verbose_json shape.
 */
import { createPrng, deriveSeed, type Prng } from "../../util/prng.ts";
import { textGeneratorFor } from "../../engine/text_generator.ts";
import { tokenizerFor } from "../../engine/tokenizer.ts";
import { WORDS_PER_SECOND } from "./speech_synth.ts";

export interface TranscriptWord {
  word: string;
  start: number;
  end: number;
}

export interface TranscriptSegment {
  id: number;
  seek: number;
  start: number;
  end: number;
  text: string;
  tokens: number[];
  temperature: number;
  avg_logprob: number;
  compression_ratio: number;
  no_speech_prob: number;
}

export interface Transcript {
  text: string;
  /** Single-token pieces whose concatenation is `text` (stream deltas, logprobs, usage). */
  pieces: string[];
  duration: number;
  words: TranscriptWord[];
  segments: TranscriptSegment[];
}

export interface TranscriptInput {
  model: string;
  /** Seconds of audio. */
  duration: number;
  /** Seed parts: server seed and a hash of the upload's bytes. */
  seed: number;
  fileHash: string;
  temperature: number;
}

const SEGMENT_MAX_WORDS = 30;
/** Whisper's <|0.00|> timestamp token; each next id is 20 ms later. */
const TIMESTAMP_BEGIN = 50364;

export function planTranscript(input: TranscriptInput): Transcript {
  const prng = createPrng(deriveSeed(input.seed, "transcript", input.model, input.fileHash));
  const tokenizer = tokenizerFor(input.model);
  const target = Math.max(1, Math.round(input.duration * WORDS_PER_SECOND));
  const pieces = takeWords(textGeneratorFor(tokenizer).prose(prng, target * 2 + 8), target);
  const text = pieces.join("");
  const slot = input.duration / pieces.filter(isWord).length;
  const words: TranscriptWord[] = [];
  for (const piece of pieces) {
    if (!isWord(piece)) continue;
    const start = words.length * slot;
    words.push({ word: piece.trim(), start: round2(start), end: round2(start + slot * 0.9) });
  }
  const segments = splitSegments(pieces).map((group, id) => {
    const first = words[group.firstWord];
    const last = words[group.firstWord + group.wordCount - 1];
    const end = group.firstWord + group.wordCount === words.length ? input.duration : last.end;
    return segment(id, group.text, first.start, round2(end), input.temperature, prng, tokenizer);
  });
  return { text, pieces, duration: input.duration, words, segments };
}

/**
 * About `target` words: up to the sentence end nearest the target when one is close (within a
 * quarter, at least 3 words), otherwise cut at exactly `target` words and closed with a full stop.
 */
function takeWords(pieces: string[], target: number): string[] {
  const slack = Math.max(3, Math.round(target / 4));
  let words = 0;
  let cut = -1;
  let cutWords = 0;
  for (let i = 0; i < pieces.length && words <= target + slack; i++) {
    if (isWord(pieces[i])) words++;
    else if (pieces[i] === "." && Math.abs(words - target) <= slack) {
      if (cut < 0 || Math.abs(words - target) < Math.abs(cutWords - target)) {
        cut = i;
        cutWords = words;
      }
    }
  }
  if (cut >= 0) return pieces.slice(0, cut + 1);
  const out: string[] = [];
  words = 0;
  for (const piece of pieces) {
    if (isWord(piece) && words === target) break;
    if (isWord(piece)) words++;
    out.push(piece);
  }
  while (out.length > 0 && !isWord(out[out.length - 1])) out.pop();
  out.push(".");
  return out;
}

function isWord(piece: string): boolean {
  return /[A-Za-z0-9]/.test(piece);
}

interface SegmentGroup {
  text: string;
  firstWord: number;
  wordCount: number;
}

/** Sentences, cut again when one runs past SEGMENT_MAX_WORDS words. */
function splitSegments(pieces: string[]): SegmentGroup[] {
  const groups: SegmentGroup[] = [];
  let current: SegmentGroup = { text: "", firstWord: 0, wordCount: 0 };
  let wordIndex = 0;
  for (const piece of pieces) {
    if (isWord(piece)) {
      if (current.wordCount === SEGMENT_MAX_WORDS) {
        groups.push(current);
        current = { text: "", firstWord: wordIndex, wordCount: 0 };
      }
      current.wordCount++;
      wordIndex++;
    }
    current.text += piece;
    if (piece === "." && current.wordCount > 0) {
      groups.push(current);
      current = { text: "", firstWord: wordIndex, wordCount: 0 };
    }
  }
  if (current.wordCount > 0) groups.push(current);
  return groups;
}

function segment(
  id: number,
  text: string,
  start: number,
  end: number,
  temperature: number,
  prng: Prng,
  tokenizer: ReturnType<typeof tokenizerFor>,
): TranscriptSegment {
  // Whisper's segment text starts with a space; its seek is the 30 s window in 10 ms frames.
  const spaced = text.startsWith(" ") ? text : ` ${text}`;
  const seek = Math.floor(start / 30) * 3000;
  const stamp = (t: number) =>
    TIMESTAMP_BEGIN + Math.min(1500, Math.max(0, Math.round((t - seek / 100) / 0.02)));
  return {
    id,
    seek,
    start,
    end,
    text: spaced,
    tokens: [stamp(start), ...tokenizer.encode(spaced), stamp(end)],
    temperature,
    avg_logprob: round4(prng.range(-0.45, -0.08)),
    compression_ratio: round4(prng.range(1.1, 1.75)),
    no_speech_prob: round4(prng.range(0.001, 0.05)),
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
