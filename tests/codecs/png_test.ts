import assert from "node:assert/strict";
import { crc32, encodePng, rowStride, type Scanlines } from "../../src/codecs/png.ts";
import { hsl, renderPattern } from "../../src/modalities/images/image_pattern.ts";
import { generatePngs, revisedPrompt } from "../../src/modalities/images/image_generator.ts";
import { imageSizeFromBytes } from "../../src/codecs/image_probe.ts";
import { inflateIdat, pixelAt, readPng } from "../support/png_reader.ts";

const ascii = (s: string) => new TextEncoder().encode(s);

Deno.test("crc32 matches the standard check value and PNG's IEND CRC", () => {
  assert.equal(crc32(ascii("123456789")), 0xcbf43926);
  assert.equal(crc32(ascii("IEND")), 0xae426082);
  assert.equal(crc32(ascii("1234"), ascii("56789")), 0xcbf43926, "parts chain");
  assert.equal(crc32(), 0);
});

Deno.test("encodePng: chunks, CRCs, dimensions and every pixel survive a round trip", async () => {
  const width = 5;
  const height = 3;
  const data = new Uint8Array(rowStride(width, 3) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data.set([x * 50, y * 100, 7], y * rowStride(width, 3) + 1 + x * 3);
    }
  }
  const png = await encodePng({ width, height, channels: 3, data });
  const info = readPng(png);
  assert.deepEqual(info.chunks.map((c) => c.type), ["IHDR", "IDAT", "IEND"]);
  assert.deepEqual([info.width, info.height, info.bitDepth, info.colourType], [5, 3, 8, 2]);
  assert.deepEqual(
    [...info.chunks[0].data.subarray(10)],
    [0, 0, 0],
    "deflate, adaptive, no interlace",
  );
  const raw = await inflateIdat(info);
  assert.deepEqual(raw, data);
  assert.deepEqual(pixelAt(info, raw, 4, 2), [200, 200, 7]);
  assert.deepEqual(imageSizeFromBytes(png), { width: 5, height: 3 });
});

Deno.test("encodePng: RGBA uses colour type 6; bad buffers are rejected", async () => {
  const rgba: Scanlines = {
    width: 1,
    height: 1,
    channels: 4,
    data: new Uint8Array([0, 1, 2, 3, 4]),
  };
  const info = readPng(await encodePng(rgba));
  assert.equal(info.colourType, 6);
  assert.deepEqual(pixelAt(info, await inflateIdat(info), 0, 0), [1, 2, 3, 4]);
  await assert.rejects(() => encodePng({ ...rgba, data: new Uint8Array(4) }), RangeError);
  await assert.rejects(() => encodePng({ ...rgba, width: 0 }), RangeError);
});

Deno.test("renderPattern: deterministic per seed, gradient background, shapes on top", async () => {
  const a = renderPattern({ width: 64, height: 48, seed: 42 });
  const b = renderPattern({ width: 64, height: 48, seed: 42 });
  const c = renderPattern({ width: 64, height: 48, seed: 43 });
  assert.deepEqual(a.data, b.data);
  assert.notDeepEqual(a.data, c.data);
  assert.equal(a.data.length, 48 * (1 + 64 * 3));
  const info = readPng(await encodePng(a));
  const raw = await inflateIdat(info);
  const colours = new Set<string>();
  for (let y = 0; y < 48; y++) {
    for (let x = 0; x < 64; x++) colours.add(pixelAt(info, raw, x, y).join(","));
  }
  assert.ok(colours.size > 10, "a gradient and shapes, not a flat fill");
});

Deno.test("renderPattern: transparent background is alpha 0, shapes are opaque", () => {
  const img = renderPattern({ width: 32, height: 32, seed: 5, transparent: true });
  assert.equal(img.channels, 4);
  const alphas = new Set<number>();
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) alphas.add(img.data[y * rowStride(32, 4) + 1 + x * 4 + 3]);
  }
  assert.deepEqual([...alphas].sort((p, q) => p - q), [0, 255]);
});

Deno.test("hsl converts primaries", () => {
  assert.deepEqual(hsl(0, 1, 0.5), [255, 0, 0, 255]);
  assert.deepEqual(hsl(1 / 3, 1, 0.5), [0, 255, 0, 255]);
  assert.deepEqual(hsl(-1 / 3, 1, 0.5), [0, 0, 255, 255]);
});

Deno.test("generatePngs: full size or 1x1, distinct per index, same for the same seed", async () => {
  const spec = {
    prompt: "a lighthouse",
    n: 2,
    dimensions: { width: 256, height: 128 },
    transparent: false,
  };
  const [first, second] = await generatePngs(spec, 7, true);
  assert.deepEqual(imageSizeFromBytes(first), { width: 256, height: 128 });
  assert.notDeepEqual(first, second);
  assert.deepEqual((await generatePngs(spec, 7, true))[0], first);
  const tiny = await generatePngs(spec, 7, false);
  assert.deepEqual(imageSizeFromBytes(tiny[0]), { width: 1, height: 1 });
  assert.ok(tiny[0].length < 100);
});

Deno.test("revisedPrompt is deterministic and keeps the subject", () => {
  const text = revisedPrompt("A red fox in snow.", "natural", 1);
  assert.equal(text, revisedPrompt("A red fox in snow.", "natural", 1));
  assert.match(text, /of a red fox in snow, with /);
  assert.ok(text.endsWith("."));
});
