/** A strict little PNG reader for tests: checks the signature and every chunk CRC, inflates IDAT. */
import { crc32, PNG_SIGNATURE } from "../../src/codecs/png.ts";

export interface PngChunk {
  type: string;
  data: Uint8Array;
}

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  chunks: PngChunk[];
}

export function hasPngSignature(bytes: Uint8Array): boolean {
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Parses the chunk list; throws on a bad signature, truncation or CRC mismatch. */
export function readPng(bytes: Uint8Array): PngInfo {
  if (!hasPngSignature(bytes)) throw new Error("not a PNG signature");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  let offset = 8;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) throw new Error("truncated chunk header");
    const length = view.getUint32(offset);
    const typeBytes = bytes.subarray(offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (data.length !== length) throw new Error("truncated chunk data");
    const type = String.fromCharCode(...typeBytes);
    const stored = view.getUint32(offset + 8 + length);
    if (crc32(typeBytes, data) !== stored) throw new Error(`bad CRC in ${type}`);
    chunks.push({ type, data });
    offset += 12 + length;
  }
  const ihdr = chunks[0];
  if (ihdr?.type !== "IHDR" || ihdr.data.length !== 13) throw new Error("IHDR must come first");
  if (chunks.at(-1)?.type !== "IEND") throw new Error("IEND must come last");
  const h = new DataView(ihdr.data.buffer, ihdr.data.byteOffset, 13);
  return {
    width: h.getUint32(0),
    height: h.getUint32(4),
    bitDepth: ihdr.data[8],
    colourType: ihdr.data[9],
    chunks,
  };
}

/** Inflated IDAT data (scanlines with their filter bytes). */
export async function inflateIdat(info: PngInfo): Promise<Uint8Array> {
  const parts = info.chunks.filter((c) => c.type === "IDAT").map((c) => c.data);
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    joined.set(p, offset);
    offset += p.length;
  }
  const stream = new Blob([joined]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** RGB(A) of pixel (x, y), for images whose rows all use filter type 0. */
export function pixelAt(
  info: PngInfo,
  raw: Uint8Array,
  x: number,
  y: number,
): number[] {
  const channels = info.colourType === 6 ? 4 : 3;
  const stride = 1 + info.width * channels;
  if (raw[y * stride] !== 0) throw new Error(`row ${y} uses filter ${raw[y * stride]}`);
  const at = y * stride + 1 + x * channels;
  return [...raw.subarray(at, at + channels)];
}
