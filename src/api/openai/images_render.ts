/** Response bodies of /v1/images/generations, and the public origin that image URLs use. */
import {
  gptImageOutputTokens,
  parseSize,
  resolveGptQuality,
} from "../../modalities/images/image_models.ts";
import { tokenizerFor } from "../../engine/tokenizer.ts";
import type { ImageJob } from "./images_checks.ts";

export interface ImageData {
  url?: string;
  b64_json?: string;
  revised_prompt?: string;
}

export interface ImagesResponseBody {
  created: number;
  data: ImageData[];
  background?: "transparent" | "opaque";
  output_format?: "png";
  quality?: "low" | "medium" | "high";
  size?: string;
  usage?: {
    input_tokens: number;
    input_tokens_details: { text_tokens: number; image_tokens: number };
    output_tokens: number;
    total_tokens: number;
  };
}

/** dall-e models answer {created, data}; GPT image models add what they used, and usage. */
export function imagesResponseBody(
  job: ImageJob,
  createdSeconds: number,
  data: ImageData[],
): ImagesResponseBody {
  if (job.family !== "gpt-image") return { created: createdSeconds, data };
  const quality = resolveGptQuality(job.quality ?? "auto");
  const size = job.size === "auto" ? "1024x1024" : job.size;
  const inputTokens = tokenizerFor(job.model).count(job.prompt);
  const outputTokens = job.n * gptImageOutputTokens(quality, parseSize(size));
  return {
    created: createdSeconds,
    background: job.transparent ? "transparent" : "opaque",
    data,
    output_format: "png",
    quality,
    size,
    usage: {
      input_tokens: inputTokens,
      input_tokens_details: { text_tokens: inputTokens, image_tokens: 0 },
      output_tokens: outputTokens,
      total_tokens: inputTokens + outputTokens,
    },
  };
}

export function toBase64(bytes: Uint8Array): string {
  const CHUNK = 0x8000;
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

const HOST = /^[A-Za-z0-9.\-_~]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * scheme://host the client reached us at: X-Forwarded-Proto / X-Forwarded-Host (first hop) when
 * a proxy sets them and they are well-formed, else the request URL's own origin.
 */
export function publicOrigin(request: Request): string {
  const url = new URL(request.url);
  const first = (name: string) => request.headers.get(name)?.split(",")[0].trim() || undefined;
  const proto = first("x-forwarded-proto")?.toLowerCase();
  const host = first("x-forwarded-host");
  const scheme = proto === "http" || proto === "https" ? proto : url.protocol.slice(0, -1);
  return `${scheme}://${host && HOST.test(host) ? host : url.host}`;
}
