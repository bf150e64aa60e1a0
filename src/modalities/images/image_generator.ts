/**
 * Image generation, simulated: each image is a deterministic PNG pattern seeded by
 * (server or request seed, prompt, index), so the same request yields the same bytes. With
 * full-size images off, every image is 1×1 (same seed, same colour logic), which is far cheaper.
 */
import { createPrng, deriveSeed } from "../../util/prng.ts";
import type { Dimensions } from "./image_models.ts";
import { patternPainter } from "./image_pattern.ts";
import { timeSlicer } from "../../util/cooperative.ts";
import { encodePng } from "../../codecs/png.ts";

export interface ImageRequestSpec {
  prompt: string;
  n: number;
  dimensions: Dimensions;
  transparent: boolean;
}

export function imageSeed(seed: number, prompt: string, index: number): number {
  return deriveSeed(seed, "image", prompt, index);
}

/** Rows painted between two chances to yield. */
const ROW_BAND = 64;

/**
 * One PNG per requested image, in order. Painting and compressing go a band at a time through
 * a time slicer, so a batch of full-size images never holds the event loop; it stops once
 * `signal` aborts.
 */
export async function generatePngs(
  spec: ImageRequestSpec,
  seed: number,
  fullSize: boolean,
  signal?: AbortSignal,
): Promise<Uint8Array[]> {
  const { width, height } = fullSize ? spec.dimensions : { width: 1, height: 1 };
  const pause = timeSlicer(signal);
  const out: Uint8Array[] = [];
  for (let i = 0; i < spec.n; i++) {
    const painter = patternPainter({
      width,
      height,
      seed: imageSeed(seed, spec.prompt, i),
      transparent: spec.transparent,
    });
    for (let y = 0; y < height; y += ROW_BAND) {
      painter.paintRows(y, y + ROW_BAND);
      await pause();
    }
    out.push(await encodePng(painter.scanlines, pause));
  }
  return out;
}

const OPENERS = ["A detailed", "A vibrant", "A striking", "An atmospheric", "A carefully composed"];
const MEDIA = ["digital illustration", "photograph", "painting", "3D render", "watercolour"];
const VIVID = [
  "bold saturated colours",
  "dramatic lighting",
  "high contrast",
  "glowing highlights",
];
const NATURAL = [
  "soft natural light",
  "muted earthy tones",
  "realistic textures",
  "gentle shadows",
];
const FRAMING = ["a balanced composition", "a wide field of view", "a shallow depth of field"];

/** dall-e-3 rewrites prompts before drawing; this imitates that, deterministically. */
export function revisedPrompt(prompt: string, style: string | null, seed: number): string {
  const prng = createPrng(deriveSeed(seed, "revised-prompt", prompt));
  const subject = prompt.trim().replace(/[.!?\s]+$/, "");
  const mood = style === "natural" ? NATURAL : VIVID;
  const lower = subject.charAt(0).toLowerCase() + subject.slice(1);
  return `${prng.pick(OPENERS)} ${prng.pick(MEDIA)} of ${lower}, with ${prng.pick(mood)} ` +
    `and ${prng.pick(FRAMING)}.`;
}
