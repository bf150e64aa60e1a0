/**
 * A minimal PNG encoder: 8-bit RGB or RGBA, one IDAT chunk compressed with the built-in
 * CompressionStream("deflate") (which emits the zlib wrapper PNG requires). No dependency.
 */

export const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO-HDLC, as PNG uses) of the given byte ranges, in order. */
export function crc32(...parts: Uint8Array[]): number {
  let c = 0xffffffff;
  for (const bytes of parts) {
    for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** Raw image data laid out as PNG scanlines: per row one filter byte, then the pixels. */
export interface Scanlines {
  width: number;
  height: number;
  /** 3 = RGB (colour type 2), 4 = RGBA (colour type 6). */
  channels: 3 | 4;
  /** height × (1 + width × channels) bytes; each row's first byte is its filter type. */
  data: Uint8Array;
}

export function rowStride(width: number, channels: 3 | 4): number {
  return 1 + width * channels;
}

/** Bytes handed to the compressor at a time: each piece is a short, bounded stretch of work. */
const DEFLATE_PIECE = 256 * 1024;
const noPause = () => Promise.resolve();

/** zlib-wrapped deflate, fed piece by piece with `pause()` between pieces. */
export async function zlibDeflate(
  bytes: Uint8Array,
  pause: () => Promise<void> = noPause,
): Promise<Uint8Array> {
  const stream = new CompressionStream("deflate");
  const output = new Response(stream.readable).arrayBuffer();
  const writer = stream.writable.getWriter();
  for (let at = 0; at < bytes.length; at += DEFLATE_PIECE) {
    await writer.write(bytes.subarray(at, at + DEFLATE_PIECE) as Uint8Array<ArrayBuffer>);
    await pause();
  }
  await writer.close();
  return new Uint8Array(await output);
}

function chunk(type: string, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, payload.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(payload, 8);
  view.setUint32(8 + payload.length, crc32(out.subarray(4, 8 + payload.length)));
  return out;
}

export async function encodePng(
  image: Scanlines,
  pause: () => Promise<void> = noPause,
): Promise<Uint8Array> {
  const { width, height, channels, data } = image;
  if (width < 1 || height < 1 || data.length !== height * rowStride(width, channels)) {
    throw new RangeError(`bad scanline buffer for ${width}x${height}x${channels}`);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = channels === 4 ? 6 : 2; // colour type; compression, filter, interlace stay 0
  const parts = [
    PNG_SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", await zlibDeflate(data, pause)),
    chunk("IEND", new Uint8Array()),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
