/**
 * Anthropic's image and document blocks in a prompt's token count (the Messages API maps them to
 * chat parts of type "image" and "document", source kept as sent).
 *
 * Images follow Anthropic's vision pricing: an image whose long edge passes 1568 px, or whose area
 * passes 1,600 tokens' worth, is first scaled down (aspect kept), then costs ⌈width × height / 750⌉.
 * The size is read from the header bytes of base64 PNG, JPEG, GIF and WebP data; images that are
 * not read (URL or file sources, unknown formats) count as 1024×1024 (1,399 tokens), as remote
 * images do on the OpenAI routes. Documents: plain text counts as its text, content sources as
 * their text and images, a base64 PDF as one token per 4 bytes (the OpenAI file estimate), a URL or
 * file source a flat 256; a title and context count as text.
 */
import { base64ByteLength, type ImageSize, imageSizeFromBase64 } from "../codecs/image_probe.ts";
import { DEFAULT_IMAGE_SIZE, FILE_REFERENCE_TOKENS, fileBytesTokens } from "./media_estimates.ts";
import type { Tokenizer } from "./tokenizer.ts";
import { isObj, type Obj, str } from "../util/json_shapes.ts";

const PIXELS_PER_TOKEN = 750;
const MAX_LONG_EDGE = 1568;
const MAX_IMAGE_TOKENS = 1600;

/** Tokens of an image of this size, after Anthropic's downscaling. */
export function anthropicImageSizeTokens(size: ImageSize): number {
  const { width, height } = size;
  const scale = Math.min(
    1,
    MAX_LONG_EDGE / Math.max(width, height),
    Math.sqrt((MAX_IMAGE_TOKENS * PIXELS_PER_TOKEN) / (width * height)),
  );
  const w = Math.max(1, Math.floor(width * scale));
  const h = Math.max(1, Math.floor(height * scale));
  return Math.ceil((w * h) / PIXELS_PER_TOKEN);
}

/** The size of a base64 image source (header bytes only), or undefined when it cannot be read. */
export function base64ImageSize(source: unknown): ImageSize | undefined {
  if (!isObj(source) || source.type !== "base64") return undefined;
  const data = str(source.data);
  return data === undefined ? undefined : imageSizeFromBase64(data);
}

/** Tokens of an image block's source. */
export function anthropicImageTokens(source: unknown): number {
  return anthropicImageSizeTokens(base64ImageSize(source) ?? DEFAULT_IMAGE_SIZE);
}

/** Tokens of a document block (its source, title and context). */
export function anthropicDocumentTokens(tok: Tokenizer, document: Obj): number {
  let total = 0;
  for (const text of [document.title, document.context]) {
    if (typeof text === "string") total += tok.count(text);
  }
  const source = document.source;
  if (!isObj(source)) return total;
  switch (source.type) {
    case "text":
      return total + tok.count(str(source.data) ?? "");
    case "content":
      return total + contentSourceTokens(tok, source.content);
    case "base64":
      return total + fileBytesTokens(base64ByteLength(str(source.data) ?? ""));
    default:
      return total + FILE_REFERENCE_TOKENS;
  }
}

function contentSourceTokens(tok: Tokenizer, content: unknown): number {
  if (typeof content === "string") return tok.count(content);
  if (!Array.isArray(content)) return 0;
  let total = 0;
  for (const block of content) {
    if (!isObj(block)) continue;
    if (block.type === "image") total += anthropicImageTokens(block.source);
    else total += tok.count(str(block.text) ?? "");
  }
  return total;
}

/** The texts a document block's count tokenizes (so long ones can be tokenized ahead, in slices). */
export function anthropicDocumentTexts(document: Obj): string[] {
  const out: string[] = [];
  const add = (v: unknown) => typeof v === "string" && out.push(v);
  add(document.title);
  add(document.context);
  const source = isObj(document.source) ? document.source : {};
  if (source.type === "text") add(source.data);
  if (source.type === "content") {
    if (Array.isArray(source.content)) {
      for (const block of source.content) if (isObj(block)) add(block.text);
    } else add(source.content);
  }
  return out;
}
