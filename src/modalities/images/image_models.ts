/**
 * What each image model accepts, as the OpenAI API documents it: prompt length, sizes,
 * qualities, styles, and the per-image output tokens GPT image models bill.
 */

/** dall-e-2 and dall-e-3 as OpenAI serves them; "gpt-image" for gpt-image-* / chatgpt-image-*;
 * "other" for any other id (lenient: the union of what the OpenAI models accept). */
export type ImageFamily = "dall-e-2" | "dall-e-3" | "gpt-image" | "other";

export function imageFamily(model: string): ImageFamily {
  if (model === "dall-e-2") return "dall-e-2";
  if (model === "dall-e-3") return "dall-e-3";
  if (/^(gpt-image|chatgpt-image)/.test(model)) return "gpt-image";
  return "other";
}

export interface ImageModelRules {
  maxPromptChars: number;
  maxN: number;
  sizes: readonly string[];
  /** Size when the request names none ("auto" resolves to 1024x1024). */
  defaultSize: string;
  /** Empty: the parameter is unknown to this model (400 unknown_parameter). */
  qualities: readonly string[];
  styles: readonly string[];
  responseFormats: readonly string[];
  /** Parameters only GPT image models take. */
  gptImageParams: boolean;
}

/** Every size the dall-e models know; OpenAI's jsonschema message lists these. */
export const DALL_E_SIZES = ["256x256", "512x512", "1024x1024", "1024x1792", "1792x1024"] as const;
const GPT_IMAGE_SIZES = ["1024x1024", "1024x1536", "1536x1024", "auto"] as const;
const GPT_IMAGE_QUALITIES = ["low", "medium", "high", "auto"] as const;
const DALL_E_3_QUALITIES = ["standard", "hd"] as const;
const STYLES = ["vivid", "natural"] as const;
const RESPONSE_FORMATS = ["url", "b64_json"] as const;

const RULES: Record<ImageFamily, ImageModelRules> = {
  "dall-e-2": {
    maxPromptChars: 1000,
    maxN: 10,
    sizes: ["256x256", "512x512", "1024x1024"],
    defaultSize: "1024x1024",
    qualities: [],
    styles: [],
    responseFormats: RESPONSE_FORMATS,
    gptImageParams: false,
  },
  "dall-e-3": {
    maxPromptChars: 4000,
    maxN: 1,
    sizes: ["1024x1024", "1792x1024", "1024x1792"],
    defaultSize: "1024x1024",
    qualities: DALL_E_3_QUALITIES,
    styles: STYLES,
    responseFormats: RESPONSE_FORMATS,
    gptImageParams: false,
  },
  "gpt-image": {
    maxPromptChars: 32000,
    maxN: 10,
    sizes: GPT_IMAGE_SIZES,
    defaultSize: "auto",
    qualities: GPT_IMAGE_QUALITIES,
    styles: [],
    responseFormats: [],
    gptImageParams: true,
  },
  other: {
    maxPromptChars: 32000,
    maxN: 10,
    sizes: [...new Set([...DALL_E_SIZES, ...GPT_IMAGE_SIZES])],
    defaultSize: "1024x1024",
    qualities: [...DALL_E_3_QUALITIES, ...GPT_IMAGE_QUALITIES],
    styles: STYLES,
    responseFormats: RESPONSE_FORMATS,
    gptImageParams: true,
  },
};

export function imageModelRules(family: ImageFamily): ImageModelRules {
  return RULES[family];
}

export interface Dimensions {
  width: number;
  height: number;
}

/** "1792x1024" → {1792, 1024}; "auto" → 1024x1024. */
export function parseSize(size: string): Dimensions {
  if (size === "auto") return { width: 1024, height: 1024 };
  const [w, h] = size.split("x").map(Number);
  return { width: w, height: h };
}

/** GPT image quality as reported and billed: "auto" picks the best, "high". */
export function resolveGptQuality(quality: string): "low" | "medium" | "high" {
  return quality === "low" || quality === "medium" ? quality : "high";
}

/** Output tokens per image for gpt-image-1: square, portrait (1024x1536), landscape (1536x1024). */
const GPT_IMAGE_TOKENS: Record<"low" | "medium" | "high", [number, number, number]> = {
  low: [272, 408, 400],
  medium: [1056, 1584, 1568],
  high: [4160, 6240, 6208],
};

export function gptImageOutputTokens(quality: "low" | "medium" | "high", size: Dimensions): number {
  const [square, portrait, landscape] = GPT_IMAGE_TOKENS[quality];
  if (size.width === size.height) return square;
  return size.height > size.width ? portrait : landscape;
}
