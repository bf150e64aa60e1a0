/**
 * What a prompt's media count when their content cannot be read cheaply — shared by the OpenAI
 * and Anthropic counts, so one kind of input costs the same on every route.
 */
import type { ImageSize } from "../codecs/image_probe.ts";

/** Images that are not fetched or not readable (remote URLs, unknown formats): 1024×1024. */
export const DEFAULT_IMAGE_SIZE: ImageSize = { width: 1024, height: 1024 };
/** A non-text file (a PDF, ...) is estimated at one token per 4 bytes. */
const FILE_BYTES_PER_TOKEN = 4;
/** A file named only by id or URL (not fetched) counts a flat 256. */
export const FILE_REFERENCE_TOKENS = 256;

export function fileBytesTokens(bytes: number): number {
  return Math.ceil(bytes / FILE_BYTES_PER_TOKEN);
}
