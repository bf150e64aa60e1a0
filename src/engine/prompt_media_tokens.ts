/**
 * What OpenAI chat inputs other than text count in a prompt: images by their tiles, input audio
 * by its duration, files by their text or their size. Headers only are read, never whole media.
 */
import type { Tokenizer } from "./tokenizer.ts";
import * as media from "../codecs/image_probe.ts";
import { DEFAULT_IMAGE_SIZE, FILE_REFERENCE_TOKENS, fileBytesTokens } from "./media_estimates.ts";
import { isObj, str } from "../util/json_shapes.ts";

/** OpenAI vision pricing: "low" detail is flat; "high"/"auto" add 170 per 512px tile. */
const IMAGE_BASE_TOKENS = 85;
const IMAGE_TILE_TOKENS = 170;
/** Audio input is billed by duration, about 10 tokens per second. */
const AUDIO_TOKENS_PER_SECOND = 10;
/** Compressed audio (mp3, ...) has no cheap duration header: assume 16 kB/s (128 kbit/s). */
const AUDIO_BYTES_PER_SECOND = 16_000;

export function imageTokens(detail: unknown, size: media.ImageSize = DEFAULT_IMAGE_SIZE): number {
  if (detail === "low") return IMAGE_BASE_TOKENS;
  const fit = Math.min(1, 2048 / Math.max(size.width, size.height));
  let [w, h] = [Math.floor(size.width * fit), Math.floor(size.height * fit)];
  const shrink = Math.min(1, 768 / Math.min(w, h));
  [w, h] = [Math.floor(w * shrink), Math.floor(h * shrink)];
  return IMAGE_BASE_TOKENS + IMAGE_TILE_TOKENS * Math.ceil(w / 512) * Math.ceil(h / 512);
}

/** Duration in seconds read from a RIFF/WAVE header, or undefined. */
export function wavDurationSeconds(
  bytes: Uint8Array,
  totalBytes = bytes.length,
): number | undefined {
  const text = (i: number) => String.fromCharCode(...bytes.subarray(i, i + 4));
  if (bytes.length < 12 || text(0) !== "RIFF" || text(8) !== "WAVE") return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let byteRate = 0;
  for (let i = 12; i + 8 <= bytes.length;) {
    const size = view.getUint32(i + 4, true);
    if (text(i) === "fmt " && i + 20 <= bytes.length) byteRate = view.getUint32(i + 16, true);
    if (text(i) === "data") {
      if (byteRate === 0) return undefined;
      // Streamed WAVs leave the size at 0 or 0xFFFFFFFF: use what is actually there.
      const available = totalBytes - (i + 8);
      const dataBytes = size === 0 || size > available ? available : size;
      return dataBytes / byteRate;
    }
    i += 8 + size + (size % 2);
  }
  return undefined;
}

export function audioTokens(audio: unknown): number {
  if (!isObj(audio)) return 0;
  const data = str(audio.data) ?? "";
  const totalBytes = media.base64ByteLength(data);
  let seconds: number | undefined;
  if (str(audio.format)?.toLowerCase() === "wav") {
    const header = media.decodeBase64(data, 64 * 1024);
    if (header) seconds = wavDurationSeconds(header, totalBytes);
  }
  seconds ??= totalBytes / AUDIO_BYTES_PER_SECOND;
  return Math.ceil(seconds * AUDIO_TOKENS_PER_SECOND);
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function fileTokens(tok: Tokenizer, file: unknown): number {
  if (!isObj(file)) return 0;
  const data = str(file.file_data);
  if (!data) return str(file.file_id) ? FILE_REFERENCE_TOKENS : 0;
  const url = media.parseDataUrl(data);
  if (url?.mimeType.startsWith("text/")) {
    const bytes = url.base64 ? media.decodeBase64(url.data) : undefined;
    if (bytes) return tok.count(new TextDecoder().decode(bytes));
    if (!url.base64) return tok.count(percentDecoded(url.data));
  }
  const size = url && !url.base64 ? url.data.length : media.base64ByteLength(url?.data ?? data);
  return fileBytesTokens(size);
}
