/** The /v1/images/generations request body: types only; per-model rules are in images_checks.ts. */
import { z } from "zod";

export const imagesRequestSchema = z.object({
  prompt: z.string(),
  model: z.string().min(1).nullish(),
  n: z.number().int().min(1).max(10).nullish(),
  size: z.string().nullish(),
  quality: z.string().nullish(),
  style: z.string().nullish(),
  response_format: z.string().nullish(),
  user: z.string().nullish(),
  safety_identifier: z.string().nullish(),
  background: z.string().nullish(),
  moderation: z.string().nullish(),
  output_format: z.string().nullish(),
  output_compression: z.number().int().min(0).max(100).nullish(),
  partial_images: z.number().int().min(0).max(3).nullish(),
  stream: z.boolean().nullish(),
});

export type ImagesRequest = z.infer<typeof imagesRequestSchema>;

/** Parameters only GPT image models accept; naming one without a model selects gpt-image-1. */
export const GPT_IMAGE_ONLY_PARAMS = [
  "background",
  "moderation",
  "output_format",
  "output_compression",
  "partial_images",
  "stream",
] as const;
