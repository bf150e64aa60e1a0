/**
 * Deterministic placeholder artwork: a vertical two-colour gradient with a few filled circles
 * and rectangles, every colour and position drawn from a PRNG seeded by the caller. Rows are
 * mostly runs of one colour, so they render fast and deflate well. Output is PNG scanlines.
 */
import { createPrng, type Prng } from "../../util/prng.ts";
import { rowStride, type Scanlines } from "../../codecs/png.ts";

export interface PatternOptions {
  width: number;
  height: number;
  seed: number;
  /** RGBA with a fully transparent background (shapes stay opaque). */
  transparent?: boolean;
}

type Rgba = [number, number, number, number];

interface Shape {
  kind: "circle" | "rect";
  colour: Rgba;
  cx: number;
  cy: number;
  /** Radius (circle) or half-width (rect), px. */
  rx: number;
  /** Half-height (rect), px. */
  ry: number;
}

export function renderPattern(options: PatternOptions): Scanlines {
  const painter = patternPainter(options);
  painter.paintRows(0, options.height);
  return painter.scanlines;
}

/** The pattern's scanlines, painted a band of rows at a time (so a caller can yield between). */
export function patternPainter(options: PatternOptions): {
  scanlines: Scanlines;
  paintRows(from: number, to: number): void;
} {
  const { width, height, seed } = options;
  const channels = options.transparent ? 4 : 3;
  const prng = createPrng(seed);
  const hue = prng.next();
  const top = hsl(hue, 0.55, 0.72);
  const bottom = hsl(hue + prng.range(0.12, 0.4), 0.6, 0.32);
  const shapes = makeShapes(prng, width, height, hue);

  const stride = rowStride(width, channels);
  const data = new Uint8Array(stride * height);
  const pixel = new Uint8Array(channels);
  const paintRows = (from: number, to: number) => {
    for (let y = from; y < Math.min(to, height); y++) {
      const row = y * stride;
      data[row] = 0; // filter type None
      const t = height === 1 ? 0 : y / (height - 1);
      for (let c = 0; c < 3; c++) pixel[c] = Math.round(top[c] + (bottom[c] - top[c]) * t);
      if (channels === 4) pixel[3] = 0;
      fillSpan(data, row + 1, 0, width, pixel);
      for (const shape of shapes) drawRow(data, row + 1, y, width, shape, pixel);
    }
  };
  return { scanlines: { width, height, channels, data }, paintRows };
}

function makeShapes(prng: Prng, width: number, height: number, hue: number): Shape[] {
  const count = 3 + prng.int(4);
  const minSide = Math.min(width, height);
  const shapes: Shape[] = [];
  for (let i = 0; i < count; i++) {
    const kind = prng.chance(0.5) ? "circle" : "rect";
    const colour = hsl(hue + prng.range(0.3, 0.7), prng.range(0.5, 0.85), prng.range(0.4, 0.65));
    shapes.push({
      kind,
      colour,
      cx: prng.range(0.1, 0.9) * width,
      cy: prng.range(0.1, 0.9) * height,
      rx: prng.range(0.06, 0.25) * (kind === "circle" ? minSide : width),
      ry: prng.range(0.06, 0.25) * height,
    });
  }
  return shapes;
}

/** Paints the part of `shape` that covers pixel row y (pixel centres at +0.5). */
function drawRow(
  data: Uint8Array,
  rowStart: number,
  y: number,
  width: number,
  shape: Shape,
  scratch: Uint8Array,
): void {
  const dy = y + 0.5 - shape.cy;
  let halfSpan: number;
  if (shape.kind === "circle") {
    if (Math.abs(dy) > shape.rx) return;
    halfSpan = Math.sqrt(shape.rx * shape.rx - dy * dy);
  } else {
    if (Math.abs(dy) > shape.ry) return;
    halfSpan = shape.rx;
  }
  const x0 = Math.max(0, Math.ceil(shape.cx - halfSpan - 0.5));
  const x1 = Math.min(width, Math.floor(shape.cx + halfSpan - 0.5) + 1);
  if (x1 <= x0) return;
  for (let c = 0; c < scratch.length; c++) scratch[c] = shape.colour[c];
  fillSpan(data, rowStart, x0, x1, scratch);
}

/** Writes `pixel` to pixels [x0, x1) of a row by doubling copies (fast for long runs). */
function fillSpan(data: Uint8Array, rowStart: number, x0: number, x1: number, pixel: Uint8Array) {
  const size = pixel.length;
  const start = rowStart + x0 * size;
  const end = rowStart + x1 * size;
  data.set(pixel, start);
  let filled = size;
  while (start + filled < end) {
    const n = Math.min(filled, end - start - filled);
    data.copyWithin(start + filled, start, start + n);
    filled += n;
  }
}

/** HSL (h wraps, s and l in [0, 1]) → opaque RGBA bytes. */
export function hsl(h: number, s: number, l: number): Rgba {
  const hue = ((h % 1) + 1) % 1;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + hue * 12) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4), 255];
}
