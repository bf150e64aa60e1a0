/** Image dimensions from the header bytes of PNG, JPEG, GIF and WebP, and data-URL helpers. */

export interface ImageSize {
  width: number;
  height: number;
}

export interface DataUrl {
  mimeType: string;
  base64: boolean;
  /** Everything after the first comma, still encoded. */
  data: string;
}

export function parseDataUrl(url: string): DataUrl | undefined {
  if (!url.startsWith("data:")) return undefined;
  const comma = url.indexOf(",");
  if (comma < 0) return undefined;
  const params = url.slice(5, comma).split(";");
  return {
    mimeType: (params[0] || "text/plain").trim().toLowerCase(),
    base64: params.slice(1).some((p) => p.trim().toLowerCase() === "base64"),
    data: url.slice(comma + 1),
  };
}

function normaliseBase64(b64: string): string {
  return b64.replace(/[\s=]/g, "").replace(/-/g, "+").replace(/_/g, "/");
}

/** Byte length of base64 data without decoding it. */
export function base64ByteLength(b64: string): number {
  return Math.floor((normaliseBase64(b64).length * 3) / 4);
}

/** Decodes base64 (standard or URL-safe), or only its first `maxBytes` bytes; undefined if invalid. */
export function decodeBase64(b64: string, maxBytes = Infinity): Uint8Array | undefined {
  const rawLimit = Math.ceil(maxBytes / 3) * 4;
  let clean = normaliseBase64(b64.length > rawLimit + 1024 ? b64.slice(0, rawLimit + 1024) : b64);
  if (clean.length > rawLimit) clean = clean.slice(0, rawLimit);
  if (clean.length % 4 === 1) clean = clean.slice(0, -1);
  try {
    const binary = atob(clean);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u24le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const u32be = (b: Uint8Array, i: number) => (u16be(b, i) * 65536) + u16be(b, i + 2);
const u32le = (b: Uint8Array, i: number) => u16le(b, i) + u16le(b, i + 2) * 65536;
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

function jpegSize(b: Uint8Array): ImageSize | undefined {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if ((marker >= 0xd0 && marker <= 0xd9) || marker === 0x01) {
      i += 2; // markers without a length field
      continue;
    }
    // SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) are not frames.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16be(b, i + 5), width: u16be(b, i + 7) };
    }
    i += 2 + u16be(b, i + 2);
  }
  return undefined;
}

function webpSize(b: Uint8Array): ImageSize | undefined {
  const chunk = ascii(b, 12, 4);
  if (chunk === "VP8 " && b.length >= 30) {
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  if (chunk === "VP8L" && b.length >= 25 && b[20] === 0x2f) {
    const bits = u32le(b, 21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8X" && b.length >= 30) {
    return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  }
  return undefined;
}

/** Width and height from the first bytes of a PNG, JPEG, GIF or WebP file. */
export function imageSizeFromBytes(b: Uint8Array): ImageSize | undefined {
  let size: ImageSize | undefined;
  if (b.length >= 24 && b[0] === 0x89 && ascii(b, 1, 3) === "PNG") {
    size = { width: u32be(b, 16), height: u32be(b, 20) };
  } else if (b.length >= 10 && ascii(b, 0, 4) === "GIF8") {
    size = { width: u16le(b, 6), height: u16le(b, 8) };
  } else if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    size = jpegSize(b);
  } else if (b.length >= 16 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "WEBP") {
    size = webpSize(b);
  }
  return size && size.width > 0 && size.height > 0 ? size : undefined;
}

// PNG, GIF and WebP say their size in the first 30 bytes; JPEG puts its frame header after any
// EXIF/ICC segments, which are rarely above 256 KiB: more is decoded only while a JPEG needs it.
const HEADER_STEPS = [64, 16 * 1024, 256 * 1024];

/** Dimensions of base64 image data, decoding only the header bytes its format needs. */
export function imageSizeFromBase64(b64: string): ImageSize | undefined {
  for (const bytes of HEADER_STEPS) {
    const header = decodeBase64(b64, bytes);
    if (!header) return undefined;
    const size = imageSizeFromBytes(header);
    const jpeg = header.length >= 2 && header[0] === 0xff && header[1] === 0xd8;
    if (size || !jpeg || header.length < bytes) return size;
  }
  return undefined;
}

/** Dimensions of a base64 `data:` URL image; undefined for remote URLs or unknown formats. */
export function imageSizeFromDataUrl(url: string): ImageSize | undefined {
  const parsed = parseDataUrl(url);
  return parsed?.base64 ? imageSizeFromBase64(parsed.data) : undefined;
}
