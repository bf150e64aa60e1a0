/** The CRCs of the containers FakeAI writes: FLAC (CRC-8, CRC-16) and Ogg (CRC-32). */

function table(width: 8 | 16 | 32, poly: number): Uint32Array {
  const top = 2 ** (width - 1);
  const mask = 2 ** width - 1;
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i * 2 ** (width - 8);
    for (let bit = 0; bit < 8; bit++) {
      crc = crc >= top ? ((crc * 2) ^ poly) & mask : (crc * 2) & mask;
      crc >>>= 0;
    }
    t[i] = crc >>> 0;
  }
  return t;
}

const CRC8 = table(8, 0x07);
const CRC16 = table(16, 0x8005);
const CRC32 = table(32, 0x04c11db7);

/** FLAC frame-header CRC-8: polynomial x^8+x^2+x+1, initial 0. */
export function crc8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = CRC8[crc ^ bytes[i]];
  return crc;
}

/** FLAC frame-footer CRC-16: polynomial x^16+x^15+x^2+1, initial 0. */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ CRC16[(crc >> 8) ^ bytes[i]];
  return crc;
}

/** Ogg page CRC-32: polynomial 0x04C11DB7, initial 0, not reflected, no final xor. */
export function crc32Ogg(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) {
    crc = ((crc << 8) ^ CRC32[((crc >>> 24) ^ bytes[i]) & 0xff]) >>> 0;
  }
  return crc;
}
