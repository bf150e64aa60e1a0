/**
 * Decodes the FLAC subset FakeAI writes (mono 16-bit; CONSTANT, VERBATIM and FIXED subframes,
 * Rice partition order 0), checking every frame's CRC-8 and CRC-16 on the way.
 */
import { crc16, crc8 } from "../../src/codecs/crc.ts";
import { BitReader } from "./bit_reader.ts";

export interface FlacStreamInfo {
  minBlock: number;
  maxBlock: number;
  minFrame: number;
  maxFrame: number;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  totalSamples: number;
  md5: Uint8Array;
}

export interface DecodedFlac {
  info: FlacStreamInfo;
  frames: number;
  samples: Int16Array;
  frameSizes: number[];
}

export function decodeFlac(bytes: Uint8Array): DecodedFlac {
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== "fLaC") throw new Error("no fLaC marker");
  const r = new BitReader(bytes, 4);
  let info: FlacStreamInfo | undefined;
  for (let last = 0; !last;) {
    last = r.read(1);
    const type = r.read(7);
    const length = r.read(24);
    const end = r.byte + length;
    if (type === 0) {
      info = {
        minBlock: r.read(16),
        maxBlock: r.read(16),
        minFrame: r.read(24),
        maxFrame: r.read(24),
        sampleRate: r.read(20),
        channels: r.read(3) + 1,
        bitsPerSample: r.read(5) + 1,
        totalSamples: r.read(36),
        md5: bytes.slice(r.byte + 0, r.byte + 16),
      };
    }
    r.pos = end * 8;
  }
  if (!info) throw new Error("no STREAMINFO");
  const out: number[] = [];
  const frameSizes: number[] = [];
  let frames = 0;
  while (r.byte < bytes.length) {
    const start = r.byte;
    if (r.read(14) !== 0b11111111111110) throw new Error(`no frame sync at ${start}`);
    r.read(2);
    const sizeCode = r.read(4);
    r.read(4); // rate code
    if (r.read(4) !== 0) throw new Error("expected mono");
    r.read(4);
    const frameNumber = readUtf8(r);
    if (frameNumber !== frames) throw new Error(`frame number ${frameNumber}, expected ${frames}`);
    if (sizeCode !== 0b0111) throw new Error("expected a 16-bit block size");
    const blockSize = r.read(16) + 1;
    const headerCrc = crc8(bytes, start, r.byte);
    if (r.read(8) !== headerCrc) throw new Error(`bad CRC-8 in frame ${frames}`);
    out.push(...subframe(r, blockSize));
    r.align();
    const footer = crc16(bytes, start, r.byte);
    if (r.read(16) !== footer) throw new Error(`bad CRC-16 in frame ${frames}`);
    frameSizes.push(r.byte - start);
    frames++;
  }
  return { info, frames, samples: Int16Array.from(out), frameSizes };
}

function readUtf8(r: BitReader): number {
  const lead = r.read(8);
  if (lead < 0x80) return lead;
  let extra = 0;
  while ((lead << extra) & 0x40) extra++;
  let value = lead & (0x3f >> extra);
  for (let i = 0; i < extra; i++) value = value * 64 + (r.read(8) & 0x3f);
  return value;
}

function subframe(r: BitReader, n: number): number[] {
  if (r.read(1) !== 0) throw new Error("subframe padding bit set");
  const type = r.read(6);
  if (r.read(1) !== 0) throw new Error("unexpected wasted bits");
  if (type === 0) return new Array(n).fill(r.signed(16));
  if (type === 1) return Array.from({ length: n }, () => r.signed(16));
  if ((type & 0b111000) !== 0b001000) throw new Error(`unsupported subframe type ${type}`);
  const order = type & 7;
  const x = Array.from({ length: order }, () => r.signed(16));
  if (r.read(2) !== 0 || r.read(4) !== 0) throw new Error("expected Rice, partition order 0");
  const k = r.read(4);
  for (let i = order; i < n; i++) {
    const u = r.unary() * 2 ** k + r.read(k);
    const res = u % 2 === 0 ? u / 2 : -(u + 1) / 2;
    const pred = order === 0 ? 0 : order === 1 ? x[i - 1] : 2 * x[i - 1] - x[i - 2];
    x.push(pred + res);
  }
  return x;
}
