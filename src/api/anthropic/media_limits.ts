/**
 * Budget before work for a Messages request's images, with the real API's 400s: a base64 image
 * may hold at most 5 MB (its size is read from the base64 length, nothing decoded) and at most
 * 8000 px a side (2000 px when a request has more than 20 images), read from its header bytes.
 */
import { base64ByteLength } from "../../codecs/image_probe.ts";
import { base64ImageSize } from "../../engine/anthropic_media_tokens.ts";
import { errors } from "../../server/errors.ts";
import type { ContentBlock, CountTokensRequest } from "./messages_schema.ts";

const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const MAX_IMAGE_SIDE = 8000;
const MANY_IMAGES = 20;
const MANY_IMAGES_MAX_SIDE = 2000;

type ImageBlock = Extract<ContentBlock, { type: "image" }>;

export function checkImages(req: CountTokensRequest): void {
  const images: Array<{ path: string; block: ImageBlock }> = [];
  req.messages.forEach((message, i) => {
    if (typeof message.content === "string") return;
    message.content.forEach((block, j) => {
      const path = `messages.${i}.content.${j}`;
      if (block.type === "image") images.push({ path, block });
      if (block.type === "tool_result" && Array.isArray(block.content)) {
        block.content.forEach((inner, k) => {
          if (inner.type === "image") images.push({ path: `${path}.content.${k}`, block: inner });
        });
      }
    });
  });
  const maxSide = images.length > MANY_IMAGES ? MANY_IMAGES_MAX_SIDE : MAX_IMAGE_SIDE;
  for (const { path, block } of images) {
    const source = block.source;
    if (source.type !== "base64") continue;
    const bytes = base64ByteLength(source.data);
    if (bytes > MAX_IMAGE_BYTES) {
      throw errors.invalidParam(
        `${path}.image.source.base64`,
        `${path}.image.source.base64: image exceeds 5 MB maximum: ${bytes} bytes > ${MAX_IMAGE_BYTES} bytes`,
      );
    }
    const size = base64ImageSize(source);
    if (size && Math.max(size.width, size.height) > maxSide) {
      const many = maxSide === MAX_IMAGE_SIDE ? "" : " for many-image requests";
      throw errors.invalidParam(
        `${path}.image.source.base64.data`,
        `${path}.image.source.base64.data: At least one of the image dimensions exceed max ` +
          `allowed size${many}: ${maxSide} pixels`,
      );
    }
  }
}
