/**
 * Reads a multipart/form-data body as it arrives: each network chunk is parsed when it comes in
 * (@remix-run/multipart-parser), so a 25 MB upload never holds the loop the way a whole-body
 * `formData` call does (~200 ms for 24 MB). Size limit and deadline as for any body.
 */
import {
  getMultipartBoundary,
  MultipartParseError,
  MultipartParser,
  type MultipartPart,
} from "@remix-run/multipart-parser";
import type { ApiError } from "./api_error.ts";
import { readBodyChunks } from "./body.ts";

export interface FormFile {
  filename: string;
  type: string;
  bytes: Uint8Array;
}

/** A part with a filename is a file, as in the Fetch standard's FormData; any other is text. */
export type FormValue = string | FormFile;

export class MultipartForm {
  constructor(readonly entries: readonly (readonly [string, FormValue])[]) {}

  /** The first value of `name`, or null. */
  get(name: string): FormValue | null {
    return this.entries.find(([key]) => key === name)?.[1] ?? null;
  }
}

/**
 * The parts of the body. A body that is not valid multipart, or that the boundary in
 * `contentType` does not split, is refused with `malformed()`.
 */
export async function readMultipartForm(
  request: Request,
  contentType: string,
  maxBytes: number,
  malformed: () => ApiError,
): Promise<MultipartForm> {
  const boundary = getMultipartBoundary(contentType);
  if (!boundary) throw malformed();
  // The body limit is the real bound; the parser's own per-part limits are set out of its way.
  const parser = new MultipartParser(boundary, {
    maxFileSize: maxBytes,
    maxTotalSize: maxBytes,
    maxParts: 1000,
  });
  const entries: [string, FormValue][] = [];
  const take = (part: MultipartPart) => {
    const name = part.name;
    if (name === undefined) return;
    const filename = part.filename;
    entries.push([
      name,
      filename === undefined
        ? part.text
        : { filename, type: part.mediaType ?? "", bytes: part.bytes },
    ]);
  };
  try {
    await readBodyChunks(request, maxBytes, (chunk) => {
      for (const part of parser.write(chunk)) take(part);
    });
    parser.finish();
  } catch (err) {
    if (err instanceof MultipartParseError) throw malformed();
    throw err;
  }
  return new MultipartForm(entries);
}
