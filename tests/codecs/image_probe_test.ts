import assert from "node:assert/strict";
import {
  base64ByteLength,
  decodeBase64,
  imageSizeFromBase64,
  imageSizeFromBytes,
  imageSizeFromDataUrl,
  parseDataUrl,
} from "../../src/codecs/image_probe.ts";

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(
    parts.flatMap((p) => typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p),
  );
const be32 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const le16 = (n: number) => [n & 255, n >>> 8];
const le24 = (n: number) => [n & 255, (n >>> 8) & 255, n >>> 16];
const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));

export function pngHeader(width: number, height: number): Uint8Array {
  return bytes([0x89], "PNG\r\n\x1a\n", be32(13), "IHDR", be32(width), be32(height), [
    8,
    6,
    0,
    0,
    0,
  ]);
}

Deno.test("PNG, GIF, JPEG and WebP headers", () => {
  assert.deepEqual(imageSizeFromBytes(pngHeader(640, 480)), { width: 640, height: 480 });
  assert.deepEqual(imageSizeFromBytes(bytes("GIF89a", le16(300), le16(200), [0, 0, 0])), {
    width: 300,
    height: 200,
  });
  const app0 = [0xff, 0xe0, 0, 16, ...bytes("JFIF\0"), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const dht = [0xff, 0xc4, 0, 4, 0, 0]; // C4 is not a frame header and must be skipped
  const sof2 = [0xff, 0xc2, 0, 11, 8, 0x02, 0x58, 0x04, 0xb0, 1, 1, 0x11, 0]; // 600 x 1200
  const jpeg = bytes([0xff, 0xd8], app0, [0xff, 0xff], dht, sof2, [0xff, 0xd9]);
  assert.deepEqual(imageSizeFromBytes(jpeg), { width: 1200, height: 600 });
  const vp8x = bytes(
    "RIFF",
    [0, 0, 0, 0],
    "WEBPVP8X",
    [10, 0, 0, 0, 0, 0, 0, 0],
    le24(1919),
    le24(1079),
  );
  assert.deepEqual(imageSizeFromBytes(vp8x), { width: 1920, height: 1080 });
  const bits = (799) | (599 << 14);
  const vp8l = bytes("RIFF", [0, 0, 0, 0], "WEBPVP8L", [0, 0, 0, 0, 0x2f], [
    bits & 255,
    (bits >>> 8) & 255,
    (bits >>> 16) & 255,
    bits >>> 24,
  ]);
  assert.deepEqual(imageSizeFromBytes(vp8l), { width: 800, height: 600 });
  const vp8 = bytes(
    "RIFF",
    [0, 0, 0, 0],
    "WEBPVP8 ",
    [0, 0, 0, 0, 0, 0, 0],
    [0x9d, 1, 0x2a],
    le16(320),
    le16(240),
  );
  assert.deepEqual(imageSizeFromBytes(vp8), { width: 320, height: 240 });
  assert.equal(imageSizeFromBytes(bytes("not an image at all, really")), undefined);
  assert.equal(imageSizeFromBytes(new Uint8Array()), undefined);
});

Deno.test("data URLs", () => {
  const url = `data:image/png;base64,${b64(pngHeader(2048, 4096))}`;
  assert.deepEqual(imageSizeFromDataUrl(url), { width: 2048, height: 4096 });
  assert.equal(imageSizeFromDataUrl("https://example.com/cat.png"), undefined);
  assert.equal(imageSizeFromDataUrl("data:image/png;base64,!!!not base64!!!"), undefined);
  assert.deepEqual(parseDataUrl("data:text/plain,hi%20there"), {
    mimeType: "text/plain",
    base64: false,
    data: "hi%20there",
  });
  assert.equal(parseDataUrl("data:nocomma"), undefined);
  assert.equal(base64ByteLength(btoa("hello")), 5);
  assert.deepEqual(decodeBase64(btoa("hello world"), 5)?.slice(0, 5), bytes("hello"));
  assert.deepEqual(decodeBase64("aGVsbG8_-w"), bytes("hello", [0x3f, 0xfb]));
});

Deno.test("base64 images: a PNG needs its first bytes only, a JPEG's frame header is found further on", () => {
  const png = bytes([...pngHeader(640, 480)], new Array(1000).fill(7)); // then data no size needs
  assert.deepEqual(imageSizeFromBase64(b64(png)), { width: 640, height: 480 });
  // An EXIF segment of 60 kB before the frame header: found in the second step.
  const exif = [0xff, 0xe1, 0xea, 0x60, ...new Array(0xea60 - 2).fill(0)];
  const sof0 = [
    0xff,
    0xc0,
    0,
    17,
    8,
    0x03,
    0x20,
    0x04,
    0xb0,
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ];
  const jpeg = bytes([0xff, 0xd8], exif, sof0, [0xff, 0xd9]);
  assert.deepEqual(imageSizeFromBase64(b64(jpeg)), { width: 1200, height: 800 });
  assert.equal(imageSizeFromBase64(b64(bytes([0xff, 0xd8], exif))), undefined);
  assert.equal(imageSizeFromBase64("!!!"), undefined);
});
