/** Durations read from container metadata: FLAC STREAMINFO, Ogg granules, MP4 mvhd, WebM Info. */

export function flacSeconds(b: Uint8Array): number | null {
  // "fLaC", then the STREAMINFO block header (4 bytes) and body: rate at bit 80, total at bit 108.
  if (b.length < 42 || ascii(b, 0, 4) !== "fLaC" || (b[4] & 0x7f) !== 0) return null;
  const rate = (b[18] << 12) | (b[19] << 4) | (b[20] >> 4);
  const total = (b[21] & 0x0f) * 2 ** 32 + view(b).getUint32(22);
  return rate > 0 && total > 0 ? total / rate : null;
}

/** Last page's granule position over the codec's rate (Opus: 48 kHz less pre-skip; Vorbis). */
export function oggSeconds(b: Uint8Array): number | null {
  if (b.length < 28 || ascii(b, 0, 4) !== "OggS") return null;
  const body = 27 + b[26];
  let rate = 0;
  let preSkip = 0;
  if (ascii(b, body, 8) === "OpusHead") {
    rate = 48_000;
    preSkip = view(b).getUint16(body + 10, true);
  } else if (ascii(b, body + 1, 6) === "vorbis") {
    rate = view(b).getUint32(body + 12, true);
  }
  if (rate === 0) return null;
  for (let i = b.length - 27; i >= 0; i--) {
    if (b[i] !== 0x4f || ascii(b, i, 4) !== "OggS") continue;
    const v = view(b);
    const granule = v.getUint32(i + 6, true) + v.getUint32(i + 10, true) * 2 ** 32;
    if (granule === 2 ** 64 - 1) continue; // -1: no packet ends on this page
    return Math.max(0, granule - preSkip) / rate;
  }
  return null;
}

/** MP4/M4A/MOV: the movie header's duration over its timescale. */
export function mp4Seconds(b: Uint8Array): number | null {
  if (b.length < 12 || ascii(b, 4, 4) !== "ftyp") return null;
  const at = indexOf(b, "mvhd");
  if (at < 0 || at + 32 > b.length) return null;
  const v = view(b);
  const version = b[at + 4];
  const base = at + 8 + (version === 1 ? 16 : 8);
  const timescale = v.getUint32(base);
  const duration = version === 1
    ? v.getUint32(base + 4) * 2 ** 32 + v.getUint32(base + 8)
    : v.getUint32(base + 4);
  return timescale > 0 && duration > 0 ? duration / timescale : null;
}

/** WebM/Matroska: Segment Info's Duration (float, in TimecodeScale units, default 1 ms). */
export function webmSeconds(b: Uint8Array): number | null {
  if (b.length < 4 || view(b).getUint32(0) !== 0x1a45dfa3) return null;
  let scale = 1_000_000;
  const scaleAt = indexOfBytes(b, [0x2a, 0xd7, 0xb1]);
  if (scaleAt >= 0 && (b[scaleAt + 3] & 0xf0) === 0x80) {
    const n = b[scaleAt + 3] & 0x0f;
    scale = 0;
    for (let i = 0; i < n; i++) scale = scale * 256 + b[scaleAt + 4 + i];
  }
  const at = indexOfBytes(b, [0x44, 0x89]);
  if (at < 0 || at + 11 > b.length) return null;
  const size = b[at + 2];
  const v = view(b);
  const value = size === 0x84 ? v.getFloat32(at + 3) : size === 0x88 ? v.getFloat64(at + 3) : 0;
  return value > 0 && Number.isFinite(value) ? (value * scale) / 1e9 : null;
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function ascii(b: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...b.subarray(offset, offset + length));
}

function indexOf(b: Uint8Array, text: string): number {
  return indexOfBytes(b, Array.from(text, (c) => c.charCodeAt(0)));
}

function indexOfBytes(b: Uint8Array, needle: number[], limit = 4 * 1024 * 1024): number {
  const end = Math.min(b.length, limit) - needle.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (b[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
