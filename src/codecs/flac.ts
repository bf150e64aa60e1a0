/**
 * A small FLAC encoder for 16-bit mono PCM: fixed 4096-sample blocks, each channel coded as a
 * CONSTANT, FIXED (order 0-2, one Rice partition) or VERBATIM subframe, whichever is smallest.
 * STREAMINFO carries the real MD5 of the samples, so `flac -t` verifies the whole stream.
 */
import { createHash } from "node:crypto";
import { BitWriter } from "./bit_writer.ts";
import { crc16, crc8 } from "./crc.ts";
import { encodePcm16 } from "./wav.ts";
import { timeSlicer } from "../util/cooperative.ts";

export const FLAC_BLOCK_SIZE = 4096;

const RATE_CODES: Record<number, number> = {
  88200: 1,
  176400: 2,
  192000: 3,
  8000: 4,
  16000: 5,
  22050: 6,
  24000: 7,
  32000: 8,
  44100: 9,
  48000: 10,
  96000: 11,
};

export async function encodeFlac(
  pcm: Int16Array,
  sampleRate: number,
  signal?: AbortSignal,
): Promise<Uint8Array<ArrayBuffer>> {
  const frames: Uint8Array[] = [];
  const md5 = createHash("md5");
  const slice = timeSlicer(signal);
  for (let start = 0, n = 0; start < pcm.length; start += FLAC_BLOCK_SIZE, n++) {
    await slice();
    const block = pcm.subarray(start, start + FLAC_BLOCK_SIZE);
    md5.update(encodePcm16(block));
    frames.push(encodeFrame(block, n, sampleRate));
  }
  const sizes = frames.map((f) => f.length);
  const info = streamInfo({
    sampleRate,
    totalSamples: pcm.length,
    minFrame: sizes.length ? Math.min(...sizes) : 0,
    maxFrame: sizes.length ? Math.max(...sizes) : 0,
    md5: md5.digest(),
  });
  const total = 4 + info.length + sizes.reduce((a, b) => a + b, 0);
  const out = new Uint8Array(total);
  out.set([0x66, 0x4c, 0x61, 0x43]); // "fLaC"
  out.set(info, 4);
  let offset = 4 + info.length;
  for (const frame of frames) {
    out.set(frame, offset);
    offset += frame.length;
  }
  return out;
}

interface StreamInfo {
  sampleRate: number;
  totalSamples: number;
  minFrame: number;
  maxFrame: number;
  md5: Uint8Array;
}

/** The metadata block header (last-block flag set) and the 34-byte STREAMINFO body. */
function streamInfo(s: StreamInfo): Uint8Array<ArrayBuffer> {
  const w = new BitWriter();
  w.write(1, 1); // last metadata block
  w.write(0, 7); // STREAMINFO
  w.write(34, 24);
  w.write(FLAC_BLOCK_SIZE, 16);
  w.write(FLAC_BLOCK_SIZE, 16);
  w.write(s.minFrame, 24);
  w.write(s.maxFrame, 24);
  w.write(s.sampleRate, 20);
  w.write(0, 3); // channels - 1
  w.write(15, 5); // bits per sample - 1
  w.write(Math.floor(s.totalSamples / 2 ** 32), 4);
  w.write(s.totalSamples >>> 0, 32);
  for (const byte of s.md5) w.write(byte, 8);
  return w.bytes().slice();
}

function encodeFrame(
  block: Int16Array,
  frameNumber: number,
  sampleRate: number,
): Uint8Array<ArrayBuffer> {
  const w = new BitWriter();
  w.write(0b11111111111110, 14); // sync
  w.write(0, 1); // reserved
  w.write(0, 1); // fixed block size
  w.write(0b0111, 4); // block size: 16-bit (size - 1) after the frame number
  w.write(RATE_CODES[sampleRate] ?? 0, 4);
  w.write(0, 4); // mono
  w.write(0b100, 3); // 16 bits per sample
  w.write(0, 1);
  writeUtf8Number(w, frameNumber);
  w.write(block.length - 1, 16);
  w.write(crc8(w.bytes()), 8);
  writeSubframe(w, block);
  w.align();
  w.write(crc16(w.bytes()), 16);
  return w.bytes().slice();
}

/** FLAC's extended UTF-8 coding of the frame number. */
function writeUtf8Number(w: BitWriter, value: number): void {
  if (value < 0x80) return w.write(value, 8);
  let bytes = 2;
  while (bytes < 7 && value >= 2 ** (5 * bytes + 1)) bytes++;
  const lead = (0xff00 >> bytes) & 0xff;
  w.write(lead | Math.floor(value / 2 ** (6 * (bytes - 1))), 8);
  for (let i = bytes - 2; i >= 0; i--) w.write(0x80 | (Math.floor(value / 2 ** (6 * i)) & 0x3f), 8);
}

function writeSubframe(w: BitWriter, x: Int16Array): void {
  if (x.every((v) => v === x[0])) {
    w.write(0, 8); // padding bit, type CONSTANT, no wasted bits
    w.write(x[0] & 0xffff, 16);
    return;
  }
  let best = { order: -1, k: 0, bits: 16 * x.length };
  for (let order = 0; order <= 2 && order < x.length; order++) {
    const res = residuals(x, order);
    const { k, bits } = bestRice(res);
    const total = 16 * order + 6 + 4 + bits;
    if (total < best.bits) best = { order, k, bits: total };
  }
  if (best.order < 0) {
    w.write(0b00000010, 8); // VERBATIM
    for (const v of x) w.write(v & 0xffff, 16);
    return;
  }
  w.write((0b001000 | best.order) << 1, 8); // FIXED, predictor order
  for (let i = 0; i < best.order; i++) w.write(x[i] & 0xffff, 16);
  w.write(0, 2); // Rice coding, 4-bit parameters
  w.write(0, 4); // partition order 0
  w.write(best.k, 4);
  const mask = (1 << best.k) - 1;
  for (const u of residuals(x, best.order)) {
    w.unary(u >>> best.k);
    w.write(u & mask, best.k);
  }
}

/** Zig-zag folded residuals of FLAC's fixed polynomial predictor. */
function residuals(x: Int16Array, order: number): Uint32Array {
  const out = new Uint32Array(x.length - order);
  for (let i = order; i < x.length; i++) {
    const r = order === 0 ? x[i] : order === 1 ? x[i] - x[i - 1] : x[i] - 2 * x[i - 1] + x[i - 2];
    out[i - order] = r >= 0 ? 2 * r : -2 * r - 1;
  }
  return out;
}

function bestRice(res: Uint32Array): { k: number; bits: number } {
  let sum = 0;
  for (const u of res) sum += u;
  const mean = res.length > 0 ? sum / res.length : 0;
  const guess = mean < 1 ? 0 : Math.floor(Math.log2(mean));
  let best = { k: 0, bits: Infinity };
  for (let k = Math.max(0, guess - 1); k <= Math.min(14, guess + 1); k++) {
    let bits = 0;
    for (const u of res) bits += (u >>> k) + 1 + k;
    if (bits < best.bits) best = { k, bits };
  }
  return best;
}
